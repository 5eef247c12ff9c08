#!/bin/sh
# SCEP against an independent implementation, micromdm's (Debian `scep`):
# 1. vgw's client against `scepserver`: authenticate (GetCACert), enroll
#    (PKCSReq; micromdm answers with SHA-1 and single DES), the
#    certificate installed and verified with certtool; a wrong challenge
#    password is refused (CERTREJECT). scepserver listens on every
#    interface, so it and the vgw that talks to it run inside a network
#    namespace of their own (`unshare -n`) with only loopback up.
# 2. `scepclient` against vgw's certificate server (grant auto): the
#    certificate issued chains to the CA (certtool --verify), and once
#    revoked its serial is in the CRL the server serves.
# Loopback only, kernel ports, bounded, each process ended by its PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in scepserver scepclient certtool openssl unshare; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
if ! unshare -n true 2>/dev/null; then
	echo "SKIP: cannot create a network namespace (unshare -n)"
	exit 77
fi
VGW=$(cd "$(dirname "$VGW")" && pwd)/$(basename "$VGW")
TMP=$(mktemp -d /tmp/vgw-scep-mm-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cp tests/free_port.py tests/vgw_lab.py "$TMP/"

# Part 1 runs in its own network namespace: scepserver binds *:PORT.
cat > "$TMP/part1.sh" <<'EOF'
ip link set lo up
cd "$1"
exec /usr/bin/python3 - "$2" <<'PY'
import os, re, subprocess, sys, time
sys.path.insert(0, ".")
import free_port
from vgw_lab import Checks, Router, stop_all
vgw = sys.argv[1]
check = Checks()
port = free_port.pair()
subprocess.run(["scepserver", "ca", "-init", "-depot", "depot",
                "-keySize", "2048"], capture_output=True, timeout=60)
srv = subprocess.Popen(["scepserver", "-depot", "depot", "-port", str(port),
                        "-challenge", "s3cret"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
time.sleep(1)
gw = Router(vgw, "nv", name="gw")
try:
    start = gw.mark()
    gw.send("enable", "configure terminal", "hostname GW2",
            "ip domain name lab.local", "crypto pki trustpoint MM",
            " enrollment url http://127.0.0.1:%d/scep" % port,
            " revocation-check none", " rsakeypair GW2 2048", " exit",
            "crypto pki authenticate MM", "yes")
    out = gw.wait_for(start, r"accepted", 10)
    check("Fingerprint SHA1:" in out and
          "Trustpoint CA certificate accepted." in out,
          "authenticate against scepserver (GetCACert)")
    start = gw.mark()
    gw.send("crypto pki enroll MM", "s3cret", "s3cret", "no", "no", "yes")
    got = gw.wait_for(start, r"CERTRET|CERTREJECT|CERTFAIL", 20)
    check("%PKI-6-CERTRET: Certificate received from Certificate Authority"
          in got, "enroll: scepserver issued the certificate")
    run = gw.show("do show running-config | begin chain MM")
    m = re.search(r"^ certificate (\w+)\n((?:  [0-9A-F ]+\n)+)", run, re.M)
    der = bytes.fromhex(re.sub(r"\s", "", m.group(2))) if m else b""
    open("leaf.der", "wb").write(der)
    subprocess.run(["certtool", "-i", "--inder", "--infile", "leaf.der",
                    "--outfile", "leaf.pem"], capture_output=True)
    v = subprocess.run(["certtool", "--verify", "--verify-allow-broken",
                        "--load-ca-certificate", "depot/ca.pem", "--infile",
                        "leaf.pem"], capture_output=True, text=True)
    check(v.returncode == 0, "certtool --verify: the installed certificate "
          "chains to scepserver's CA")
    # A wrong challenge: refused (micromdm: FAILURE badRequest).
    start = gw.mark()
    gw.send("crypto pki enroll MM", "yes", "wrong", "wrong", "no", "no",
            "yes")
    got = gw.wait_for(start, r"CERTRET|CERTREJECT|CERTFAIL", 20)
    check("%PKI-6-CERTREJECT" in got, "a wrong challenge password is "
          "rejected by the CA")
finally:
    gw.stop()
    stop_all([srv])
check.done()
PY
EOF
timeout 120 unshare -n sh "$TMP/part1.sh" "$TMP" "$VGW" || exit 1

# Part 2: scepclient (a client: it listens on nothing) against vgw.
cd "$TMP" && exec timeout 120 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, subprocess, sys, time, urllib.request
sys.path.insert(0, ".")
import free_port
from vgw_lab import Checks, Router
vgw = sys.argv[1]
check = Checks()
http = free_port.pair()
url = "http://127.0.0.1:%d/cgi-bin/pkiclient.exe" % http
ca = Router(vgw, "nvca", name="ca")
try:
    ca.enable_ca(http)
    r = subprocess.run(["scepclient", "-server-url", url, "-challenge", "x",
                        "-private-key", "mk.pem", "-certificate", "mc.pem",
                        "-cn", "MDMCLIENT", "-organization", "Interop"],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0 and os.path.exists("mc.pem"),
          "scepclient enrolls with vgw's certificate server")
    if r.returncode != 0:
        print(r.stdout, r.stderr)
    with urllib.request.urlopen(url + "?operation=GetCACert", timeout=5) as f:
        open("ca.der", "wb").write(f.read())
    subprocess.run(["certtool", "-i", "--inder", "--infile", "ca.der",
                    "--outfile", "ca.pem"], capture_output=True)
    v = subprocess.run(["certtool", "--verify", "--load-ca-certificate",
                        "ca.pem", "--infile", "mc.pem"], capture_output=True,
                       text=True)
    check(v.returncode == 0, "certtool --verify: scepclient's certificate "
          "chains to vgw's CA")
    info = subprocess.run(["openssl", "x509", "-in", "mc.pem", "-noout",
                           "-serial", "-subject"], capture_output=True,
                          text=True).stdout
    serial = re.search(r"serial=(\w+)", info)
    check(serial is not None and "MDMCLIENT" in info,
          "the certificate names MDMCLIENT, serial %s" %
          (serial.group(1) if serial else "?"))
    ca.send("crypto pki server CA revoke %s" % (serial.group(1) if serial
                                                 else "0"))
    time.sleep(0.5)
    with urllib.request.urlopen(url + "?operation=GetCRL", timeout=5) as f:
        open("ca.crl", "wb").write(f.read())
    v = subprocess.run(["openssl", "verify", "-crl_check", "-CAfile",
                        "ca.pem", "-CRLfile", "/dev/stdin", "mc.pem"],
                       input=subprocess.run(["openssl", "crl", "-inform",
                                             "DER", "-in", "ca.crl"],
                                            capture_output=True).stdout,
                       capture_output=True)
    check(b"certificate revoked" in v.stdout + v.stderr,
          "openssl verify -crl_check: revoked by the CRL vgw serves")
finally:
    ca.stop()
check.done()
EOF
