#!/bin/sh
# Telnet vty lines (--telnet-port): IOS's default (`line vty 0 4` with
# `login` and no password) refuses with "Password required, but none
# set"; `login` with a line password asks it (three wrong tries: "% Bad
# passwords" and the connection closes); `login local` asks Username and
# Password against `username` (a `secret` kept as type 5), "% Login
# invalid" on a wrong one, the user's privilege opens privileged EXEC; two
# vty sessions and the console share one configuration, each in its own
# mode; `?` lists help on a vty; a change made on a vty logs
# %SYS-5-CONFIG_I with the user, line and address; `exit` closes the
# connection. Loopback, ports from the kernel, bounded, PIDs.
VGW=${VGW:-${BUILD:-build}/vgw}
exec timeout 120 /usr/bin/python3 -W ignore - "$VGW" <<'EOF'
import os, re, shutil, sys, tempfile, time
import telnetlib

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Router
check = Checks()
tmp = tempfile.mkdtemp(prefix="vgw-vty-")
tport = free_port.pair()

def connect():
    return telnetlib.Telnet("127.0.0.1", tport, 5)

def read_rest(t, timeout=5):
    """Everything until the server closes (telnetlib may find the socket
    closed while answering an option: what came is kept)."""
    out = b""
    end = time.time() + timeout
    while time.time() < end:
        try:
            chunk = t.read_very_eager()
            if chunk:
                out += chunk
                continue
            if t.eof:
                break
            chunk = t.read_some()
            if chunk == b"":
                break
            out += chunk
        except (EOFError, OSError):
            break
    try:
        out += t.read_very_lazy()
    except (EOFError, OSError):
        pass
    return out.decode(errors="replace")

def upto(t, pat, timeout=5):
    _, m, data = t.expect([pat.encode()], timeout)
    return data.decode(errors="replace")

r = Router(vgw, os.path.join(tmp, "nv"), ["--telnet-port", str(tport)])
try:
    r.command("enable", r"#")
    time.sleep(0.3)
    t = connect()
    out = read_rest(t)
    check("Password required, but none set" in out,
          "the default vty (login, no password) refuses: %r" % out.strip())

    r.send("configure terminal", "line vty 0 4", " password lab123",
           " end")
    time.sleep(0.3)
    t = connect()
    out = upto(t, "Password: ")
    check("User Access Verification" in out, "login: User Access "
          "Verification, Password:")
    for bad in ("x1", "x2", "x3"):
        t.write(bad.encode() + b"\r\n")
    out = read_rest(t)
    check("% Bad passwords" in out, "three wrong passwords: % Bad passwords"
          " and the line closes")
    t = connect()
    upto(t, "Password: ")
    t.write(b"lab123\r\n")
    out = upto(t, "Router>")
    check(out.endswith("Router>"), "the line password opens user EXEC")
    t.write(b"exit\r\n")
    read_rest(t)

    r.send("configure terminal", "username admin privilege 15 secret s3cret",
           "username op password oppw", "line vty 0 4", " login local",
           " end")
    run = r.show("show running-config | include username")
    check(re.search(r"^username admin privilege 15 secret 5 \$1\$", run,
                    re.M) is not None and "username op password 0 oppw" in run,
          "username secret kept as type 5, password as 0")
    t = connect()
    upto(t, "Username: ")
    t.write(b"admin\r\n")
    upto(t, "Password: ")
    t.write(b"wrong\r\n")
    out = upto(t, "Username: ")
    check("% Login invalid" in out, "a wrong password: % Login invalid")
    t.write(b"admin\r\n")
    upto(t, "Password: ")
    t.write(b"s3cret\r\n")
    out = upto(t, "Router#")
    check(out.endswith("Router#"), "username admin (privilege 15): Router#")
    u = connect()
    upto(u, "Username: ")
    u.write(b"op\r\n")
    upto(u, "Password: ")
    u.write(b"oppw\r\n")
    out = upto(u, "Router>")
    check(out.endswith("Router>"), "a second vty session at the same time")

    # Each its own mode; one configuration.
    t.write(b"configure terminal\r\n")
    upto(t, "(config)#")
    t.write(b"hostname vtyrouter\r\n")
    out = upto(t, "vtyrouter(config)#")
    check(out.endswith("vtyrouter(config)#"), "hostname set from a vty")
    u.write(b"show clock ?\r\n")
    out = upto(u, "vtyrouter>")
    check("<cr>" in out and "vtyrouter>" in out,
          "the other vty stays in user EXEC, `?` lists help there")
    t.write(b"end\r\n")
    upto(t, "vtyrouter#")
    t.write(b"show users\r\n")
    out = upto(t, "Peer Address")
    check(re.search(r"^\*\s+\d+ vty \d+\s+admin\s+idle\s+\d\d:\d\d:\d\d"
                    r"\s+127\.0\.0\.1\r?$", out, re.M) is not None and
          re.search(r"^ \s+\d+ vty \d+\s+op\s+idle", out, re.M) is not None
          and re.search(r"^ \s+0 con 0\s+idle", out, re.M) is not None,
          "show users: the console, both vty sessions, mine marked *")
    cons = r.show("show running-config | include hostname")
    check("hostname vtyrouter" in cons, "the console sees the change")
    check(re.search(r"%SYS-5-CONFIG_I: Configured from console by admin on "
                    r"vty\d+ \(127\.0\.0\.1\)", r.out) is not None,
          "%SYS-5-CONFIG_I names user, line and address")
    if check.fails and check.fails[-1].startswith("%SYS"):
        print(re.findall(r".*CONFIG_I.*", r.out))
    t.write(b"exit\r\n")
    read_rest(t)
    try:
        t.read_very_eager()
        closed = t.eof
    except EOFError:
        closed = True
    check(closed, "exit closes the connection")
    u.close()
finally:
    r.stop()
    shutil.rmtree(tmp, ignore_errors=True)
check.done()
EOF
