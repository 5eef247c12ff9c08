# An endless line (/dev/zero has no newline) is read in bounded memory by
# script mode and by --check: the over-long line is refused at
# EXEC_LINE_MAX (8192) and the rest dropped, instead of the line buffer
# doubling without end. Each vgw runs 2 s; its peak RSS must stay small.
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import free_port  # noqa: E402

VGW = os.environ.get("VGW", "build/vgw")
LIMIT_KB = 150 * 1024   # the ASan build starts near 60 MB


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(args, what):
    with open("/dev/zero", "rb") as zero, tempfile.TemporaryDirectory() as nv:
        port = free_port.pair()
        p = subprocess.Popen([VGW, "--nvram", nv, "--sip-port", str(port),
                              "--tls-port", str(port + 1)] + args,
                             stdin=zero,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        peak = 0
        alive = False
        deadline = time.monotonic() + 2.0
        try:
            while time.monotonic() < deadline and p.poll() is None:
                peak = max(peak, rss_kb(p.pid))
                if peak > LIMIT_KB:
                    break
                time.sleep(0.05)
            alive = p.poll() is None
        finally:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
            p.wait()
    print("%s: peak RSS %d kB" % (what, peak))
    if peak > LIMIT_KB:
        print("FAIL: %s grows without bound (%d kB)" % (what, peak))
        sys.exit(1)
    # Still reading after 2 s: it did not stop at the first line.
    if not alive or peak < 1024:
        print("FAIL: %s: exited early (exit %s) or RSS unreadable"
              % (what, p.returncode))
        sys.exit(1)


run([], "script mode < /dev/zero")
run(["--check", "-"], "--check - < /dev/zero")
print("OK")
