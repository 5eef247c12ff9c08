#!/bin/sh
# The everyday commands that touch the network, from script mode and over
# telnet: `ping` to loopback gets IOS's "!!!!!" and a 100 percent success
# line; a ping to an address off loopback sends nothing (EGRESS_BLOCKED)
# and fails with dots; `logging host` (with a kernel-chosen UDP port)
# receives syslog lines up to `logging trap`'s level and none above it;
# a vty session is listed by `show line` and `show users`, and `clear
# line` ends it. Loopback only, kernel ports, bounded, vgw ended by PID.
VGW=${VGW:-${BUILD:-build}/vgw}
exec timeout 90 /usr/bin/python3 - "$VGW" <<'PY'
import os, re, shutil, socket, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Router
check = Checks()
tmp = tempfile.mkdtemp(prefix="vgw-everyday-")
tport = free_port.pair()
syslog = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
syslog.bind(("127.0.0.1", 0))
syslog.settimeout(3)
r = Router(vgw, os.path.join(tmp, "nv"), ["--telnet-port", str(tport)])
try:
    r.send("enable")
    out = r.command("ping 127.0.0.1 repeat 3 timeout 1", r"Success rate", 10)
    check("Sending 3, 100-byte ICMP Echos to 127.0.0.1, timeout is 1 "
          "seconds:\n!!!\n" in out and
          re.search(r"Success rate is 100 percent \(3/3\), round-trip "
                    r"min/avg/max = \d+/\d+/\d+ ms", out) is not None,
          "ping 127.0.0.1: !!! and 100 percent")
    out = r.command("ping 192.0.2.1 repeat 2 timeout 1", r"Success rate", 10)
    check("EGRESS_BLOCKED: Traffic to 192.0.2.1" in out and "\n..\n" in out
          and "Success rate is 0 percent (0/2)" in out,
          "ping off loopback: nothing sent, 0 percent")

    start = r.mark()
    r.send("configure terminal",
           "logging host 127.0.0.1 transport udp port %d" %
           syslog.getsockname()[1], "logging trap notifications", "end")
    r.wait_for(start, r"CONFIG_I", 5)
    got = syslog.recv(4096).decode()
    check(re.match(r"<189>\d+: \*?\w+ +\d+ [\d:.]+: %SYS-5-CONFIG_I: "
                   r"Configured from console", got) is not None,
          "logging host receives %SYS-5-CONFIG_I as <189> (local7.notice)")
    r.send("configure terminal", "logging trap warnings", "end")
    time.sleep(0.5)
    try:
        syslog.settimeout(1)
        late = syslog.recv(4096).decode()
    except socket.timeout:
        late = ""
    check(late == "", "above logging trap's level nothing is sent (%r)" %
          late)
    show = r.show("show logging")
    check(re.search(r"Logging to 127\.0\.0\.1  \(udp port %d" %
                    syslog.getsockname()[1], show) is not None,
          "show logging lists the host")

    r.send("configure terminal", "line vty 0 4", " no login", " end")
    time.sleep(0.3)
    t = socket.create_connection(("127.0.0.1", tport), timeout=5)
    time.sleep(0.5)
    lines = r.show("show line")
    users = r.show("show users")
    check(re.search(r"^\*\s+2 VTY\s+-", lines, re.M) is not None and
          "vty 0" in users, "show line and show users list the vty")
    start = r.mark()
    r.send("clear line 2", "")
    r.wait_for(start, r"\[OK\]", 5)
    t.settimeout(3)
    gone = False
    try:
        while True:
            if t.recv(4096) == b"":
                gone = True
                break
    except OSError:
        gone = True
    check(gone, "clear line 2 closes the telnet connection")
    t.close()
finally:
    r.stop()
    syslog.close()
    shutil.rmtree(tmp, ignore_errors=True)
check.done()
PY
