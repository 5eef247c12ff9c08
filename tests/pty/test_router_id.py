# One router identity: the Processor board ID of `show version` is the
# serialNumber that `crypto pki enroll` (serial-number) puts in the request,
# as certtool reads it back (core/router_id.h). Script mode, certtool CA.
import os, re, shutil, socket, subprocess, sys, tempfile

vgw = os.environ.get("VGW", "build/vgw")
if shutil.which("certtool") is None:
    print("certtool missing")
    sys.exit(77)
tmp = tempfile.mkdtemp(prefix="vgw-id-")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def sh(*args):
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def fail(what):
    print("FAIL " + what)
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1)


try:
    ca_key = os.path.join(tmp, "ca.key")
    ca_pem = os.path.join(tmp, "ca.pem")
    tmpl = os.path.join(tmp, "ca.tmpl")
    with open(tmpl, "w") as f:
        f.write('cn = "Lab CA"\nca\ncert_signing_key\nexpiration_days = 3650\n')
    sh("certtool", "--generate-privkey", "--bits", "2048", "--outfile", ca_key)
    sh("certtool", "--generate-self-signed", "--load-privkey", ca_key,
       "--template", tmpl, "--outfile", ca_pem)
    ca_text = open(ca_pem).read().strip().split("\n")
    nv = os.path.join(tmp, "nv")
    os.makedirs(nv)
    lines = ["show version", "enable", "configure terminal",
             "hostname gw1", "ip domain name lab.local",
             "crypto key generate rsa general-keys label kp1 modulus 1024",
             "crypto pki trustpoint tp1", " enrollment terminal",
             " subject-name CN=gw1.lab.local", " serial-number",
             " ip-address none", " rsakeypair kp1", " exit",
             "crypto pki authenticate tp1"] + ca_text + [
             "quit", "yes", "crypto pki enroll tp1", "yes", "no", "end"]
    port = free_port()
    r = subprocess.run([vgw, "--nvram", nv, "--sip-port", str(port),
                        "--tls-port", str(free_port())],
                       input="\n".join(lines) + "\n", capture_output=True,
                       text=True, timeout=120)
    out = r.stdout
    m = re.search(r"^Processor board ID (\S+)$", out, re.M)
    if m is None:
        fail("show version has no Processor board ID:\n" + out[:2000])
    board = m.group(1)
    said = "% The serial number in the certificate will be: " + board
    if said not in out:
        fail("enroll does not announce the board ID %s:\n%s" % (board, out[-3000:]))
    m = re.search(r"Certificate Request follows:\n\n(.*?)\n---End", out, re.S)
    if m is None:
        fail("no certificate request:\n" + out[-3000:])
    csr = os.path.join(tmp, "gw1.csr")
    with open(csr, "w") as f:
        f.write("-----BEGIN NEW CERTIFICATE REQUEST-----\n" +
                m.group(1).strip() +
                "\n-----END NEW CERTIFICATE REQUEST-----\n")
    rc, info = sh("certtool", "--crq-info", "--infile", csr)
    if rc != 0:
        fail("certtool cannot read the request:\n" + info)
    m = re.search(r"Subject: (.*)", info)
    if m is None or ("serialNumber=" + board) not in m.group(1):
        fail("request subject lacks serialNumber=%s: %s" %
             (board, m.group(1) if m else info[:1000]))
    print("ok   show version board ID %s is the request's serialNumber" % board)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
