#!/bin/sh
# Hostile peers: a TCP client that sends one byte a second never completes
# a message and is closed after 32 s (counted as an age-out, while other
# clients are served meanwhile); a TLS 1.1 client is refused even without
# strict-cipher; a client whose certificate's extended key usage is
# serverAuth only is refused as a TLS client, and a server whose
# certificate is clientAuth only is refused when vgw connects to it
# (csim to it fails); each refusal is counted as a handshake error. All
# on 127.0.0.1, bounded, ended by PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in certtool openssl gnutls-cli; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec timeout 200 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, shutil, socket, subprocess, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
import sip_client
from vgw_lab import Checks, Pki, Router, stop_all
tmp = tempfile.mkdtemp(prefix="vgw-hostile-")
check = Checks()
fails = check.fails
procs = []

pki = Pki(tmp)
pki.ca("ca", "Hostile Test CA")
pki.leaf("gw", "ca", "gw.test", 2)
pki.leaf("client", "ca", "client.test", 3)
pki.leaf("srvonly", "ca", "srvonly.test", 4, usage="tls_www_server\n")
pki.leaf("cltonly", "ca", "cltonly.test", 5, usage="tls_www_client\n")

def handshake_errors(r):
    out = r.show("show sip-ua connections tcp tls brief")
    m = re.search(r"^No\. of handshake errors +: (\d+)$", out, re.M)
    return int(m.group(1)) if m else -1

def ageouts(r):
    out = r.show("show sip-ua connections tcp brief")
    m = re.search(r"^No\. of inactive conn\. ageouts : (\d+)$", out, re.M)
    return int(m.group(1)) if m else -1

def tls_client(cert, extra=()):
    cmd = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % r.tls_port,
           "-CAfile", pki.path("ca.crt"), "-quiet"] + list(extra)
    if cert:
        cmd += ["-cert", pki.path(cert + ".crt"), "-key",
                pki.path(cert + ".key")]
    return sip_client.tls_exchange(cmd, sip_client.options(r.tls_port, "TLS",
                                   "h%d" % time.time_ns()), 6)

r = Router(vgw, os.path.join(tmp, "nv"))
try:
    r.send("enable", "configure terminal")
    pki.import_identity(r, "gwid", "ca", "gw")
    r.send("sip-ua", " crypto signaling default trustpoint gwid", " end")
    time.sleep(0.3)

    # Slow client: one byte a second; a normal client is served meanwhile.
    before = ageouts(r)
    s = socket.create_connection(("127.0.0.1", r.sip_port))
    msg = sip_client.options(r.sip_port, "TCP", "slow").encode()
    start = time.time()
    closed_after = None
    for i in range(45):
        try:
            s.sendall(msg[i:i + 1])
        except OSError:
            closed_after = time.time() - start
            break
        if i == 5:
            data, took = sip_client.udp_options(r.sip_port, "other")
            check(data.startswith(b"SIP/2.0 200 "),
                  "another client is served while the slow one trickles")
        s.settimeout(1.0)
        try:
            if s.recv(100) == b"":
                closed_after = time.time() - start
                break
        except socket.timeout:
            pass
        except OSError:
            closed_after = time.time() - start
            break
    s.close()
    check(closed_after is not None and 30 <= closed_after <= 40,
          "a message not completed in 32 s closes the connection (%.1f s)"
          % (closed_after or -1))
    check(ageouts(r) == before + 1, "and it is counted as an age-out")

    e0 = handshake_errors(r)
    st, txt = tls_client("client")
    check(st == "200", "a TLS 1.2+ client with a client certificate: 200")
    st, txt = tls_client("client", ("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"))
    check(st is None, "a TLS 1.1 client is refused")
    st, txt = tls_client("srvonly")
    check(st is None, "a client certificate for serverAuth only is refused")
    st, txt = tls_client("cltonly")
    check(st == "200", "a clientAuth-only certificate is fine as a client")
    check(handshake_errors(r) == e0 + 2,
          "both refusals counted as handshake errors (%d -> %d)" %
          (e0, handshake_errors(r)))

    # vgw as TLS client to a server whose certificate is clientAuth only.
    srv = free_port.pair()
    with open(pki.path("cltonly.pem"), "w") as f:
        f.write(open(pki.path("cltonly.crt")).read() +
                open(pki.path("cltonly.key")).read())
    so = subprocess.Popen(["openssl", "s_server", "-accept", str(srv),
                           "-cert", pki.path("cltonly.crt"), "-key",
                           pki.path("cltonly.key"), "-quiet", "-naccept",
                           "3"], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    procs.append(so)
    time.sleep(0.5)
    e1 = handshake_errors(r)
    r.send("configure terminal", "sip-ua", " retry invite 1", " exit",
           "dial-peer voice 7 voip", " destination-pattern 7000",
           " session protocol sipv2", " session transport tcp tls",
           " session target ipv4:127.0.0.1:%d" % srv, " end")
    start = r.mark()
    r.send("csim start 7000")
    got = r.wait_for(start, r"call attempted = 1", 40)
    check("setup failed = 1" in got,
          "csim to a server with a clientAuth-only certificate fails")
    check(handshake_errors(r) >= e1 + 1,
          "the refused server counted as a handshake error")
finally:
    r.stop()
    stop_all(procs)
    shutil.rmtree(tmp, ignore_errors=True)

check.done()
EOF
