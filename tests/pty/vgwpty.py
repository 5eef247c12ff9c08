# Shared by the pty tests: starts build/vgw on a pseudo-terminal with a
# fresh NVRAM folder, so readline, `?`, TAB, Ctrl-Z and the pager run as
# on a real console. Every wait is bounded (pexpect timeout).
import os
import shutil
import sys
import tempfile

import pexpect

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import free_port  # noqa: E402


class Console:
    def __init__(self, timeout=10, args=()):
        vgw = os.environ.get("VGW") or os.path.join(
            os.path.dirname(__file__), "..", "..", "build", "vgw")
        self.nvram = tempfile.mkdtemp(prefix="vgw-pty.")
        # Ports from the kernel, never 5060/5061 another program may hold.
        if "--sip-port" not in args:
            port = free_port.pair()
            args = ("--sip-port", str(port), "--tls-port",
                    str(port + 1)) + tuple(args)
        self.child = pexpect.spawn(vgw, ["--nvram", self.nvram] + list(args),
                                   encoding="utf-8", timeout=timeout,
                                   dimensions=(24, 80))
        self.child.logfile_read = sys.stdout
        self.expect_exact("Router>")

    def expect_exact(self, text):
        return self.child.expect_exact(text)

    def expect(self, pattern):
        return self.child.expect(pattern)

    def send(self, text):
        self.child.send(text)

    def line(self, text, prompt):
        """Types a line and waits for the prompt that follows it."""
        self.child.send(text + "\r")
        self.child.expect_exact(prompt)
        return self.child.before

    def enable(self):
        self.line("enable", "Router#")

    def close(self):
        if self.child.isalive():
            self.child.sendcontrol("z")
            self.child.send("exit\r")
            try:
                self.child.expect(pexpect.EOF, timeout=5)
            except pexpect.TIMEOUT:
                pass
        self.child.close(force=True)
        shutil.rmtree(self.nvram, ignore_errors=True)


def free_udp_tcp_port():
    """A port free for UDP and TCP, and the next one (for TLS)."""
    return free_port.pair()


def fail(msg):
    print("\nFAIL: " + msg)
    sys.exit(1)
