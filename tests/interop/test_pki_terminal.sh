#!/bin/sh
# Terminal enrollment against a certtool CA, proved by real tools: certtool
# --crq-info and openssl req -verify accept vgw's request and show its
# subject and attributes; certtool signs it and `crypto pki import` takes
# it; `crypto pki export ... pem terminal 3des|des` is decrypted by
# `openssl rsa -passin` to the certificate's public key and the exported
# chain passes `certtool --verify`; a second vgw imports the identity (the
# "different CA" exchange); keys survive restart with mode 0600; bad input
# (wrong passphrase, a certificate for another key, a non-CA certificate,
# garbled PEM) is refused and changes nothing.
VGW=${VGW:-build/vgw}
command -v certtool >/dev/null && command -v openssl >/dev/null || exit 77
exec timeout 240 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, subprocess, sys, tempfile

vgw = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="vgw-pki-")
import socket

def free_port_pair():
    """Two free consecutive TCP ports on 127.0.0.1 (SIP and SIP-TLS)."""
    for _ in range(50):
        a = socket.socket()
        a.bind(("127.0.0.1", 0))
        p = a.getsockname()[1]
        b = socket.socket()
        try:
            b.bind(("127.0.0.1", p + 1))
            return p
        except OSError:
            pass
        finally:
            a.close()
            b.close()
    return 30000 + os.getpid() % 20000

port = free_port_pair()
fails = []

def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)

def sh(*args, inp=None):
    r = subprocess.run(args, input=inp, capture_output=True, text=True,
                       timeout=60)
    return r.returncode, r.stdout + r.stderr

def vgw_run(nvram, lines):
    r = subprocess.run([vgw, "--nvram", nvram, "--sip-port", str(port),
                        "--tls-port", str(port + 1)],
                       input="\n".join(lines) + "\n", capture_output=True,
                       text=True, timeout=120)
    if "Sanitizer" in r.stderr or "runtime error" in r.stderr:
        check(False, "vgw runs cleanly under the sanitizers:\n" + r.stderr[-3000:])
    return r.stdout

def write(name, text):
    p = os.path.join(tmp, name)
    with open(p, "w") as f:
        f.write(text)
    return p

def pubkey(text):
    m = re.search(r"-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----", text, re.S)
    return m.group(0) if m else None

def between(text, start, end):
    i = text.index(start) + len(start)
    return text[i:text.index(end, i)]

# The CA.
ca_key = os.path.join(tmp, "ca.key")
ca_pem = os.path.join(tmp, "ca.pem")
sh("certtool", "--generate-privkey", "--bits", "2048", "--outfile", ca_key)
write("ca.tmpl", 'cn = "Lab CA"\nca\ncert_signing_key\ncrl_signing_key\n'
      'expiration_days = 3650\n')
sh("certtool", "--generate-self-signed", "--load-privkey", ca_key,
   "--template", os.path.join(tmp, "ca.tmpl"), "--outfile", ca_pem)
ca_text = open(ca_pem).read().strip().split("\n")

nv_a = os.path.join(tmp, "nv-a")
nv_b = os.path.join(tmp, "nv-b")
os.makedirs(nv_a)
os.makedirs(nv_b)

# vgw A: key, trustpoint, authenticate, enroll, save.
out = vgw_run(nv_a, [
    "enable", "configure terminal", "hostname gw1", "ip domain name lab.local",
    "crypto key generate rsa general-keys label kp1 exportable modulus 1024",
    "crypto pki trustpoint tp1", " enrollment terminal",
    " subject-name CN=gw1.lab.local,O=Lab", " serial-number",
    " ip-address 127.0.0.2", " password cisco123", " revocation-check none",
    " rsakeypair kp1", " exit",
    "crypto pki authenticate tp1"] + ca_text + ["quit", "yes",
    "crypto pki enroll tp1", "yes", "no", "end", "write memory",
    "show crypto key mypubkey rsa"])
check("% Certificate successfully imported" in out, "authenticate accepts the CA")
check(" password 7 " in vgw_run(nv_a, ["enable", "show running-config"]),
      "trustpoint password is stored as type 7")
csr_b64 = between(out, "Certificate Request follows:\n\n",
                  "\n---End - This line not part of the certificate request---")
csr = write("gw1.csr", "-----BEGIN NEW CERTIFICATE REQUEST-----\n" +
            csr_b64.strip() + "\n-----END NEW CERTIFICATE REQUEST-----\n")
rc, info = sh("certtool", "--crq-info", "--infile", csr)
check(rc == 0 and "CN=gw1.lab.local" in info and "O=Lab" in info,
      "certtool --crq-info shows the subject")
check("cisco123" in info, "certtool shows the challenge password")
rc, txt = sh("openssl", "req", "-in", csr, "-noout", "-verify", "-text")
check(rc == 0 and "verify OK" in txt, "openssl req -verify accepts the request")
check("unstructuredName" in txt and "gw1.lab.local" in txt and
      "unstructuredAddress" in txt and "127.0.0.2" in txt and
      "serialNumber" in txt, "openssl shows unstructuredName/Address, serialNumber")
check("challengePassword" in txt, "openssl shows the challengePassword attribute")
pub_a = out.split(" Key Data:\n")[1].split("gw1#")[0]

# certtool signs the request.
write("gw.tmpl", "tls_www_server\ntls_www_client\nsigning_key\n"
      "encryption_key\nexpiration_days = 365\n")
gw_pem = os.path.join(tmp, "gw1.pem")
rc, _ = sh("certtool", "--generate-certificate", "--load-request", csr,
           "--load-ca-certificate", ca_pem, "--load-ca-privkey", ca_key,
           "--template", os.path.join(tmp, "gw.tmpl"), "--outfile", gw_pem)
check(rc == 0, "certtool signs the request")
gw_text = open(gw_pem).read().strip().split("\n")

# A certificate for another key is refused.
other_key = os.path.join(tmp, "other.key")
sh("certtool", "--generate-privkey", "--bits", "1024", "--outfile", other_key)
write("other.tmpl", 'cn = "other"\nexpiration_days = 30\n')
other_pem = os.path.join(tmp, "other.pem")
sh("certtool", "--generate-certificate", "--load-privkey", other_key,
   "--load-ca-certificate", ca_pem, "--load-ca-privkey", ca_key,
   "--template", os.path.join(tmp, "other.tmpl"), "--outfile", other_pem)
out = vgw_run(nv_a, ["enable", "configure terminal",
    "crypto pki import tp1 certificate"] +
    open(other_pem).read().strip().split("\n") + ["quit", "end",
    "show crypto pki certificates tp1"])
check("does not match the key pair" in out and
      "Router Certificate successfully imported" not in out,
      "a certificate for another key is refused")

# vgw A after restart: same key, import the signed certificate, export.
st = os.stat(os.path.join(nv_a, "rsa-kp1.key"))
check((st.st_mode & 0o777) == 0o600, "key file has mode 0600")
out = vgw_run(nv_a, ["enable", "show crypto key mypubkey rsa",
    "configure terminal", "crypto pki import tp1 certificate"] + gw_text +
    ["quit", "end", "write memory", "show crypto pki certificates tp1",
     "configure terminal", "crypto pki export tp1 pem terminal 3des Secret#123",
     "crypto pki export tp1 pem terminal des Secret#456",
     "crypto pki export tp1 pem terminal 3des short", "end"])
check(pub_a in out, "the key survives a restart")
check("% Router Certificate successfully imported" in out,
      "crypto pki import takes the certtool-signed certificate")
check("Status: Available" in out and "Name: gw1.lab.local" in out and
      "Associated Trustpoints: tp1" in out, "show crypto pki certificates")
check("% Passphrase is too short, needs to be at least 8 chars" in out,
      "short passphrase refused")
keys = re.findall(r"-----BEGIN RSA PRIVATE KEY-----.*?-----END RSA PRIVATE KEY-----\n",
                  out, re.S)
check(len(keys) == 2 and "DEK-Info: DES-EDE3-CBC," in keys[0] and
      "DEK-Info: DES-CBC," in keys[1], "export writes legacy encrypted PEM")
rc, crt_pub = sh("openssl", "x509", "-in", gw_pem, "-noout", "-pubkey")
k3 = write("k3.pem", keys[0])
rc, p3 = sh("openssl", "rsa", "-in", k3, "-passin", "pass:Secret#123", "-pubout")
check(rc == 0 and pubkey(p3) is not None and pubkey(p3) == pubkey(crt_pub),
      "openssl rsa decrypts the 3DES key to the certificate's public key")
k1 = write("k1.pem", keys[1])
rc, p1 = sh("openssl", "rsa", "-provider", "legacy", "-provider", "default",
            "-in", k1, "-passin", "pass:Secret#456", "-pubout")
check(rc == 0 and pubkey(p1) is not None and pubkey(p1) == pubkey(crt_pub),
      "openssl rsa decrypts the DES key to the certificate's public key")
rc, _ = sh("openssl", "rsa", "-in", k3, "-passin", "pass:wrong-pass", "-noout")
check(rc != 0, "openssl refuses a wrong passphrase")
export = out[out.index("crypto pki export tp1 pem terminal 3des"):]
certs = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n",
                   export, re.S)
chain = write("chain.pem", certs[1] + certs[0])
rc, v = sh("certtool", "--verify", "--load-ca-certificate", ca_pem,
           "--infile", chain)
check(rc == 0 and "Verified" in v, "certtool --verify accepts the exported chain")

# vgw B: wrong passphrase changes nothing, then the right one imports.
blocks = [certs[0], keys[0], certs[1]]
def import_lines(tp, pw):
    lines = ["enable", "configure terminal",
             "crypto pki import %s pem terminal %s" % (tp, pw)]
    for b in blocks:
        lines += b.strip().split("\n") + ["quit"]
    return lines + ["end"]
out = vgw_run(nv_b, import_lines("gw1id", "Wrong#pass") +
              ["show crypto pki trustpoints", "show crypto key mypubkey rsa",
               "show running-config"])
check("% PEM files import failed." in out and "Trustpoint gw1id" not in out
      and "Key name" not in out and "crypto pki" not in out.split("show running-config")[-1],
      "a wrong passphrase stores nothing")
out = vgw_run(nv_b, import_lines("gw1id", "Secret#123") +
              ["show crypto pki certificates", "write memory"])
check("% PEM files import succeeded." in out and "Name: gw1.lab.local" in out,
      "a second vgw imports the identity (different CA exchange)")
out = vgw_run(nv_b, ["enable", "show crypto pki trustpoints status",
                     "configure terminal",
                     "crypto pki export gw1id pem terminal 3des Secret#789"])
check("Keys generated ............. Yes (General Purpose, non-exportable)" in out,
      "imported key is non-exportable without the keyword")
check("is not exportable" in out and "BEGIN RSA PRIVATE KEY" not in out,
      "a non-exportable key is never exported")

# The same identity through files: export url nvram:F on A, the three
# files copied to C's NVRAM, import pem url nvram:F there.
out = vgw_run(nv_a, ["enable", "configure terminal",
    "crypto pki export tp1 pem url nvram:gw1 3des Secret#654",
    "crypto pki export tp1 pem url nvram:../x 3des Secret#654", "end"])
check(out.count("% Exported to nvram:gw1.") == 3 and "Bad file name" in out,
      "export url nvram: writes three files, refuses a path")
st = os.stat(os.path.join(nv_a, "gw1.prv"))
check((st.st_mode & 0o777) == 0o600, "the exported key file has mode 0600")
nv_d = os.path.join(tmp, "nv-d")
os.makedirs(nv_d)
for ext in ("ca", "prv", "crt"):
    subprocess.run(["cp", os.path.join(nv_a, "gw1." + ext), nv_d], check=True)
out = vgw_run(nv_d, ["enable", "configure terminal",
    "crypto pki import gw1 pem url nvram:gw1 Secret#654", "end",
    "show crypto pki certificates gw1"])
check("% PEM files import succeeded." in out and "Name: gw1.lab.local" in out,
      "import pem url nvram: reads the three files back")

# Bad CA input.
out = vgw_run(nv_b, ["enable", "configure terminal", "crypto pki trustpoint t3",
    " enrollment terminal", " exit", "crypto pki authenticate t3"] + gw_text +
    ["quit", "crypto pki authenticate t3", "-----BEGIN CERTIFICATE-----",
     "MIIC8jCCAdqgAwIBAgIUSr0bqittbMT", "-----END CERTIFICATE-----", "quit",
     "end", "show crypto pki certificates t3"])
check("not a self-signed CA certificate" in out, "a non-CA certificate is refused")
check("is not a valid certificate" in out or "not a base 64" in out,
      "a truncated PEM is refused")
check("Associated Trustpoints: t3" not in out, "nothing stored for t3")

# crypto key export/import rsa: the pair alone, to a third NVRAM.
out = vgw_run(nv_a, ["enable", "configure terminal",
                     "crypto key export rsa kp1 pem terminal 3des Secret#321"])
pubs = re.findall(r"-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----\n", out, re.S)
prvs = re.findall(r"-----BEGIN RSA PRIVATE KEY-----.*?-----END RSA PRIVATE KEY-----\n", out, re.S)
check(len(pubs) == 1 and len(prvs) == 1 and pubkey(pubs[0]) == pubkey(crt_pub),
      "crypto key export rsa prints the public key and the encrypted private key")
nv_c = os.path.join(tmp, "nv-c")
os.makedirs(nv_c)
def key_import(label, pub, prv, pw):
    return ["configure terminal", "crypto key import rsa %s pem terminal %s" % (label, pw)] + \
        pub.strip().split("\n") + ["quit"] + prv.strip().split("\n") + ["quit", "end"]
other_pub = sh("openssl", "rsa", "-in", other_key, "-pubout")[1]
out = vgw_run(nv_c, ["enable"] + key_import("kx", pubkey(other_pub), prvs[0], "Secret#321") +
              key_import("ky", pubs[0], prvs[0], "Secret#000") +
              key_import("kz", pubs[0], prvs[0], "Secret#321") +
              ["show crypto key mypubkey rsa"])
check(out.count("% Key pair import failed.") == 2 and "Key name: kx" not in out
      and "Key name: ky" not in out, "mismatched halves and a wrong passphrase are refused")
check("% Key pair import succeeded." in out and "Key name: kz" in out and
      " Key is not exportable." in out, "crypto key import rsa stores the pair")

# enrollment selfsigned: a router certificate certtool accepts as its own CA.
out = vgw_run(nv_b, ["enable", "configure terminal", "crypto pki trustpoint ss",
    " enrollment selfsigned", " serial-number none", " ip-address none",
    " rsakeypair ssk 1024", " exit", "crypto pki enroll ss", "yes",
    "crypto pki export ss pem terminal", "end"])
check("Router Self Signed Certificate successfully created" in out,
      "enrollment selfsigned creates the router certificate")
ss = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n",
                out, re.S)
if ss:
    p = write("ss.pem", ss[0])
    rc, v = sh("certtool", "--verify", "--load-ca-certificate", p, "--infile", p)
    check(rc == 0 and "Verified" in v, "certtool verifies the self-signed certificate")
else:
    check(False, "the self-signed certificate is exported")

print("%d failed" % len(fails))
subprocess.run(["rm", "-rf", tmp])
sys.exit(1 if fails else 0)
EOF
