# What the tests send to vgw as a SIP peer would: an OPTIONS request, one
# over UDP with the time its answer took, and one through a TLS client
# program (gnutls-cli, openssl s_client) whose output is read until a
# whole response arrived. 127.0.0.1 only; every wait is bounded.
import os
import re
import select
import socket
import subprocess
import time


def options(port, transport, tag, via_port=5999):
    """An OPTIONS to gw@127.0.0.1:port; tag makes it unique."""
    return ("OPTIONS sip:gw@127.0.0.1:%d SIP/2.0\r\n"
            "Via: SIP/2.0/%s 127.0.0.1:%d;branch=z9hG4bK-%s;rport\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:t@127.0.0.1>;tag=%s\r\n"
            "To: <sip:gw@127.0.0.1>\r\n"
            "Call-ID: %s@127.0.0.1\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n"
            % (port, transport, via_port, tag, tag, tag))


def udp_options(port, tag, timeout=2.0):
    """One OPTIONS over UDP: (the answer's bytes or b"", seconds taken)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(timeout)
    msg = options(port, "UDP", tag, s.getsockname()[1])
    start = time.monotonic()
    s.sendto(msg.encode(), ("127.0.0.1", port))
    try:
        data = s.recv(65535)
    except socket.timeout:
        data = b""
    took = time.monotonic() - start
    s.close()
    return data, took


def tls_exchange(cmd, msg, timeout):
    """Runs a TLS client program, writes msg, reads its output until a
    whole SIP response (or timeout); (status code or None, text)."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    try:
        p.stdin.write(msg.encode())
        p.stdin.flush()
    except BrokenPipeError:
        pass
    out = b""
    end = time.time() + timeout
    while time.time() < end and not re.search(rb"SIP/2.0 \d{3} .*\r\n\r\n",
                                              out, re.S):
        r, _, _ = select.select([p.stdout], [], [], 0.2)
        if r:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
    p.kill()
    p.wait()
    text = out.decode(errors="replace")
    m = re.search(r"^SIP/2.0 (\d+)", text, re.M)
    return (m.group(1) if m else None), text
