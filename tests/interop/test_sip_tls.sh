#!/bin/sh
# SIP over TLS against real TLS clients, with a certtool CA imported into a
# vgw trustpoint (`crypto pki import ... pem terminal`) and `crypto
# signaling default trustpoint`: gnutls-cli and `openssl s_client` with a
# trusted client certificate get 200 OK to OPTIONS; a client without a
# certificate and one with a certificate from another CA are refused; with
# strict-cipher a default client negotiates TLS_RSA_WITH_AES_128_CBC_SHA and
# an ECDHE-only client is refused; every refusal is counted as a handshake
# error in `show sip-ua connections tcp tls brief`; without strict-cipher a
# modern client gets TLS 1.3; `clear sip-ua tcp tls connection id N`
# closes the client's real socket; SIPp behind socat (interop.md §3.3)
# completes OPTIONS over TLS. All on 127.0.0.1, bounded, ended by PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in certtool openssl gnutls-cli; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec timeout 240 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, select, shutil, subprocess, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="vgw-siptls-")
sys.path.insert(0, "tests")
import free_port
import sip_client
from vgw_lab import Router
relay = free_port.pair()    # socat's and sipp's
fails = []

def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)

def path(name):
    return os.path.join(tmp, name)

def sh(*args, inp=None, timeout=60):
    r = subprocess.run(args, input=inp, capture_output=True, text=True,
                       timeout=timeout)
    return r.returncode, r.stdout + r.stderr

def write(name, text):
    with open(path(name), "w") as f:
        f.write(text)
    return path(name)

# The test PKI (interop.md §0.3), RSA-2048 so RSA key exchange works.
def make_ca(name, cn):
    sh("certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
       "--no-text", "--outfile", path(name + ".key"))
    write(name + ".tmpl", 'cn = "%s"\nserial = 1\nexpiration_days = 3650\n'
          'ca\ncert_signing_key\ncrl_signing_key\n' % cn)
    sh("certtool", "--generate-self-signed", "--load-privkey",
       path(name + ".key"), "--template", path(name + ".tmpl"), "--no-text",
       "--outfile", path(name + ".crt"))

def make_leaf(name, ca, cn, serial):
    sh("certtool", "--generate-privkey", "--key-type", "rsa", "--bits", "2048",
       "--no-text", "--outfile", path(name + ".key"))
    write(name + ".tmpl", 'cn = "%s"\nserial = %d\nexpiration_days = 365\n'
          'dns_name = "%s"\nip_address = "127.0.0.1"\ntls_www_server\n'
          'tls_www_client\nsigning_key\nencryption_key\n' % (cn, serial, cn))
    sh("certtool", "--generate-certificate", "--load-privkey",
       path(name + ".key"), "--load-ca-certificate", path(ca + ".crt"),
       "--load-ca-privkey", path(ca + ".key"), "--template",
       path(name + ".tmpl"), "--no-text", "--outfile", path(name + ".crt"))
    with open(path(name + ".pem"), "w") as f:
        f.write(open(path(name + ".crt")).read() + open(path(name + ".key")).read())

make_ca("ca", "Interop Test Root CA")
make_ca("rogueca", "Rogue CA")
make_leaf("gw", "ca", "gw1.test", 2)
make_leaf("client", "ca", "client.test", 3)
make_leaf("rogue", "rogueca", "rogue.test", 4)
rc, _ = sh("openssl", "rsa", "-in", path("gw.key"), "-des3", "-traditional",
           "-passout", "pass:Secret#123", "-out", path("gw-legacy.key"))
check(rc == 0, "openssl writes the gateway key in legacy 3DES PEM")

def options(tag):
    return sip_client.options(tls_port, "TLS", tag)

def client_cmd(tool, cert, priority=None, extra=()):
    if tool == "gnutls":
        cmd = ["gnutls-cli", "127.0.0.1", "-p", str(tls_port),
               "--x509cafile", path("ca.crt")]
        if cert:
            cmd += ["--x509certfile", path(cert + ".crt"),
                    "--x509keyfile", path(cert + ".key")]
        if priority:
            cmd += ["--priority", priority]
    else:
        cmd = ["openssl", "s_client", "-connect", "127.0.0.1:%d" % tls_port,
               "-CAfile", path("ca.crt"), "-verify_return_error", "-quiet"]
        if cert:
            cmd += ["-cert", path(cert + ".crt"), "-key", path(cert + ".key")]
    return cmd + list(extra)

def tls_options(tool, cert, tag, priority=None, extra=()):
    """One OPTIONS over a fresh TLS connection; returns (status, output)."""
    return sip_client.tls_exchange(client_cmd(tool, cert, priority, extra),
                                   options(tag), 6)

def tls_brief(r):
    out = r.command("show sip-ua connections tcp tls brief",
                    r"^Max\. tls send msg queue")
    m = re.search(r"^No\. of handshake errors +: (\d+)$", out, re.M)
    return int(m.group(1)) if m else -1, out

r = Router(vgw, path("nv"))     # its ports from the kernel
sip_port, tls_port = r.sip_port, r.tls_port
pem = lambda n: open(path(n)).read().strip().split("\n")
r.send("enable", "configure terminal",
       "crypto pki import gw1id pem terminal Secret#123",
       *pem("ca.crt"), "quit", *pem("gw-legacy.key"), "quit",
       *pem("gw.crt"), "quit")
out = r.command("crypto pki trustpoint gw1id", r"\(ca-trustpoint\)#")
check("% PEM files import succeeded." in r.out, "vgw imports the gateway identity")
r.send(" revocation-check none", " exit", "sip-ua")
r.command(" crypto signaling default trustpoint gw1id", r"\(config-sip-ua\)#")
r.command(" end", r"^Router#")
time.sleep(0.3)

errs0, _ = tls_brief(r)
check(errs0 == 0, "no handshake errors before any client")

st, txt = tls_options("gnutls", "client", "g1")
check(st == "200", "gnutls-cli with a trusted client certificate: 200 OK")
check("TLS1.3" in txt, "without strict-cipher a modern client gets TLS 1.3")
st, txt = tls_options("openssl", "client", "o1")
check(st == "200", "openssl s_client with a trusted client certificate: 200 OK")

refused = 0
st, txt = tls_options("gnutls", None, "n1")
check(st is None, "gnutls-cli without a client certificate is refused")
refused += 1
st, txt = tls_options("openssl", "rogue", "r1")
check(st is None, "openssl s_client with an untrusted certificate is refused")
refused += 1
errs, out = tls_brief(r)
check(errs == errs0 + refused, "refusals counted as handshake errors (%d)" % errs)

# strict-cipher: only TLS_RSA_WITH_AES_128_CBC_SHA, for the next connection.
r.send("configure terminal", "sip-ua",
       " crypto signaling default trustpoint gw1id strict-cipher", " end")
time.sleep(0.3)
st, txt = tls_options("gnutls", "client", "s1")
check(st == "200" and re.search(r"\(TLS1\.2[^)]*\)-\(RSA\)-\(AES-128-CBC\)-\(SHA1\)",
                               txt) is not None,
      "strict-cipher: a default gnutls-cli negotiates RSA AES-128-CBC SHA1")
st, txt = tls_options("openssl", "client", "s2", extra=("-cipher", "AES128-SHA",
                      "-tls1_2"))
check(st == "200", "strict-cipher: openssl -cipher AES128-SHA gets 200 OK")
st, txt = tls_options("gnutls", "client", "s3",
                      priority="NORMAL:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA")
check(st is None, "strict-cipher: an ECDHE-only client is refused")
refused += 1
errs, out = tls_brief(r)
check(errs == errs0 + refused, "ECDHE-only refusal counted (%d)" % errs)

# The most specific crypto signaling entry wins: a remote-addr entry for
# 127.0.0.1/32 with strict-cipher beats a plain default; removing it
# (`no crypto signaling remote-addr ...`) applies to the next connection.
r.send("configure terminal", "sip-ua",
       " crypto signaling default trustpoint gw1id",
       " crypto signaling remote-addr 127.0.0.1 255.255.255.255 trustpoint gw1id strict-cipher")
r.command(" end", r"^Router#")
st, txt = tls_options("gnutls", "client", "m1",
                      priority="NORMAL:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA")
check(st is None, "remote-addr 127.0.0.1/32 strict-cipher wins over the default")
refused += 1
r.send("configure terminal", "sip-ua",
       " no crypto signaling remote-addr 127.0.0.1 255.255.255.255")
r.command(" end", r"^Router#")
st, txt = tls_options("gnutls", "client", "m2",
                      priority="NORMAL:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA")
check(st == "200", "after `no crypto signaling remote-addr` the default applies")
errs, out = tls_brief(r)
check(errs == errs0 + refused, "handshake errors still exact (%d)" % errs)

# `no transport tcp tls` closes the TLS listener at once; `transport tcp
# tls` opens it again.
def tls_port_open():
    import socket
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", tls_port))
        return True
    except OSError:
        return False
    finally:
        s.close()
r.send("configure terminal", "sip-ua")
r.command(" no transport tcp tls", r"\(config-sip-ua\)#")
time.sleep(0.2)
check(not tls_port_open(), "no transport tcp tls: the TLS port refuses connections")
r.command(" end", r"^Router#")
out = r.command("show sip-ua status", r"TLS over TCP : \w+")
check("SIP User Agent for TLS over TCP : DISABLED" in out,
      "show sip-ua status shows TLS DISABLED")
r.send("configure terminal", "sip-ua")
r.command(" transport tcp tls", r"\(config-sip-ua\)#")
r.command(" end", r"^Router#")
time.sleep(0.2)
check(tls_port_open(), "transport tcp tls: the TLS port accepts again")
time.sleep(0.3)

# clear sip-ua tcp tls connection id N closes the real socket.
p = subprocess.Popen(client_cmd("gnutls", "client"), stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
p.stdin.write(options("c1").encode())
p.stdin.flush()
got = b""
end = time.time() + 6
while time.time() < end and b"SIP/2.0 200" not in got:
    rr, _, _ = select.select([p.stdout], [], [], 0.2)
    if rr:
        got += os.read(p.stdout.fileno(), 65536)
check(b"SIP/2.0 200" in got, "long-lived TLS client gets 200 OK")
out = r.command("show sip-ua connections tcp tls detail",
                r"^ +\d+ +\d+ Established|Connections-Count:0")
m = re.search(r"^ +\d+ +(\d+) Established +0$", out, re.M)
check(m is not None and "Remote-Agent:127.0.0.1, Connections-Count:1" in out,
      "show ... tcp tls detail lists the connection")
if m:
    out = r.command("clear sip-ua tcp tls connection id " + m.group(1),
                    r"Purging the entry from sip tcp process")
    check("Purging the entry from sip tcp process" in out,
          "clear prints the purge line")
    closed = False
    end = time.time() + 5
    while time.time() < end:
        rr, _, _ = select.select([p.stdout], [], [], 0.2)
        if rr:
            if not os.read(p.stdout.fileno(), 65536):
                closed = True
                break
        if p.poll() is not None:
            closed = True
            break
    check(closed, "the client sees its connection closed")
p.kill()
p.wait()
out = r.command("show sip-ua connections tcp tls brief", r"^Max\. tls")
check(re.search(r"^Total active connections +: 0$", out, re.M) is not None,
      "no TLS connection left")

# SIPp behind socat (interop.md §3.3): plain TCP into socat, TLS to vgw.
if shutil.which("sipp") and shutil.which("socat"):
    write("opt.xml", """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="OPTIONS over TLS">
  <send><![CDATA[

      OPTIONS sip:gw@127.0.0.1:%d SIP/2.0
      Via: SIP/2.0/TLS [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:sipp@[local_ip]:[local_port]>;tag=[call_number]
      To: <sip:gw@127.0.0.1:%d>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Contact: <sip:sipp@[local_ip]:[local_port];transport=tls>
      Content-Length: 0

  ]]></send>
  <recv response="200"/>
</scenario>
""" % (tls_port, tls_port))
    sp = subprocess.Popen(["socat", "TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork"
                           % relay, "OPENSSL:127.0.0.1:%d,cert=%s,cafile=%s,"
                           "verify=1,cn=gw1.test,ciphers=AES128-SHA,max-version=TLS1.2"
                           % (tls_port, path("client.pem"), path("ca.crt"))],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    rc, txt = sh("timeout", "40", "sipp", "127.0.0.1:%d" % relay, "-sf",
                 path("opt.xml"), "-t", "t1", "-i", "127.0.0.1", "-p",
                 str(relay + 1), "-m", "20", "-r", "20", "-nostdin",
                 "-recv_timeout", "3000", "-timeout", "30s", timeout=50)
    sp.kill()
    sp.wait()
    check(rc == 0 and re.search(r"Successful call +\| +0 +\| +20 ", txt) is not None,
          "sipp behind socat: 20 OPTIONS over TLS answered")
else:
    print("skip sipp/socat part: not installed")

r.stop()
check("Traceback" not in r.out and "Segmentation" not in r.out, "vgw ran cleanly")
shutil.rmtree(tmp, ignore_errors=True)
print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
EOF
