#!/bin/sh
# Call features between two vgw over UDP: hunting (the best dial-peer's
# target does not answer, `retry invite 1` gives up after two sends and
# the call rolls to the next peer, whose counters then show one failed
# and one successful call), huntstop (no roll past it), CANCEL (the caller
# hangs up while the line rings: CANCEL, 487, both histories), a line
# that hunts to the next free voice-port of the same number, 404 for a
# number with no line, dtmf-relay rtp-nte offered as telephone-event,
# dial-peer 0 for a call no voip peer matches, and a re-INVITE answered
# in the dialog. Loopback, kernel ports, bounded, PIDs.
VGW=${VGW:-${BUILD:-build}/vgw}
exec timeout 200 /usr/bin/python3 - "$VGW" <<'EOF'
import os, re, shutil, socket, sys, tempfile, time

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Router
tmp = tempfile.mkdtemp(prefix="vgw-calls-feat-")
check = Checks()
fails = check.fails

dead = free_port.pair()      # nothing listens there
a = Router(vgw, os.path.join(tmp, "a"), ["--answer-delay", "300"], name="a")
b = Router(vgw, os.path.join(tmp, "b"), ["--answer-delay", "3000"], name="b")
try:
    b.send("enable", "configure terminal",
           "dial-peer voice 1 pots", " destination-pattern 9001",
           " port 0/0/0",
           "dial-peer voice 2 pots", " destination-pattern 9001",
           " port 0/0/1",
           "dial-peer voice 3 voip", " incoming called-number 9001",
           " session protocol sipv2", " codec g711ulaw",
           " dtmf-relay rtp-nte", " end", "debug ccsip messages")
    a.send("enable", "configure terminal", "sip-ua", " retry invite 1",
           " exit",
           "dial-peer voice 1 pots", " destination-pattern 5000",
           " port 0/1/0",
           # The longest match points at a dead port, the next at b.
           "dial-peer voice 10 voip", " destination-pattern 9001",
           " session protocol sipv2",
           " session target ipv4:127.0.0.1:%d" % dead, " codec g711ulaw",
           "dial-peer voice 11 voip", " destination-pattern 900.",
           " session protocol sipv2",
           " session target ipv4:127.0.0.1:%d" % b.sip_port,
           " codec g711ulaw", " dtmf-relay rtp-nte",
           "dial-peer voice 12 voip", " destination-pattern 8888",
           " session protocol sipv2", " huntstop",
           " session target ipv4:127.0.0.1:%d" % dead,
           "dial-peer voice 13 voip", " destination-pattern 8...",
           " session protocol sipv2",
           " session target ipv4:127.0.0.1:%d" % b.sip_port, " end")
    a.command("show dial-peer voice summary", r"^13 ")
    b.command("show dial-peer voice summary", r"^3 ")

    # Hunting: peer 10 gets no answer (INVITE sent twice, ~1.5 s), 11 rings.
    sb = b.mark()
    sa = a.mark()
    a.send("csim start 9001")
    got = b.wait_for(sb, r"Sent: \nSIP/2\.0 180 Ringing", 15)
    check("Sent: \nSIP/2.0 180 Ringing" in got,
          "no answer from peer 10: the call rolls to peer 11 and rings")
    inv = re.search(r"Received: \n(INVITE .*?)(?=\n\*|\Z)", got, re.S)
    check(inv is not None and "m=audio" in inv.group(1) and
          re.search(r"a=rtpmap:101 telephone-event/8000", inv.group(1))
          is not None, "dtmf-relay rtp-nte offers telephone-event 101")
    # A second call while port 0/0/0 rings: hunts to 0/0/1.
    a.send("csim start 9001")
    time.sleep(2.5)
    bb = b.show("show call active voice brief")
    check("Tele 0/0/0" in bb and "Tele 0/0/1" in bb,
          "the second call hunts to the next free voice-port (0/0/1)")
    # Both lines busy: a third call is refused 486.
    s3 = a.mark()
    a.send("csim start 9001")
    got3 = a.wait_for(s3, r"call attempted = 1", 15)
    check("setup failed = 1" in got3, "both lines busy: the third call "
          "fails")
    time.sleep(2)
    ab = a.show("show call active voice brief")
    check(ab.count("pid:11 Originate 9001 active") == 2,
          "two calls connected through peer 11")
    dp10 = a.show("show dial-peer voice 10")
    dp11 = a.show("show dial-peer voice 11")
    check("Failed Calls = 3" in dp10, "peer 10 counts its failed attempts")
    check("Successful Calls = 0" in dp11, "peer 11: none ended yet")
    a.send("clear call voice causecode 16")
    time.sleep(1)
    dp11 = a.show("show dial-peer voice 11")
    check("Successful Calls = 2" in dp11,
          "peer 11 counts two successful calls once they end")

    # huntstop: 8888 stops at peer 12 (dead), never tries 13.
    sa = a.mark()
    sb = b.mark()
    a.send("csim start 8888")
    got = a.wait_for(sa, r"call attempted = 1", 15)
    check("setup failed = 1" in got, "huntstop: the call fails at peer 12")
    check("INVITE sip:8888" not in b.since(sb), "peer 13 never tried")

    # CANCEL: b rings for 3 s; a hangs up after 1 s.
    sa = a.mark()
    sb = b.mark()
    a.send("csim start 9001")
    b.wait_for(sb, r"Sent: \nSIP/2\.0 180 Ringing", 10)
    a.send("clear call voice causecode 16")
    got = b.wait_for(sb, r"Sent: \nSIP/2\.0 487 ", 10)
    check("Received: \nCANCEL sip:9001@" in got and
          "Sent: \nSIP/2.0 487 Request Cancelled" in got,
          "hang-up while ringing: CANCEL, then 487")
    time.sleep(0.5)
    bb = b.show("show call active voice brief")
    check("Total call-legs: 0" in bb, "the ringing line is free again")

    # 404: no pots peer for 9009 on b (a sends it with peer 11's 900.).
    sa = a.mark()
    a.send("csim start 9009")
    got = a.wait_for(sa, r"call attempted = 1", 10)
    hb = b.show("show call history voice brief")
    check("1  (unassigned number (1))" in hb,
          "b answers 404 for a number with no line (cause 1)")

    # dial-peer 0 and a re-INVITE, from a raw SIP peer.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(5)
    me = s.getsockname()[1]
    sdp = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
           "t=0 0\r\nm=audio %d RTP/AVP 8 0\r\n" % (me + 2))
    def req(method, cseq, totag="", body="", branch="b1"):
        return ("%s sip:9001@127.0.0.1:%d SIP/2.0\r\n"
                "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK%s\r\n"
                "From: <sip:4444@127.0.0.1>;tag=raw1\r\n"
                "To: <sip:9001@127.0.0.1>%s\r\nCall-ID: raw1@127.0.0.1\r\n"
                "CSeq: %d %s\r\nContact: <sip:4444@127.0.0.1:%d>\r\n"
                "Max-Forwards: 70\r\n%sContent-Length: %d\r\n\r\n%s"
                % (method, b.sip_port, me, branch, totag, cseq, method, me,
                   "Content-Type: application/sdp\r\n" if body else "",
                   len(body), body)).encode()
    def final(timeout=8):
        end = time.time() + timeout
        while time.time() < end:
            try:
                d = s.recv(65535).decode()
            except socket.timeout:
                break
            if re.match(r"SIP/2\.0 [2-6]\d\d ", d):
                return d
        return ""
    # Called 9001 with a caller no voip peer matches: incoming called-number
    # 9001 matches peer 3 — use 9001 but from b's view peer 3 is inbound;
    # for dial-peer 0 call a number whose inbound peer does not exist.
    b.send("configure terminal", "dial-peer voice 3 voip",
           " no incoming called-number 9001", " end")
    time.sleep(0.3)
    s.sendto(req("INVITE", 1, body=sdp), ("127.0.0.1", b.sip_port))
    r200 = final()
    check(r200.startswith("SIP/2.0 200 "), "a call from an unknown peer is "
          "answered (dial-peer 0)")
    check("a=rtpmap:8 PCMA/8000" in r200,
          "dial-peer 0 takes any codec: PCMA, the caller's first")
    tag = re.search(r"^To: .*;tag=([^\s;]+)", r200, re.M)
    totag = ";tag=" + tag.group(1) if tag else ""
    s.sendto(req("ACK", 1, totag, branch="b2"), ("127.0.0.1", b.sip_port))
    time.sleep(0.3)
    bb = b.show("show call active voice brief")
    check("pid:0 Answer 4444 active" in bb, "pid:0 in show call active")
    s.sendto(req("INVITE", 2, totag, body=sdp, branch="b3"),
             ("127.0.0.1", b.sip_port))
    re200 = final()
    check(re200.startswith("SIP/2.0 200 ") and "CSeq: 2 INVITE" in re200,
          "a re-INVITE in the dialog gets 200")
    v1 = re.search(r"^o=\S+ \d+ (\d+) ", r200, re.M)
    v2 = re.search(r"^o=\S+ \d+ (\d+) ", re200, re.M)
    check(v1 and v2 and int(v2.group(1)) == int(v1.group(1)) + 1,
          "the answer's SDP version moves on")
    s.sendto(req("ACK", 2, totag, branch="b4"), ("127.0.0.1", b.sip_port))
    s.sendto(req("BYE", 3, totag, branch="b5"), ("127.0.0.1", b.sip_port))
    rbye = final()
    check(rbye.startswith("SIP/2.0 200 "), "BYE gets 200")
    s.close()
finally:
    a.stop()
    b.stop()
    shutil.rmtree(tmp, ignore_errors=True)

check.done()
EOF
