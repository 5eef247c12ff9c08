#!/bin/sh
# The feature module's "different CA" procedure end to end: two vgw
# gateways, each with its identity from its own certtool CA (`crypto pki
# import ... pem terminal`) and the other's CA authenticated in a second
# trustpoint, `strict-cipher` on both, call each other with `voice-class
# sip url sips` over TLS: `csim start` connects (INVITE sips: over a
# SIP/2.0/TLS Via, 180, 200, ACK), RTP flows both ways (packet counters in
# `show call active voice brief` grow on both sides), `show sip-ua
# connections tcp tls brief` on the caller lists the connection it
# opened, `clear call voice` sends BYE and both sides keep the call in
# history with cause 16; a BYE from the far end ends the caller's call; a
# call to a busy line is refused with 486 and one to no line with 404.
# All on 127.0.0.1, bounded, each vgw ended by its PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in certtool openssl; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
exec timeout 240 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, shutil, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
from vgw_lab import Checks, Pki, Router
tmp = tempfile.mkdtemp(prefix="vgw-calls-tls-")
check = Checks()
fails = check.fails

pki = Pki(tmp)
pki.ca("ca1", "Gateway One CA")
pki.ca("ca2", "Gateway Two CA")
pki.leaf("gw1", "ca1", "gw1.test", 2)
pki.leaf("gw2", "ca2", "gw2.test", 2)

r1 = Router(vgw, os.path.join(tmp, "nv1"), name="gw1")
r2 = Router(vgw, os.path.join(tmp, "nv2"), ["--answer-delay", "200"],
            name="gw2")
routers = [r1, r2]
try:
    for r, me, peer_ca in ((r1, "gw1", "ca2"), (r2, "gw2", "ca1")):
        r.send("enable", "configure terminal", "hostname " + me)
        pki.import_identity(r, me + "id", "ca1" if me == "gw1" else "ca2", me)
        pki.authenticate(r, "peerca", peer_ca)
        r.send("sip-ua",
               " crypto signaling default trustpoint %sid strict-cipher" % me,
               " exit")
    r1.send("dial-peer voice 1 pots", " destination-pattern 9001",
            " port 0/3/1",
            "dial-peer voice 5 voip", " destination-pattern 9002",
            " voice-class sip url sips", " session protocol sipv2",
            " session target ipv4:127.0.0.1:%d" % r2.tls_port,
            " session transport tcp tls", " codec g711ulaw", " end")
    r2.send("dial-peer voice 1 pots", " destination-pattern 9002",
            " port 0/3/1",
            "dial-peer voice 2 voip", " incoming called-number 9002",
            " session protocol sipv2", " codec g711ulaw",
            "dial-peer voice 3 pots", " destination-pattern 9003",
            " port 0/3/1", " end", "debug ccsip messages")
    out1 = r1.command("show crypto pki certificates peerca",
                      r"Associated Trustpoints: peerca")
    check("Associated Trustpoints: peerca" in out1,
          "gw1 holds gw2's CA in a second trustpoint")
    time.sleep(0.5)

    start2 = r2.mark()
    out = r1.command("csim start 9002", r"csim: called number = 9002")
    check("csim: called number = 9002, loop count = 1 ping count = 0" in out,
          "csim prints IOS's first line")
    got = r2.wait_for(start2, r"Received: \nACK ", 10)
    check(re.search(r"Received: \nINVITE sips:9002@127\.0\.0\.1:%d SIP/2\.0\n"
                    r"Via: SIP/2\.0/TLS " % r2.tls_port, got) is not None,
          "gw2 receives INVITE sips:9002@...:%d over a TLS Via" % r2.tls_port)
    check("Sent: \nSIP/2.0 180 Ringing" in got and
          "Sent: \nSIP/2.0 200 OK" in got, "gw2 rings (180) and answers (200)")
    check(re.search(r"From: <sips:9001@127\.0\.0\.1>;tag=", got) is not None,
          "From carries the caller's line number in a sips URI")
    time.sleep(1.5)
    b1 = r1.show("show call active voice brief")
    b2 = r2.show("show call active voice brief")
    m1 = re.search(r"pid:5 Originate 9002 active\n dur \S+ tx:(\d+)/\d+ "
                   r"rx:(\d+)/\d+", b1)
    m2 = re.search(r"pid:2 Answer 9001 active\n dur \S+ tx:(\d+)/\d+ "
                   r"rx:(\d+)/\d+", b2)
    check(m1 is not None and m2 is not None,
          "both gateways show the call active (pid 5 Originate, pid 2 Answer)")
    check(m1 and int(m1.group(1)) > 20 and int(m1.group(2)) > 20,
          "gw1: RTP sent and received (%s)" % repr(m1.groups() if m1 else None))
    check(m2 and int(m2.group(1)) > 20 and int(m2.group(2)) > 20,
          "gw2: RTP sent and received (%s)" % repr(m2.groups() if m2 else None))
    check("pid:1 Originate 9002 active" in b2 and "Tele 0/3/1" in b2,
          "gw2's line 0/3/1 (pots peer 1) holds the call")
    check("SIP call-legs: 1" in b1 and "Telephony call-legs: 1" in b2,
          "leg counts")
    conns = r1.show("show sip-ua connections tcp tls brief") + r1.show("show sip-ua connections tcp tls detail")
    check("Total active connections      : 1" in conns and
          re.search(r"Remote-Agent:127\.0\.0\.1, Connections-Count:1", conns)
          is not None and re.search(r"^ +%d +\d+ Established" % r2.tls_port,
                                    conns, re.M) is not None,
          "gw1 counts (brief) and lists (detail) the TLS connection it opened")
    if fails and fails[-1].startswith("gw1 counts"):
        print(conns)
    rtp = r1.show("show voip rtp connections")
    check("Found 1 active RTP connections" in rtp, "show voip rtp connections")
    calls = r1.show("show sip-ua calls")
    check("State of the call       : STATE_ACTIVE (7)" in calls and
          "Negotiated Codec         : g711ulaw (160 bytes)" in calls,
          "show sip-ua calls: active, g711ulaw")

    # A second call to the same line is busy: 486, the caller's csim ends.
    start1 = r1.mark()
    r1.send("csim start 9002")
    got = r1.wait_for(start1, r"call attempted = 1", 10)
    check("setup failed = 1" in got, "a call to a busy line fails (486)")
    hist = r1.show("show call history voice brief")
    check(re.search(r"pid:5 Originate 9002\n dur 00:00:00 .* 11  \(user busy "
                    r"\(17\)\)", hist) is not None, "history: user busy (17)")

    # A call to a number with no free line on any pots peer: 9003 shares
    # the busy port 0/3/1 with 9002, so gw2 hunts and finds none.
    start1 = r1.mark()
    r1.send("clear call voice causecode 16")
    got = r1.wait_for(start1, r"call attempted = 1", 10)
    check("setup failed = 0" in got, "clear call voice ends the call")
    time.sleep(0.5)
    h1 = r1.show("show call history voice brief")
    h2 = r2.show("show call history voice brief")
    check(re.search(r"10  \(normal call clearing \(16\)\)", h1) is not None
          and re.search(r"10  \(normal call clearing \(16\)\)", h2) is not None,
          "both histories: normal call clearing (16)")
    b2 = r2.show("show call active voice brief")
    check("Total call-legs: 0" in b2, "gw2 has no call left")

    # The far end hangs up: gw2's clear sends BYE, gw1's call ends.
    start1 = r1.mark()
    r1.send("csim start 9002")
    r1.wait_for(start1, r"csim: called number", 5)
    time.sleep(1.0)
    r2.send("clear call voice causecode 16")
    got = r1.wait_for(start1, r"call attempted = 1", 10)
    check("csim err csimDisconnected recvd DISC" in got,
          "a BYE from gw2 ends gw1's call")
    b1 = r1.show("show call active voice brief")
    check("Total call-legs: 0" in b1, "gw1 has no call left")
finally:
    for r in routers:
        r.stop()
    shutil.rmtree(tmp, ignore_errors=True)

check.done()
EOF
