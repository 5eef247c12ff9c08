# A message that arrives while a line is being typed (debug ccsip output of
# an OPTIONS received over UDP) prints above the line, and the line is
# redrawn and stays editable: readline in callback mode inside the event
# loop (ARCHITECTURE.md).
import socket
import sys
import time
sys.path.insert(0, __import__("os").path.dirname(__file__))
from vgwpty import Console, fail, free_udp_tcp_port

port = free_udp_tcp_port()
c = Console(args=["--sip-port", str(port), "--tls-port", str(port + 1)])
try:
    c.enable()
    out = c.line("debug ccsip messages", "Router#")
    if "% " in out:
        fail("debug ccsip messages refused: %r" % out)
    c.send("show hist")
    c.expect_exact("show hist")
    time.sleep(0.3)
    msg = ("OPTIONS sip:gw@127.0.0.1:%d SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-async-1\r\n"
           "From: <sip:test@127.0.0.1>;tag=1\r\n"
           "To: <sip:gw@127.0.0.1>\r\n"
           "Call-ID: async-log-test@127.0.0.1\r\n"
           "CSeq: 1 OPTIONS\r\n"
           "Max-Forwards: 70\r\n"
           "Content-Length: 0\r\n\r\n") % port
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.sendto(msg.encode(), ("127.0.0.1", port))
    udp.settimeout(5)
    try:
        udp.recvfrom(4096)
    except socket.timeout:
        fail("no answer to OPTIONS")
    # Both messages (the OPTIONS received, the 200 OK sent) print; after
    # each the prompt and the text typed so far come back.
    c.expect_exact("async-log-test@127.0.0.1")
    c.expect_exact("Router#show hist")
    c.expect_exact("SIP/2.0 200 OK")
    c.expect_exact("Router#show hist")
    c.send("ory\r")
    # The history proves the line ran as "show hist" + "ory".
    c.expect_exact("  show history")
    c.expect_exact("Router#")
finally:
    c.close()
print("\nOK")
