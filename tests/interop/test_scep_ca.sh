#!/bin/sh
# The feature module's "same CA" procedure end to end with three vgw: a CA
# router (`crypto pki server CA` under `ip http server`, the `no shutdown`
# passphrase dialog) and two gateways that authenticate it over SCEP (the
# fingerprint they are shown is the server's "CA cert fingerprint") and
# enroll: gw1 while granting is manual (Pending on the gateway, pending in
# `show crypto pki server CA requests` with the request fingerprint gw1
# logged, `crypto pki server CA grant all`, Available after the next poll,
# a minute later as `enrollment retry period 1` says), gw2 after `grant
# auto` (within seconds). certtool verifies the issued certificates
# against the CA's; the gateways then call each other over TLS with sips
# and strict-cipher. Revocation shows in the CRL served by GetCRL; the CA
# survives a restart (same CA, serial counter, requests); hostile SCEP
# input gets HTTP 400 and changes nothing. All on 127.0.0.1 with kernel
# ports, bounded, each vgw ended by its PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in certtool openssl; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec timeout 300 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, shutil, subprocess, sys, tempfile, time, urllib.request

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Router
tmp = tempfile.mkdtemp(prefix="vgw-scep-ca-")
check = Checks()
http = free_port.pair()
base = "http://127.0.0.1:%d/cgi-bin/pkiclient.exe" % http


def get(url, data=None, timeout=5):
    try:
        with urllib.request.urlopen(url, data=data, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def cert_der(router, tp, serial):
    """The DER of `certificate [ca] SERIAL` in the chain of tp."""
    run = router.show("do show running-config | begin chain %s" % tp)
    m = re.search(r"^ certificate (?:ca )?%s\n((?:  [0-9A-F ]+\n)+)" % serial,
                  run, re.M)
    return bytes.fromhex(re.sub(r"\s", "", m.group(1))) if m else b""


def write(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def start_ca():
    return Router(vgw, os.path.join(tmp, "nvca"), name="ca")


ca = start_ca()
gw1 = Router(vgw, os.path.join(tmp, "nv1"), ["--answer-delay", "200"],
             name="gw1")
gw2 = Router(vgw, os.path.join(tmp, "nv2"), ["--answer-delay", "200"],
             name="gw2")
routers = [ca, gw1, gw2]
try:
    start = ca.mark()
    ca.send("enable", "configure terminal", "hostname CA", "ip http server",
            "ip http port %d" % http, "crypto pki server CA",
            " database level complete", " no shutdown", "cisco123",
            "cisco123", " end")
    out = ca.wait_for(start, r"CS_ENABLED", 20)
    check("% Please enter a passphrase to protect the private key\n"
          "% or type Return to exit\nPassword: \n\nRe-enter password: \n"
          "% Generating 1024 bit RSA keys, keys will be non-exportable...\n"
          "[OK] (elapsed time was" in out and
          "\n% Certificate Server enabled.\n" in out and
          "%PKI-6-CS_ENABLED: Certificate server now enabled." in out,
          "no shutdown: IOS's passphrase dialog, key generation, enabled")
    show = ca.show("show crypto pki server")
    fp = re.search(r"CA cert fingerprint: ((?:[0-9A-F]{8} ){4})", show)
    check(fp is not None and "Granting mode is: manual" in show and
          "Last certificate issued serial number (hex): 1\n" in show,
          "show crypto pki server: enabled, manual, CA fingerprint")
    st, caps = get(base + "?operation=GetCACaps")
    check(st == 200 and b"SHA-256" in caps and b"POSTPKIOperation" in caps,
          "GetCACaps over ip http server")
    st, cader = get(base + "?operation=GetCACert&message=CA")
    capem = write("ca.der", cader)
    ca_info = subprocess.run(["certtool", "-i", "--inder", "--infile", capem],
                             capture_output=True, text=True).stdout
    check(st == 200 and "Subject: CN=CA" in ca_info and "CA:TRUE" in
          ca_info.replace("Certificate Authority (CA): TRUE", "CA:TRUE"),
          "GetCACert: the self-signed CA certificate (CN=CA)")
    subprocess.run(["certtool", "-i", "--inder", "--infile", capem,
                    "--outfile", os.path.join(tmp, "ca.pem")],
                   capture_output=True)

    for r, me in ((gw1, "gw1"), (gw2, "gw2")):
        start = r.mark()
        r.send("enable", "configure terminal", "hostname " + me,
               "ip domain name lab.local", "crypto pki trustpoint CA",
               " enrollment url http://127.0.0.1:%d" % http,
               " revocation-check none", " rsakeypair %s 1024" % me, " exit",
               "crypto pki authenticate CA", "yes")
        out = r.wait_for(start, r"Trustpoint CA certificate accepted", 10)
        check(fp is not None and "       Fingerprint MD5: " + fp.group(1) in
              out and "Trustpoint CA certificate accepted." in out,
              "%s: authenticate shows the server's fingerprint" % me)

    # gw1 while granting is manual: pending until the CA grants.
    start = gw1.mark()
    gw1.send("crypto pki enroll CA", "secret1", "secret1", "no", "no", "yes")
    out = gw1.wait_for(start, r"Fingerprint SHA1", 10)
    req = re.search(r"Certificate Request Fingerprint MD5: ((?:[0-9A-F]{8} )"
                    r"{4})", out)
    check("% Certificate request sent to Certificate Authority" in out and
          req is not None, "gw1: request sent, its fingerprint logged")
    time.sleep(1)
    certs = gw1.show("do show crypto pki certificates CA")
    check("Status: Pending" in certs, "gw1: certificate Pending")
    reqs = ca.show("show crypto pki server CA requests")
    want = req.group(1).replace(" ", "") if req else "?"
    if not check(re.search(r"^1 +pending +%s .*gw1\.lab\.local" % want, reqs,
                           re.M) is not None,
                 "CA lists request 1 pending with gw1's fingerprint"):
        print(reqs)
    start = gw1.mark()
    ca.send("crypto pki server CA grant all")
    got = gw1.wait_for(start, r"CERTRET", 80)
    check("%PKI-6-CERTRET: Certificate received from Certificate Authority"
          in got, "gw1: certificate received at the next poll")
    certs = gw1.show("do show crypto pki certificates CA")
    check(re.search(r"Certificate\n  Status: Available\n  Certificate Serial "
                    r"Number \(hex\): 02", certs) is not None,
          "gw1: router certificate 02 Available")

    # gw2 after grant auto: issued at once.
    start = ca.mark()
    ca.send("configure terminal", "crypto pki server CA", " grant auto",
            " end")
    ca.wait_for(start, r"CS_GRANT_AUTO", 5)
    start = gw2.mark()
    gw2.send("crypto pki enroll CA", "secret2", "secret2", "no", "no", "yes")
    got = gw2.wait_for(start, r"CERTRET", 15)
    check("%PKI-6-CERTRET" in got, "gw2: certificate received (grant auto)")
    for r, me, serial in ((gw1, "gw1", "02"), (gw2, "gw2", "03")):
        leaf = write(me + ".der", cert_der(r, "CA", serial))
        subprocess.run(["certtool", "-i", "--inder", "--infile", leaf,
                        "--outfile", leaf + ".pem"], capture_output=True)
        v = subprocess.run(["certtool", "--verify", "--load-ca-certificate",
                            os.path.join(tmp, "ca.pem"), "--infile",
                            leaf + ".pem"], capture_output=True, text=True)
        if not check(v.returncode == 0 and "Verified" in v.stdout,
                     "certtool --verify: %s's certificate chains to the CA"
                     % me):
            print(v.stdout, v.stderr)
    show = ca.show("show crypto pki server CA")
    check("Last certificate issued serial number (hex): 3" in show,
          "CA: last serial 3")
    check(os.path.exists(os.path.join(tmp, "nvca", "2.cer")) and
          os.stat(os.path.join(tmp, "nvca", "CA.ser")).st_mode & 0o777 ==
          0o600 and os.stat(os.path.join(tmp, "nvca", "CA.p12")).st_mode &
          0o777 == 0o600, "database level complete: 2.cer; CA.ser and the "
          "CA.p12 archive are 0600")

    # The certificates at work: a sips call over TLS with strict-cipher.
    for r, me in ((gw1, "gw1"), (gw2, "gw2")):
        r.send("sip-ua", " crypto signaling default trustpoint CA "
               "strict-cipher", " exit")
    gw1.send("dial-peer voice 1 pots", " destination-pattern 9001",
             " port 0/3/1", "dial-peer voice 5 voip",
             " destination-pattern 9002", " voice-class sip url sips",
             " session protocol sipv2",
             " session target ipv4:127.0.0.1:%d" % gw2.tls_port,
             " session transport tcp tls", " codec g711ulaw", " end")
    gw2.send("dial-peer voice 1 pots", " destination-pattern 9002",
             " port 0/3/1", "dial-peer voice 2 voip",
             " incoming called-number 9002", " session protocol sipv2",
             " codec g711ulaw", " end")
    time.sleep(0.5)
    out = gw1.command("csim start 9002", r"csim: called number", 5)
    time.sleep(1.5)
    b2 = gw2.show("show call active voice brief")
    check("pid:2 Answer 9001 active" in b2,
          "gw1 calls gw2 over TLS with the SCEP-issued certificates")
    gw1.send("clear call voice causecode 16")

    # Revocation: the CRL served by GetCRL lists serial 3.
    ca.send("crypto pki server CA revoke 3")
    time.sleep(0.5)
    st, crl = get(base + "?operation=GetCRL")
    crlf = write("ca.crl", crl)
    text = subprocess.run(["openssl", "crl", "-inform", "DER", "-in", crlf,
                           "-noout", "-text"], capture_output=True,
                          text=True).stdout
    check(st == 200 and re.search(r"Serial Number: 03", text) is not None and
          "Issuer: CN = CA" in text, "GetCRL: the CRL lists serial 03")

    # Hostile input: 400, counted, nothing issued, the server goes on.
    bad = [get(base + "?operation=PKIOperation&message=AAAA")[0],
           get(base + "?operation=PKIOperation", data=b"\x30\x82garbage")[0],
           get(base + "?operation=PKIOperation", data=os.urandom(3000))[0],
           get(base + "?operation=Bogus")[0]]
    big = get(base + "?operation=PKIOperation", data=b"\x30" * 200000)[0]
    check(bad == [400, 400, 400, 400] and big in (400, 413),
          "malformed, truncated, random, unknown: 400; 200 KB: %d" % big)
    reqs = ca.show("show crypto pki server CA requests")
    check(len(re.findall(r"^\d+ +(?:pending|granted|rejected) ", reqs, re.M))
          == 2, "the request database holds the two real requests only")
    st, caps = get(base + "?operation=GetCACaps")
    check(st == 200, "the server still answers")

    # The CA survives a restart: same certificate, serial counter, requests.
    ca.send("write memory")
    time.sleep(0.5)
    ca.stop()
    ca = start_ca()
    routers[0] = ca
    ca.send("enable")
    show = ca.show("show crypto pki server CA")
    check(fp is not None and fp.group(1) in show and
          "Last certificate issued serial number (hex): 3" in show and
          "State: enabled" in show, "after a restart: same CA, serial 3, "
          "enabled")
    st, cader2 = get(base + "?operation=GetCACert&message=CA")
    check(st == 200 and cader2 == cader, "GetCACert: the same CA certificate")
finally:
    for r in routers:
        r.stop()
    shutil.rmtree(tmp, ignore_errors=True)

check.done()
EOF
