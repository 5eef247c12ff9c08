#!/bin/sh
# vgw against SIPp (sip-tester), both ways. As UAS: SIPp's built-in `uac`
# scenario (INVITE, 100/180/200, ACK, BYE, 200) calls vgw over UDP and
# TCP, four calls at a time on four voice-ports of the same number, and
# over TLS through socat (interop.md §3.3, vgw requires the client
# certificate): every call succeeds (SIPp's exit status 0), vgw keeps no
# call afterwards and its history counts them. As UAC: `csim start` calls
# SIPp's built-in `uas` scenario over UDP, the call connects, `clear call
# voice` sends BYE and SIPp exits 0. All on 127.0.0.1 with ports from the
# kernel, bounded, each process ended by its PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in sipp socat certtool openssl; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec timeout 280 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, shutil, subprocess, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Pki, Router, stop_all
tmp = tempfile.mkdtemp(prefix="vgw-calls-sipp-")
check = Checks()
fails = check.fails
procs = []

def sipp(args, timeout=60):
    r = subprocess.run(["sipp"] + args + ["-nostdin", "-trace_err",
                       "-error_file", os.path.join(tmp, "sipp_err.log")],
                       capture_output=True, text=True, timeout=timeout,
                       cwd=tmp)
    return r.returncode, r.stdout + r.stderr

def successful(out):
    m = re.findall(r"Successful call\s+\|\s+\d+\s+\|\s+(\d+)", out)
    return int(m[-1]) if m else -1

pki = Pki(tmp)
pki.ca("ca", "SIPp Test CA")
pki.leaf("gw", "ca", "gw.test", 2)
pki.leaf("client", "ca", "client.test", 3)
with open(pki.path("client.pem"), "w") as f:
    f.write(open(pki.path("client.crt")).read() +
            open(pki.path("client.key")).read())

r = Router(vgw, os.path.join(tmp, "nv"), ["--answer-delay", "0"])
try:
    r.send("enable", "configure terminal")
    pki.import_identity(r, "gwid", "ca", "gw")
    r.send("sip-ua", " crypto signaling default trustpoint gwid", " exit")
    for i in range(4):
        r.send("dial-peer voice %d pots" % (10 + i),
               " destination-pattern 9001", " port 0/0/%d" % i)
    r.send("dial-peer voice 2 voip", " incoming called-number 9001",
           " session protocol sipv2", " codec g711ulaw", " end")
    r.command("show dial-peer voice summary", r"0/0/3")

    for transport in ("u1", "t1"):
        port = free_port.pair()
        rc, out = sipp(["127.0.0.1:%d" % r.sip_port, "-sn", "uac", "-s",
                        "9001", "-t", transport, "-i", "127.0.0.1", "-p",
                        str(port), "-mp", str(port + 1), "-m", "20", "-r",
                        "20", "-l", "4", "-d", "100", "-timeout", "40s",
                        "-timeout_error"])
        check(rc == 0 and successful(out) == 20,
              "SIPp uac over %s: 20 calls answered (rc %d, %d ok)" %
              ("UDP" if transport == "u1" else "TCP", rc, successful(out)))
        if rc != 0:
            print(out[-2000:])

    # TLS: SIPp speaks TCP to socat, socat TLS (client certificate) to vgw.
    subprocess.run("sipp -sd uac > uac.xml", shell=True, cwd=tmp,
                   capture_output=True)
    scen = open(os.path.join(tmp, "uac.xml")).read()
    scen = scen.replace("SIP/2.0/[transport] [local_ip]:[local_port]",
                        "SIP/2.0/TLS [local_ip]:[local_port]")
    scen = scen.replace("Contact: sip:sipp@[local_ip]:[local_port]",
                        "Contact: <sip:sipp@[local_ip]:[local_port];"
                        "transport=tls>")
    open(os.path.join(tmp, "uac_tls.xml"), "w").write(scen)
    relay = free_port.pair()
    s = subprocess.Popen(["socat", "TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr,"
                          "fork" % relay, "OPENSSL:127.0.0.1:%d,cert=%s,"
                          "cafile=%s,verify=1,cn=gw.test" %
                          (r.tls_port, pki.path("client.pem"),
                           pki.path("ca.crt"))],
                         stderr=subprocess.DEVNULL)
    procs.append(s)
    time.sleep(0.5)
    port = free_port.pair()
    rc, out = sipp(["127.0.0.1:%d" % relay, "-sf", "uac_tls.xml", "-s",
                    "9001", "-t", "t1", "-i", "127.0.0.1", "-p", str(port),
                    "-mp", str(port + 1), "-m", "5", "-r", "5", "-l", "1",
                    "-d", "100", "-timeout", "40s", "-timeout_error"])
    check(rc == 0 and successful(out) == 5,
          "SIPp uac over TLS (socat, client certificate): 5 calls (rc %d)"
          % rc)
    if rc != 0:
        print(out[-2000:])
    b = r.show("show call active voice brief")
    check("Total call-legs: 0" in b, "no call left in vgw")
    h = r.show("show call history voice brief")
    check(len(re.findall(r"pid:2 Answer ", h)) == 45,
          "history holds the 45 answered calls (%d)" %
          len(re.findall(r"pid:2 Answer ", h)))

    # vgw as UAC: csim start to SIPp's uas.
    uas = free_port.pair()
    u = subprocess.Popen(["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p",
                          str(uas), "-mp", str(uas + 1), "-m", "1",
                          "-nostdin", "-timeout", "40s", "-timeout_error"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, cwd=tmp)
    procs.append(u)
    r.send("configure terminal", "dial-peer voice 7 voip",
           " destination-pattern 7000", " session protocol sipv2",
           " session target ipv4:127.0.0.1:%d" % uas, " codec g711ulaw",
           " end")
    time.sleep(0.5)
    start = r.mark()
    r.send("csim start 7000")
    time.sleep(1.5)
    b = r.show("show call active voice brief")
    check("pid:7 Originate 7000 active" in b, "csim to SIPp's uas connects")
    r.send("clear call voice causecode 16")
    got = r.wait_for(start, r"call attempted = 1", 10)
    check("setup failed = 0" in got, "clear call voice ends it")
    try:
        out, _ = u.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        u.kill()
        out, _ = u.communicate()
    check(u.returncode == 0, "SIPp uas saw INVITE, ACK and BYE (rc %s)" %
          u.returncode)
finally:
    r.stop()
    stop_all(procs)
    shutil.rmtree(tmp, ignore_errors=True)

check.done()
EOF
