#!/bin/sh
# The vty lines as automation uses them: netmiko (Debian's 2.4.2 with
# paramiko 2.12) over SSH (`cisco_ios`) and telnet, unmodified.
# - SSH with login local; the host key is the router's RSA key
#   (`crypto key generate rsa`, the public key paramiko sees equals `show
#   crypto key mypubkey rsa`'s); show version, show ssh, show users.
# - send_config_set, save_config ([OK]), and `crypto pki authenticate`
#   against a vgw CA with its question answered by the next line while
#   the command waits for the CA (type-ahead kept).
# - TextFSM templates of ours (tests/textfsm) parse `show ip interface
#   brief`, `show sip-ua connections tcp tls brief` and `show crypto pki
#   certificates` through netmiko's use_textfsm.
# - Three clients at once (two SSH, one telnet), each sees the others'
#   changes.
# - Hostile clients: garbage, an IAC flood, a 1 MB line, a disconnect in
#   the middle of a question; a wrong SSH password is refused at once, a
#   wrong telnet one with "% Login invalid" after a pause; the router and
#   the other sessions go on; nothing listens off loopback.
# Loopback only, kernel ports, bounded, each vgw ended by its PID.
VGW=${VGW:-${BUILD:-build}/vgw}
/usr/bin/python3 -c 'import netmiko, textfsm' 2>/dev/null ||
	{ echo "SKIP: python3-netmiko or python3-textfsm missing"; exit 77; }
NET_TEXTFSM=$PWD/tests/textfsm
export NET_TEXTFSM
exec timeout 240 /usr/bin/python3 -W ignore - "$VGW" <<'PY'
import os, re, shutil, socket, subprocess, sys, tempfile
import threading, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
import paramiko
from cryptography.hazmat.primitives.serialization import load_der_public_key
from netmiko import ConnectHandler
from netmiko.ssh_exception import NetMikoAuthenticationException
from vgw_lab import Checks, Router
check = Checks()
tmp = tempfile.mkdtemp(prefix="vgw-ssh-")
sport, tport, hport = free_port.pair(), free_port.pair(), free_port.pair()
r = Router(vgw, os.path.join(tmp, "nv"), ["--ssh-port", str(sport),
                                          "--telnet-port", str(tport)])
ca = Router(vgw, os.path.join(tmp, "nvca"), name="ca")


def ssh(**kw):
    return ConnectHandler(device_type="cisco_ios", host="127.0.0.1",
                          port=sport, username="admin", password="cisco",
                          secret="cisco", timeout=20, **kw)


try:
    ca.enable_ca(hport, grant_auto=False)
    start = r.mark()
    r.send("enable", "configure terminal", "hostname gw1",
           "ip domain name lab.local",
           "username admin privilege 15 secret cisco", "line vty 0 4",
           " login local", " exit", "crypto key generate rsa modulus 1024",
           "end")
    r.wait_for(start, r"SYS-5-CONFIG_I", 20)
    key = r.show("show crypto key mypubkey rsa")
    hexdata = re.search(r"Key Data:\n((?:  [0-9A-F ]+\n)+)", key)
    spki = load_der_public_key(bytes.fromhex(
        re.sub(r"\s", "", hexdata.group(1)))) if hexdata else None

    t0 = time.time()
    c = ssh()
    setup = time.time() - t0
    check(c.find_prompt() == "gw1#", "netmiko over SSH logs in: gw1# "
          "(%.1f s)" % setup)
    tr = c.remote_conn.get_transport()
    hk = tr.get_remote_server_key()
    check(spki is not None and hk.get_name() == "ssh-rsa" and
          hk.public_numbers.n == spki.public_numbers().n,
          "the SSH host key is the router's RSA key (%s)" % hk.get_name())
    check(tr.remote_version == "SSH-2.0-Cisco-1.25",
          "server version %s" % tr.remote_version)
    v = c.send_command("show version")
    check(v.startswith("Cisco IOS Software") and len(v) > 1024,
          "send_command show version (%d bytes)" % len(v))
    s = c.send_command("show ssh")
    check(re.search(r"^0 +2\.0 +IN +\S+ +\S+ +Session started +admin",
                    s, re.M) is not None, "show ssh lists the session")
    out = c.send_config_set(["interface Loopback1",
                             "ip address 10.1.1.1 255.255.255.255",
                             "crypto pki trustpoint CA",
                             "enrollment url http://127.0.0.1:%d" % hport,
                             "exit", "crypto pki authenticate CA", "yes"])
    check("Trustpoint CA certificate accepted." in out,
          "crypto pki authenticate: the question takes the next line while "
          "the command waits for the CA")
    saved = c.save_config()
    check("[OK]" in saved, "save_config: [OK]")
    rows = c.send_command("show ip interface brief", use_textfsm=True)
    check(isinstance(rows, list) and {"interface": "Loopback1",
          "ip_address": "10.1.1.1", "ok": "YES", "method": "manual",
          "status": "up", "protocol": "up"} in rows and
          any(x["interface"] == "GigabitEthernet0/0" and
              x["status"] == "administratively down" for x in rows),
          "TextFSM: show ip interface brief (%d rows)" %
          (len(rows) if isinstance(rows, list) else -1))
    conn = c.send_command("show sip-ua connections tcp tls brief",
                          use_textfsm=True)
    check(isinstance(conn, list) and len(conn) == 1 and
          conn[0]["total_active"] == "0" and
          conn[0]["handshake_errors"] == "0",
          "TextFSM: show sip-ua connections tcp tls brief")
    certs = c.send_command("show crypto pki certificates", use_textfsm=True)
    check(isinstance(certs, list) and len(certs) == 1 and
          certs[0]["kind"] == "CA Certificate" and
          certs[0]["issuer"] == ["cn=CA"] and certs[0]["serial"] == "01" and
          certs[0]["trustpoints"] == "CA",
          "TextFSM: show crypto pki certificates: %r" % (certs,))

    # Three at once: each adds its loopback, then sees all three.
    got, errs = {}, []

    def client(i, kind):
        try:
            if kind == "telnet":
                k = ConnectHandler(device_type="cisco_ios_telnet",
                                   host="127.0.0.1", port=tport,
                                   username="admin", password="cisco",
                                   secret="cisco", timeout=30)
            else:
                k = ssh()
            k.send_config_set(["interface Loopback1%d" % i,
                               "ip address 10.9.%d.1 255.255.255.255" % i])
            time.sleep(3)
            got[i] = k.send_command("show ip interface brief")
            k.disconnect()
        except Exception as e:
            errs.append(repr(e))
    ts = [threading.Thread(target=client, args=(i, kind)) for i, kind in
          ((1, "ssh"), (2, "ssh"), (3, "telnet"))]
    [t.start() for t in ts]
    [t.join(90) for t in ts]
    check(not errs and len(got) == 3 and all(
        all("Loopback1%d" % j in got[i] for j in (1, 2, 3)) for i in got),
        "three clients at once (2 SSH, 1 telnet) see each other's "
        "changes %s" % errs)

    # A wrong SSH password: refused at once.
    t0 = time.time()
    try:
        ConnectHandler(device_type="cisco_ios", host="127.0.0.1", port=sport,
                       username="admin", password="wrong", timeout=10)
        refused = False
    except NetMikoAuthenticationException:
        refused = True
    check(refused and time.time() - t0 < 8, "a wrong SSH password is "
          "refused (%.1f s)" % (time.time() - t0))
    # A wrong telnet password: IOS's text, after a pause.
    tc = socket.create_connection(("127.0.0.1", tport), timeout=5)
    tc.settimeout(5)
    buf = b""
    while b"Username: " not in buf:
        buf += tc.recv(4096)
    t0 = time.time()
    tc.sendall(b"admin\r\nnope\r\n")
    buf = b""
    while b"Username: " not in buf and time.time() - t0 < 5:
        buf += tc.recv(4096)
    check(b"% Login invalid" in buf and time.time() - t0 >= 0.9,
          "a wrong telnet password: %% Login invalid after %.1f s" %
          (time.time() - t0))
    tc.close()

    # Hostile clients, then the router still serves the first session.
    def hostile(data, close_after=0.3):
        s = socket.create_connection(("127.0.0.1", tport), timeout=5)
        try:
            s.sendall(data)
        except OSError:
            pass
        time.sleep(close_after)
        s.close()
    hostile(bytes(range(256)) * 64)
    hostile(b"\xff\xfb\x01\xff\xfd\x03\xff\xf1" * 50000)
    hostile(b"admin\r\ncisco\r\n" + b"A" * (1 << 20) + b"\r\n", 1.0)
    # A question left open: `crypto key zeroize rsa` asks, nobody answers.
    s = socket.create_connection(("127.0.0.1", tport), timeout=5)
    s.sendall(b"admin\r\ncisco\r\nconfigure terminal\r\n"
              b"crypto key zeroize rsa\r\n")
    time.sleep(1.0)
    s.close()
    v = c.send_command("show users")
    check("vty 0" in v and r.p.poll() is None, "after garbage, an IAC flood, "
          "a 1 MB line and a dropped question the router serves on")
    key2 = c.send_command("show crypto key mypubkey rsa")
    check("Key name: gw1.lab.local" in key2, "the open question changed "
          "nothing (the key is still there)")
    c.disconnect()

    # Nothing listens off loopback.
    ss = subprocess.run(["ss", "-Hltnp"], capture_output=True,
                        text=True).stdout
    mine = [l for l in ss.splitlines() if "pid=%d," % r.p.pid in l]
    check(mine and all(" 127.0.0.1:" in l for l in mine),
          "every listener of vgw is on 127.0.0.1 (%d)" % len(mine))
finally:
    r.stop()
    ca.stop()
    shutil.rmtree(tmp, ignore_errors=True)
check.done()
PY
