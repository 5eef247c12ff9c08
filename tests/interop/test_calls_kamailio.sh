#!/bin/sh
# Two vgw gateways register their pots numbers with the verified Kamailio
# TLS registrar of shared/labs/kamailio-tls (TLS 1.2, AES128-SHA only,
# client certificate required) over `registrar ipv4:... tcp tls` with
# strict-cipher: `kamcmd ul.dump` holds both contacts with
# transport=tls, `show sip-ua register status` says yes; gw1 calls 9002
# through Kamailio (record-routed, Kamailio opens its own TLS connection
# to gw2's listener) and the call connects and ends with BYE. Then again
# with digest (Kamailio -A WITH_AUTH): a 401, then 200 with
# `authentication username`; a wrong password stays unregistered.
# Loopback only, Kamailio on a kernel-chosen port, every process ended by
# its PID, bounded.
VGW=${VGW:-${BUILD:-build}/vgw}
LAB=${LAB:-tests/interop/kamailio}
for t in kamailio kamcmd certtool openssl; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] ||
	{ echo "SKIP: kamailio-tls-modules missing"; exit 77; }
exec timeout 280 /usr/bin/python3 - "$VGW" "$LAB" <<'EOF'
import os, re, shutil, subprocess, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
lab = os.path.abspath(sys.argv[2])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Pki, Router, stop_all
tmp = tempfile.mkdtemp(prefix="vgw-calls-kam-")
check = Checks()
fails = check.fails
procs = []

pki = Pki(tmp)
pki.ca("ca", "vgw lab CA")
pki.leaf("server", "ca", "sip.test", 2)
pki.leaf("client", "ca", "kamailio-client.test", 3)
pki.leaf("gw1", "ca", "gw1.test", 4)
pki.leaf("gw2", "ca", "gw2.test", 5)
kport = free_port.pair()

cfg = open(os.path.join(lab, "kamailio.cfg")).read()
cfg = cfg.replace("127.0.0.1:45061", "127.0.0.1:%d" % kport)
cfg = cfg.replace('else if ($fU == "9001") { $var(pw) = "cisco123"; }',
                  'else if ($fU == "9001") { $var(pw) = "cisco123"; }\n'
                  '        else if ($fU == "9002") { $var(pw) = "cisco123"; }')
cfg = cfg.replace('"unix:kamailio_ctl"', '"unix:%s/kamailio_ctl"' % tmp)
open(os.path.join(tmp, "kamailio.cfg"), "w").write(cfg)
shutil.copy(os.path.join(lab, "tls.cfg"), tmp)
os.makedirs(os.path.join(tmp, "krun"), exist_ok=True)

def kamailio(auth):
    args = ["kamailio", "-f", "kamailio.cfg", "-DD", "-E", "-m", "64", "-M",
            "8", "-Y", "krun", "-w", "."]
    if auth:
        args += ["-A", "WITH_AUTH"]
    log = open(os.path.join(tmp, "kam%s.log" % ("-auth" if auth else "")),
               "w")
    p = subprocess.Popen(args, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
    procs.append(p)
    end = time.time() + 10
    while time.time() < end:
        if "kamailio_ctl" in os.listdir(tmp):
            break
        time.sleep(0.1)
    time.sleep(0.5)
    return p


def uldump():
    r = subprocess.run(["kamcmd", "-s", "unix:%s/kamailio_ctl" % tmp,
                        "ul.dump"], capture_output=True, text=True,
                       timeout=10)
    return r.stdout

def gateway(name, number, other, leaf=None):
    leaf = leaf or name
    r = Router(vgw, os.path.join(tmp, "nv-" + name),
               ["--answer-delay", "200"], name=name)
    r.send("enable", "configure terminal", "hostname " + name)
    pki.import_identity(r, name + "id", "ca", leaf)
    r.send("sip-ua",
           " crypto signaling default trustpoint %sid strict-cipher" % name,
           " exit",
           "dial-peer voice 1 pots", " destination-pattern " + number,
           " port 0/0/0",
           "dial-peer voice 2 voip", " incoming called-number " + number,
           " session protocol sipv2", " codec g711ulaw",
           "dial-peer voice 5 voip", " destination-pattern " + other,
           " session protocol sipv2",
           " session target ipv4:127.0.0.1:%d" % kport,
           " session transport tcp tls", " codec g711ulaw", " end")
    return r

def register(r, auth=None):
    lines = ["configure terminal", "sip-ua"]
    if auth:
        lines.append(" authentication username %s password %s" % auth)
    lines += [" registrar ipv4:127.0.0.1:%d expires 600 tcp tls" % kport,
              " end"]
    r.send(*lines)

def registered(r, number, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        out = r.show("show sip-ua register status")
        if re.search(r"^%s +1 +\d+ +yes$" % number, out, re.M):
            return True, out
        time.sleep(0.3)
    return False, out

gw1 = gw2 = None
try:
    k = kamailio(False)
    gw1 = gateway("gw1", "9001", "9002")
    gw2 = gateway("gw2", "9002", "9001")
    register(gw1)
    register(gw2)
    ok1, out1 = registered(gw1, "9001")
    ok2, out2 = registered(gw2, "9002")
    check(ok1 and ok2, "both gateways registered (show sip-ua register status)")
    if not (ok1 and ok2):
        print(out1, out2)
    dump = uldump()
    check(re.search(r"sip:9001@127\.0\.0\.1:%d;transport=tls" % gw1.tls_port,
                    dump) is not None and
          re.search(r"sip:9002@127\.0\.0\.1:%d;transport=tls" % gw2.tls_port,
                    dump) is not None,
          "kamcmd ul.dump holds both TLS contacts")
    log = open(os.path.join(tmp, "kam.log")).read()
    check("peer CN=gw1.test" in log and "cipher=AES128-SHA" in log,
          "Kamailio saw gw1's client certificate and AES128-SHA")

    gw1.send("debug ccsip all")
    start = gw1.mark()
    gw1.send("csim start 9002")
    time.sleep(2.0)
    b1 = gw1.show("show call active voice brief")
    b2 = gw2.show("show call active voice brief")
    check("pid:5 Originate 9002 active" in b1 and
          "pid:2 Answer 9001 active" in b2,
          "gw1 calls gw2 through Kamailio: connected on both")
    if fails:
        print(gw1.since(start)[-3000:])
        print(open(os.path.join(tmp, "kam.log")).read()[-3000:])
    gw1.send("clear call voice causecode 16")
    got = gw1.wait_for(start, r"call attempted = 1", 10)
    check("setup failed = 0" in got, "the call ends with BYE")
    time.sleep(1)
    b2 = gw2.show("show call active voice brief")
    check("Total call-legs: 0" in b2, "gw2 saw the BYE through Kamailio")
    log = open(os.path.join(tmp, "kam.log")).read()
    check("in-dialog BYE routed" in log, "BYE followed the record-route")

    # Removing the registrar says goodbye (Expires: 0).
    gw2.send("configure terminal", "sip-ua",
             " no registrar ipv4:127.0.0.1:%d expires 600 tcp tls" % kport,
             " end")
    time.sleep(1.5)
    check("sip:9002@" not in uldump(), "no registrar: gw2's contact removed")
    gw1.stop()
    gw2.stop()
    stop_all([k])

    # Digest: a 401 first, then 200 with the right password.
    k = kamailio(True)
    gw1 = gateway("gw1b", "9001", "9002", "gw1")
    register(gw1, ("9001", "cisco123"))
    ok, out = registered(gw1, "9001")
    check(ok, "with digest: registered after a 401")
    log = open(os.path.join(tmp, "kam-auth.log")).read()
    check("REGISTER challenged/failed for 9001" in log,
          "Kamailio challenged the first REGISTER")
    gw2 = gateway("gw2b", "9002", "9001", "gw2")
    register(gw2, ("9002", "wrong"))
    ok, out = registered(gw2, "9002", timeout=4)
    check(not ok and re.search(r"^9002 +1 +\d+ +no$", out, re.M) is not None,
          "a wrong password stays unregistered")
finally:
    for r in (gw1, gw2):
        if r is not None:
            r.stop()
    stop_all(procs)
    shutil.rmtree(tmp, ignore_errors=True)

check.done()
EOF
