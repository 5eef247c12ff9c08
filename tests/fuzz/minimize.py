#!/usr/bin/python3
"""
Shrinks a vgw script-mode input that makes vgw crash (killed by a signal,
a sanitizer report, or an exit status above 1) to a small input that still
does: whole lines are removed while the crash stays (ddmin), then each
remaining line is shortened from its end.

Usage: minimize.py VGW INPUT [OUTPUT]   (default OUTPUT: INPUT.min)
Each try runs `VGW --nvram <fresh dir> --sip-port P --tls-port P+1` with
a 30 s limit.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

SAN = (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer",
       b"runtime error:")


def crashes(vgw, lines, port):
    nv = tempfile.mkdtemp(prefix="vgw-min.")
    try:
        p = subprocess.run([vgw, "--nvram", nv, "--sip-port", str(port),
                            "--tls-port", str(port + 1)],
                           input=b"\n".join(lines) + b"\n",
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=30)
    except subprocess.TimeoutExpired:
        return False
    finally:
        shutil.rmtree(nv, ignore_errors=True)
    if p.returncode < 0 or p.returncode > 1:
        return True
    return any(s in p.stderr for s in SAN)


def ddmin(vgw, lines, port):
    n = 2
    while len(lines) >= 2:
        size = len(lines) // n
        done = False
        for i in range(n):
            rest = lines[:i * size] + lines[(i + 1) * size:]
            if rest and crashes(vgw, rest, port):
                lines = rest
                n = max(n - 1, 2)
                done = True
                break
        if not done:
            if n >= len(lines):
                break
            n = min(len(lines), n * 2)
    return lines


def shorten(vgw, lines, port):
    for i in range(len(lines)):
        while len(lines[i]) > 1:
            cut = lines[:i] + [lines[i][:len(lines[i]) // 2]] + lines[i + 1:]
            if not crashes(vgw, cut, port):
                break
            lines = cut
    return lines


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    vgw, src = sys.argv[1], sys.argv[2]
    dst = sys.argv[3] if len(sys.argv) > 3 else src + ".min"
    port = 27000 + random.Random(os.getpid()).randrange(1000) * 2
    lines = open(src, "rb").read().split(b"\n")
    if not crashes(vgw, lines, port):
        sys.exit("minimize: %s does not crash %s" % (src, vgw))
    lines = shorten(vgw, ddmin(vgw, lines, port), port)
    with open(dst, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")
    print("%d lines in %s" % (len(lines), dst))


if __name__ == "__main__":
    main()
