# Nothing a session waits for stalls the router: while the console waits at
# a question (`configure`'s "[terminal]?", the enable password) and at
# --More--, an OPTIONS sent over UDP is answered within 50 ms (before the
# execution layer it got no answer in 2 s). Ports come from the kernel;
# vgw and the socket use 127.0.0.1 only. Prints the latencies measured.
import os
import sys
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import sip_client  # noqa: E402
from vgwpty import Console, fail, free_udp_tcp_port

port = free_udp_tcp_port()
LIMIT = 0.050


def options_latency(tag):
    """Sends one OPTIONS over UDP; seconds until the 200 OK."""
    data, took = sip_client.udp_options(port, tag)
    if not data:
        fail("no answer to OPTIONS while %s" % tag)
    if not data.startswith(b"SIP/2.0 200"):
        fail("OPTIONS while %s answered %r" % (tag, data[:40]))
    print("\nOPTIONS while %s: %.2f ms" % (tag, took * 1000))
    if took > LIMIT:
        fail("OPTIONS while %s took %.1f ms" % (tag, took * 1000))
    return took


c = Console(args=("--sip-port", str(port), "--tls-port", str(port + 1)))
try:
    options_latency("idle")
    c.enable()
    # A question: configure without a keyword asks where from.
    c.send("configure\r")
    c.expect_exact("[terminal]? ")
    options_latency("question")
    c.send("\r")
    c.expect_exact("Router(config)#")
    c.line("enable secret s3cret", "Router(config)#")
    for i in range(1, 30):
        c.line("ip route 10.%d.0.0 255.255.0.0 127.0.0.2" % i,
               "Router(config)#")
    c.line("end", "Router#")
    # The pager: output waits at --More--, the router does not.
    c.line("terminal length 6", "Router#")
    c.send("show running-config\r")
    c.expect_exact("--More--")
    options_latency("more")
    c.send(" ")
    c.expect_exact("--More--")
    options_latency("more2")
    c.send("q")
    c.expect_exact("Router#")
    # A password question, echo off.
    c.line("disable", "Router>")
    c.send("enable\r")
    c.expect_exact("Password: ")
    options_latency("password")
    c.send("s3cret\r")
    c.expect_exact("Router#")
finally:
    c.close()
print("\nOK")
