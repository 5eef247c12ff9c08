#!/bin/sh
# netmiko (Debian's python3-netmiko 2.4.2, device type cisco_ios_telnet)
# drives vgw's telnet vty as it drives IOS: login local, its session
# preparation (terminal length 0, terminal width 511), send_command of a
# long output (show version, over 1 KB), send_config_set into two modes,
# and the result read back. Loopback, kernel port, bounded, PID.
VGW=${VGW:-${BUILD:-build}/vgw}
/usr/bin/python3 -c 'import netmiko' 2>/dev/null ||
	{ echo "SKIP: python3-netmiko missing"; exit 77; }
exec timeout 120 /usr/bin/python3 -W ignore - "$VGW" <<'PY'
import os, shutil, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from netmiko import ConnectHandler
from vgw_lab import Checks, Router
check = Checks()
tmp = tempfile.mkdtemp(prefix="vgw-netmiko-")
tport = free_port.pair()
r = Router(vgw, os.path.join(tmp, "nv"), ["--telnet-port", str(tport)])
try:
    r.send("enable", "configure terminal",
           "username admin privilege 15 secret cisco", "line vty 0 4",
           " login local", " end")
    r.show("show running-config | include username")
    c = ConnectHandler(device_type="cisco_ios_telnet", host="127.0.0.1",
                       port=tport, username="admin", password="cisco",
                       secret="cisco", timeout=20)
    check(c.find_prompt() == "Router#", "netmiko logs in: Router#")
    v = c.send_command("show version")
    check(v.startswith("Cisco IOS Software, 2800 Software") and
          "Configuration register is" in v and len(v) > 1024,
          "send_command returns show version whole (%d bytes)" % len(v))
    out = c.send_config_set(["hostname nm1", "dial-peer voice 9 voip",
                             " destination-pattern 9999"])
    check("nm1(config-dial-peer)#" in out, "send_config_set through two modes")
    run = c.send_command("show running-config | include ^hostname|^dial-peer")
    check("hostname nm1" in run and "dial-peer voice 9 voip" in run,
          "the configuration reads back")
    c.disconnect()
finally:
    r.stop()
    shutil.rmtree(tmp, ignore_errors=True)
check.done()
PY
