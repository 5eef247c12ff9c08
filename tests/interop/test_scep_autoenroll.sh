#!/bin/sh
# `auto-enroll` against a vgw certificate server (grant auto): a
# trustpoint with its CA authenticated and `auto-enroll 80 regenerate`
# enrolls by itself at the next minute's check, with no dialog; when the
# router clock (`clock set`, on both routers) passes 80% of the
# certificate's life it renews (%PKI-6-CERTRENEWAUTO, then CERTRET): a new
# serial and, with regenerate, a new key pair that replaces the old one
# only with its certificate. `show crypto pki timers` shows the renewal.
# Loopback only, kernel ports, bounded (the checks run once a minute, so
# this takes about two minutes), each vgw ended by its PID.
VGW=${VGW:-${BUILD:-build}/vgw}
exec timeout 240 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, shutil, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Router
check = Checks()
tmp = tempfile.mkdtemp(prefix="vgw-autoenroll-")
http = free_port.pair()
ca = Router(vgw, os.path.join(tmp, "nvca"), name="ca")
gw = Router(vgw, os.path.join(tmp, "nvgw"), name="gw")


def key_data(r):
    out = r.show("show crypto key mypubkey rsa gw.lab")
    m = re.search(r"Key Data:\n((?:  [0-9A-F ]+\n)+)", out)
    return m.group(1) if m else ""


try:
    ca.enable_ca(http)
    start = gw.mark()
    gw.send("enable", "configure terminal", "hostname gw",
            "ip domain name lab", "crypto key generate rsa modulus 1024",
            "crypto pki trustpoint CA",
            " enrollment url http://127.0.0.1:%d" % http,
            " revocation-check none", " serial-number none",
            " ip-address none", " password s3cret",
            " auto-enroll 80 regenerate", " exit",
            "crypto pki authenticate CA", "yes", "end")
    gw.wait_for(start, r"CONFIG_I", 20)
    key1 = key_data(gw)
    got = gw.wait_for(start, r"CERTRET", 75)
    check("%PKI-6-CERTRENEWAUTO: Renewing the router certificate for "
          "trustpoint CA" in got and "%PKI-6-CERTRET" in got,
          "auto-enroll enrolls by itself once the CA is authenticated")
    certs = gw.show("show crypto pki certificates CA")
    check("Certificate Serial Number (hex): 02" in certs,
          "the certificate (serial 02) is installed")
    key2 = key_data(gw)
    check(key1 != "" and key2 != "" and key1 != key2,
          "regenerate: the certificate came with a new key pair")
    timers = gw.show("show crypto pki timers")
    check(re.search(r"\|\s+29[12]d\d\d:\d\d:\d\d\.000  RENEW CA", timers)
          is not None, "show crypto pki timers: renewal in about 292 days")

    # 300 days later on both routers' clocks: 80% of a year has passed.
    later = time.gmtime(time.time() + 300 * 86400)
    when = time.strftime("%H:%M:%S %d %b %Y", later)
    for r in (ca, gw):
        r.send("clock set " + when)
    start = gw.mark()
    got = gw.wait_for(start, r"CERTRET", 75)
    check("CERTRENEWAUTO" in got and "%PKI-6-CERTRET" in got,
          "past 80% of its life the certificate is renewed")
    certs = gw.show("show crypto pki certificates CA")
    check("Certificate Serial Number (hex): 03" in certs,
          "the renewed certificate (serial 03) replaced the old one")
    check(key_data(gw) not in ("", key2), "and a new key pair again")
finally:
    gw.stop()
    ca.stop()
    shutil.rmtree(tmp, ignore_errors=True)
check.done()
EOF
