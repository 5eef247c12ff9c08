#!/bin/sh
# SIPp (package sip-tester) sends OPTIONS to vgw over UDP and over TCP:
# every one gets 200 OK, and `show sip-ua statistics` / `show sip-ua
# connections` then show exactly what was sent (Options in, OkOptions out,
# one UDP entry and the TCP connection's remote closure). vgw and SIPp run
# on 127.0.0.1 only, on ports derived from this shell's PID; both are
# bounded by timeout and ended by PID.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
command -v sipp >/dev/null || { echo "SKIP: sipp not installed"; exit 77; }
[ -x "$VGW" ] || { echo "FAIL: $VGW not built"; exit 1; }
. tests/interop/lib.sh
interop_setup sipopt

BASE=$(/usr/bin/python3 tests/free_port.py) || exit 2
CUT=$(/usr/bin/python3 tests/free_port.py) || exit 2
SIP=$BASE; TLS=$((BASE + 1)); CU=$CUT; CT=$((CUT + 1))
N_UDP=500
N_TCP=300

cat >"$T/options.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="OPTIONS to vgw">
  <send>
    <![CDATA[

      OPTIONS sip:gw@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]-[call_number]
      To: <sip:gw@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>
</scenario>
XML

mkfifo "$T/in"
mkdir "$T/nv"
timeout 90 "$VGW" --nvram "$T/nv" --sip-port "$SIP" --tls-port "$TLS" \
    <"$T/in" >"$T/vgw.out" 2>"$T/vgw.err" &
VP=$!
exec 3>"$T/in"
echo enable >&3
sleep 0.5

timeout 60 sipp "127.0.0.1:$SIP" -sf "$T/options.xml" -t u1 -i 127.0.0.1 \
    -p "$CU" -m $N_UDP -r 1000 -l 100 -nostdin -buff_size 1048576 \
    -recv_timeout 2000 -timeout 50s >"$T/udp.out" 2>&1
rc=$?
[ $rc -eq 0 ] || bad "sipp UDP exit $rc"
grep -aq "Successful call *| *0 *| *$N_UDP " "$T/udp.out" ||
    bad "sipp UDP: not $N_UDP successful OPTIONS"

timeout 60 sipp "127.0.0.1:$SIP" -sf "$T/options.xml" -t t1 -i 127.0.0.1 \
    -p "$CT" -m $N_TCP -r 1000 -l 100 -nostdin -recv_timeout 2000 \
    -timeout 50s >"$T/tcp.out" 2>&1
rc=$?
[ $rc -eq 0 ] || bad "sipp TCP exit $rc"
grep -aq "Successful call *| *0 *| *$N_TCP " "$T/tcp.out" ||
    bad "sipp TCP: not $N_TCP successful OPTIONS"
sleep 0.3

# debug ccsip messages: the next OPTIONS and its 200 OK are printed, IOS
# style, while the console waits for its next line.
echo "debug ccsip messages" >&3
sleep 0.3
reply=$(timeout 5 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[2]))); s.settimeout(3)
s.sendto(b"OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:"
    + sys.argv[2].encode() + b";branch=z9hG4bK-dbg1\r\nMax-Forwards: 70\r\n"
    b"From: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:gw@127.0.0.1>\r\n"
    b"Call-ID: dbg1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
    ("127.0.0.1", int(sys.argv[1])))
print(s.recv(4096).decode().split("\r\n")[0])' "$SIP" "$CU")
[ "$reply" = "SIP/2.0 200 OK" ] || bad "OPTIONS under debug not answered"
sleep 0.3
echo "undebug all" >&3

for c in "show sip-ua statistics" "show sip-ua connections udp detail" \
    "show sip-ua connections tcp brief"; do
	echo "$c" >&3
done
echo exit >&3
exec 3>&-
wait "$VP"
VP=

total=$((N_UDP + N_TCP + 1))
out=$T/vgw.out
grep -q "^      Cancel 0/0, Options $total/0,\$" "$out" ||
    bad "statistics: Options $total/0 missing"
grep -q "^      OkCancel 0/0, OkOptions 0/$total,\$" "$out" ||
    bad "statistics: OkOptions 0/$total missing"
grep -q "^Remote-Agent:127.0.0.1, Connections-Count:1\$" "$out" ||
    bad "udp detail: one remote agent 127.0.0.1 expected"
grep -Eq "^ +$CU +[0-9]+ Established +0\$" "$out" ||
    bad "udp detail: sipp's port $CU not listed as Established"
sed -n '/connections tcp brief/,$p' "$out" >"$T/tcp_brief"
grep -q "^Total active connections      : 0\$" "$T/tcp_brief" ||
    bad "tcp brief: connection still active after sipp left"
grep -q "^No. of remote closures        : 1\$" "$T/tcp_brief" ||
    bad "tcp brief: the remote closure is not counted"
grep -q "^SIP Call messages tracing is enabled\$" "$out" ||
    bad "debug ccsip messages not acknowledged"
grep -A1 "^Received: \$" "$out" | grep -q "^OPTIONS sip:gw@127.0.0.1 SIP/2.0\$" ||
    bad "debug: received OPTIONS not printed"
grep -A1 "^Sent: \$" "$out" | grep -q "^SIP/2.0 200 OK\$" ||
    bad "debug: sent 200 OK not printed"
[ "$(grep -c '^Received: $' "$out")" -eq 1 ] ||
    bad "debug: messages printed outside the debug window"
grep -q "^All possible debugging has been turned off\$" "$out" ||
    bad "undebug all not acknowledged"
[ -s "$T/vgw.err" ] && { bad "vgw wrote to stderr:"; head "$T/vgw.err"; }
[ $fail -eq 0 ] && echo "PASS: $N_UDP UDP + $N_TCP TCP OPTIONS answered and counted"
exit $fail
