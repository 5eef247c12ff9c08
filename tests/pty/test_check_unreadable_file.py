# vgw --check on a file that opens but cannot be read (a directory) says
# why on stderr, as for a file that does not open, and exits 1; it used to
# take the read error for end of input and pass the "file".
import os
import subprocess
import sys
import tempfile

VGW = os.environ.get("VGW", "build/vgw")


def check(path, stdin=None):
    with tempfile.TemporaryDirectory() as nv:
        return subprocess.run([VGW, "--nvram", nv, "--check", path],
                              stdin=stdin, capture_output=True, text=True,
                              timeout=30)


def expect(r, err, what):
    if r.returncode != 1 or r.stderr != err or r.stdout != "":
        print("FAIL %s: exit %d, stderr %r, stdout %r (wanted exit 1, %r)"
              % (what, r.returncode, r.stderr, r.stdout, err))
        sys.exit(1)


expect(check("/"), "vgw: /: Is a directory\n", "--check /")
fd = os.open("/", os.O_RDONLY)
try:
    expect(check("-", stdin=fd), "vgw: stdin: Is a directory\n",
           "--check - < /")
finally:
    os.close(fd)
expect(check("/nonexistent/x.cfg"),
       "vgw: /nonexistent/x.cfg: No such file or directory\n",
       "--check of a missing file")
print("OK")
