#!/bin/sh
# A CRL fetch never stalls the router. vgw (revocation-check crl) verifies
# TLS clients whose certificates name a CRL Distribution Point served by a
# deliberately slow local HTTP server (1.5 s per answer): while the fetch
# runs, the TLS connection waits in its verifying state and an OPTIONS over
# UDP is answered within 50 ms; then the client with a valid certificate
# gets 200 OK over TLS, and the one whose certificate the CRL lists is
# refused and counted as a handshake error. certtool makes the PKI and the
# CRL, gnutls-cli is the client. Ports from the kernel, 127.0.0.1 only,
# everything bounded and ended by PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in certtool gnutls-cli; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec timeout 120 /usr/bin/python3 - "$VGW" <<'EOF'
import http.server, os, re, shutil, socket, subprocess, sys
import tempfile, threading, time

vgw = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="vgw-crlnb-")
fails = []

sys.path.insert(0, "tests")
import free_port    # ports from the kernel
import sip_client

sip_port = free_port.pair()
tls_port = sip_port + 1

def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)

def path(name):
    return os.path.join(tmp, name)

def sh(*args):
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr

def write(name, text):
    with open(path(name), "w") as f:
        f.write(text)
    return path(name)

# The slow CRL server: every answer after 1.5 s.
class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(1.5)
        try:
            body = open(path("ca.crl"), "rb").read()
        except OSError:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pkix-crl")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass

httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
http_port = httpd.server_address[1]
threading.Thread(target=httpd.serve_forever, daemon=True).start()
cdp = "http://127.0.0.1:%d/ca.crl" % http_port

sh("certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
   "--no-text", "--outfile", path("ca.key"))
write("ca.tmpl", 'cn = "CRL Test Root"\nserial = 1\nexpiration_days = 3650\n'
      'ca\ncert_signing_key\ncrl_signing_key\n')
sh("certtool", "--generate-self-signed", "--load-privkey", path("ca.key"),
   "--template", path("ca.tmpl"), "--no-text", "--outfile", path("ca.crt"))

def leaf(name, serial):
    sh("certtool", "--generate-privkey", "--key-type", "rsa", "--bits",
       "2048", "--no-text", "--outfile", path(name + ".key"))
    write(name + ".tmpl", 'cn = "%s.test"\nserial = %d\nexpiration_days = 365\n'
          'ip_address = "127.0.0.1"\ntls_www_server\ntls_www_client\nsigning_key\n'
          'encryption_key\n'
          'crl_dist_points = "%s"\n' % (name, serial, cdp))
    sh("certtool", "--generate-certificate", "--load-privkey",
       path(name + ".key"), "--load-ca-certificate", path("ca.crt"),
       "--load-ca-privkey", path("ca.key"), "--template",
       path(name + ".tmpl"), "--no-text", "--outfile", path(name + ".crt"))

leaf("gw", 2)
leaf("good", 3)
leaf("revoked", 5)
write("crl.tmpl", "crl_next_update = 30\ncrl_number = 1\n")
rc, out = sh("certtool", "--generate-crl", "--load-ca-privkey", path("ca.key"),
             "--load-ca-certificate", path("ca.crt"), "--load-certificate",
             path("revoked.crt"), "--template", path("crl.tmpl"),
             "--outder", "--outfile", path("ca.crl"))
check(rc == 0, "certtool makes a CRL listing the revoked client")
rc, _ = sh("openssl", "rsa", "-in", path("gw.key"), "-des3", "-traditional",
           "-passout", "pass:Secret#123", "-out", path("gw-legacy.key"))

os.makedirs(path("nv"))
p = subprocess.Popen([vgw, "--nvram", path("nv"), "--sip-port", str(sip_port),
                      "--tls-port", str(tls_port)], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                     text=True, bufsize=1)
out = []
threading.Thread(target=lambda: [out.append(l) for l in p.stdout],
                 daemon=True).start()

def send(*lines):
    for l in lines:
        p.stdin.write(l + "\n")
    p.stdin.flush()

def wait_for(pattern, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if re.search(pattern, "".join(out), re.M):
            return True
        time.sleep(0.05)
    return False

pem = lambda n: open(path(n)).read().strip().split("\n")
send("enable", "configure terminal",
     "crypto pki import gw1id pem terminal Secret#123",
     *pem("ca.crt"), "quit", *pem("gw-legacy.key"), "quit",
     *pem("gw.crt"), "quit",
     "crypto pki trustpoint gw1id", " revocation-check crl", " exit",
     "sip-ua", " crypto signaling default trustpoint gw1id", " end",
     "debug ccsip events")
check(wait_for(r"PEM files import succeeded"), "vgw imports its identity")
check(wait_for(r"CONFIG_I"), "vgw configured")

def udp_options(tag):
    data, took = sip_client.udp_options(sip_port, tag)
    return data.startswith(b"SIP/2.0 200"), took

def tls_options(cert, tag, result):
    cmd = ["gnutls-cli", "127.0.0.1", "-p", str(tls_port), "--x509cafile",
           path("ca.crt"), "--x509certfile", path(cert + ".crt"),
           "--x509keyfile", path(cert + ".key")]
    result[tag], _ = sip_client.tls_exchange(
        cmd, sip_client.options(tls_port, "TLS", tag), 10)

ok, idle = udp_options("idle")
check(ok, "OPTIONS over UDP at rest: 200 (%.2f ms)" % (idle * 1000))
res = {}
t = threading.Thread(target=tls_options, args=("good", "g1", res))
start = time.monotonic()
t.start()
time.sleep(0.5)		# the handshake is done, the CRL fetch under way
ok, during = udp_options("during")
check(ok and during < 0.050,
      "OPTIONS over UDP during the CRL fetch: 200 in %.2f ms" % (during * 1000))
t.join(15)
took = time.monotonic() - start
check(res.get("g1") == "200",
      "valid client certificate: 200 OK over TLS after the fetch (%.2f s)" % took)
check(took >= 1.4, "the TLS answer waited for the CRL (%.2f s)" % took)
t = threading.Thread(target=tls_options, args=("revoked", "r1", res))
t.start()
t.join(15)
check(res.get("r1") is None, "revoked client certificate: refused")
send("show sip-ua connections tcp tls brief")
check(wait_for(r"^No\. of handshake errors +: 1$"),
      "the refusal counted as a handshake error")
if fails:
    sys.stdout.write("".join(out)[-3000:] + "\n")
print("figures: OPTIONS at rest %.2f ms, during the CRL fetch %.2f ms"
      % (idle * 1000, during * 1000))
p.stdin.close()
try:
    p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
httpd.shutdown()
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if fails else 0)
EOF
