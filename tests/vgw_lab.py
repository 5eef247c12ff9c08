# What the multi-router tests share: a vgw process in script mode with
# its stdin kept open (Router: send lines, wait for output), and a test
# PKI made with certtool (a CA, leaves for gateways and clients), imported
# into a router as IOS does (`crypto pki import ... pem terminal`, then
# `crypto pki authenticate` for a peer's CA). Ports come from the kernel
# (free_port.pair), every wait is bounded, each process is ended by its
# own PID, all on 127.0.0.1.
import os
import re
import subprocess
import sys
import threading
import time

import free_port


class Checks:
    """check(cond, what) prints ok/FAIL; done() prints the count and
    exits 1 if anything failed."""

    def __init__(self):
        self.fails = []

    def __call__(self, cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            self.fails.append(what)
        return cond

    def done(self):
        print("%d failed" % len(self.fails))
        sys.exit(1 if self.fails else 0)


def stop_all(procs):
    """Ends the helper processes a test started, by their own handles."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


class Router:
    """vgw in script mode; its output is collected as it comes."""

    def __init__(self, vgw, nvram, extra=(), name="r"):
        os.makedirs(nvram, exist_ok=True)
        self.name = name
        self.sip_port = free_port.pair()
        self.tls_port = self.sip_port + 1
        self.p = subprocess.Popen(
            [vgw, "--nvram", nvram, "--sip-port", str(self.sip_port),
             "--tls-port", str(self.tls_port)] + list(extra),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.out = ""
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            with self.lock:
                self.out += line

    def mark(self):
        with self.lock:
            return len(self.out)

    def since(self, start):
        with self.lock:
            return self.out[start:]

    def send(self, *lines):
        for line in lines:
            self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def wait_for(self, start, pattern, timeout=10):
        """The output since start once pattern shows (or at timeout)."""
        end = time.time() + timeout
        while True:
            chunk = self.since(start)
            if re.search(pattern, chunk, re.M) or time.time() > end:
                return chunk
            time.sleep(0.05)

    def command(self, line, pattern, timeout=10):
        start = self.mark()
        self.send(line)
        return self.wait_for(start, pattern, timeout)

    def show(self, line, timeout=10):
        """An EXEC command's output, up to the next prompt."""
        start = self.mark()
        self.send(line, "")
        # The empty line after it echoes as a bare prompt line.
        out = self.wait_for(start, r"^[^\s#]+#$", timeout)
        return out

    def enable_ca(self, http_port, grant_auto=True, name="CA"):
        """Makes this router the certificate server NAME under `ip http
        server` on http_port (`no shutdown` and its passphrase dialog);
        the transcript once %PKI-6-CS_ENABLED shows."""
        start = self.mark()
        self.send("enable", "configure terminal", "hostname " + name,
                  "ip http server", "ip http port %d" % http_port,
                  "crypto pki server " + name)
        if grant_auto:
            self.send(" grant auto")
        self.send(" no shutdown", "cisco123", "cisco123", " end")
        return self.wait_for(start, r"CS_ENABLED", 20)

    def stop(self):
        try:
            self.p.stdin.close()
        except Exception:
            pass
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        return self.out


class Pki:
    """certtool CAs and leaves in folder d (RSA-2048: RSA key exchange)."""

    def __init__(self, d):
        self.d = d

    def path(self, name):
        return os.path.join(self.d, name)

    def _run(self, *args):
        subprocess.run(args, capture_output=True, timeout=60, check=True)

    def _write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)

    def key(self, name):
        self._run("certtool", "--generate-privkey", "--key-type", "rsa",
                  "--bits", "2048", "--no-text", "--outfile",
                  self.path(name + ".key"))

    def ca(self, name, cn):
        self.key(name)
        self._write(name + ".tmpl", 'cn = "%s"\nserial = 1\n'
                    'expiration_days = 3650\nca\ncert_signing_key\n'
                    'crl_signing_key\n' % cn)
        self._run("certtool", "--generate-self-signed", "--load-privkey",
                  self.path(name + ".key"), "--template",
                  self.path(name + ".tmpl"), "--no-text", "--outfile",
                  self.path(name + ".crt"))

    def leaf(self, name, ca, cn, serial, usage="tls_www_server\n"
             "tls_www_client\n"):
        self.key(name)
        self._write(name + ".tmpl", 'cn = "%s"\nserial = %d\n'
                    'expiration_days = 365\ndns_name = "%s"\n'
                    'ip_address = "127.0.0.1"\n%ssigning_key\n'
                    'encryption_key\n' % (cn, serial, cn, usage))
        self._run("certtool", "--generate-certificate", "--load-privkey",
                  self.path(name + ".key"), "--load-ca-certificate",
                  self.path(ca + ".crt"), "--load-ca-privkey",
                  self.path(ca + ".key"), "--template",
                  self.path(name + ".tmpl"), "--no-text", "--outfile",
                  self.path(name + ".crt"))
        # vgw's `pem terminal` import takes the key as a legacy PEM.
        self._run("openssl", "rsa", "-in", self.path(name + ".key"),
                  "-des3", "-traditional", "-passout", "pass:Secret#123",
                  "-out", self.path(name + "-legacy.key"))

    def lines(self, name):
        with open(self.path(name)) as f:
            return f.read().strip().split("\n")

    def import_identity(self, router, tp, ca, leaf):
        """IOS's `crypto pki import TP pem terminal PASSWORD`: CA, key,
        certificate, each ended by quit."""
        router.send("crypto pki import %s pem terminal Secret#123" % tp,
                    *self.lines(ca + ".crt"), "quit",
                    *self.lines(leaf + "-legacy.key"), "quit",
                    *self.lines(leaf + ".crt"), "quit")
        router.command("crypto pki trustpoint %s" % tp, r"\(ca-trustpoint\)#")
        router.send(" revocation-check none", " exit")

    def authenticate(self, router, tp, ca):
        """A trustpoint holding only a peer's CA (the different-CA
        procedure): `crypto pki authenticate`, pasted, accepted."""
        router.send("crypto pki trustpoint %s" % tp, " enrollment terminal",
                    " revocation-check none", " exit",
                    "crypto pki authenticate %s" % tp,
                    *self.lines(ca + ".crt"), "quit", "yes")
