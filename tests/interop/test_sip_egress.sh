#!/bin/sh
# The feature module's example configuration (172.18.x.x registrar, dial-peer
# targets, `crypto signaling default trustpoint user1`) loaded as it is:
# vgw opens no connection and sends no datagram anywhere outside loopback.
# strace records every connect/sendto/sendmsg of vgw while it loads the
# configuration and idles with its listeners open; the test then also
# checks that an OPTIONS from loopback is still answered (the listeners
# are really up). Only 127.0.0.1 is used.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
EX=tests/examples/example-config.txt
command -v strace >/dev/null || { echo "SKIP: strace not installed"; exit 77; }
[ -x "$VGW" ] || { echo "FAIL: $VGW not built"; exit 1; }
[ -f "$EX" ] || { echo "SKIP: $EX missing"; exit 77; }
. tests/interop/lib.sh
interop_setup egress
# Ports from the kernel (BASE+2 is the test's own, checked free too).
BASE=$(/usr/bin/python3 tests/free_port.py) || exit 2

mkfifo "$T/in"; mkdir "$T/nv"
# LeakSanitizer cannot run under strace (ptrace); the other sanitizer
# options of `make check` stay.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
timeout 60 strace -f -qq -o "$T/trace" \
    -e trace=connect,sendto,sendmsg,sendmmsg \
    "$VGW" --nvram "$T/nv" --sip-port "$BASE" --tls-port $((BASE + 1)) \
    <"$T/in" >"$T/out" 2>"$T/err" &
VP=$!
exec 3>"$T/in"
# The example ends with its own `end` (another would be an error in EXEC).
{ printf 'enable\nconfigure terminal\n'; cat "$EX"; } >&3
sleep 3
# One OPTIONS from loopback: proves the listeners run under strace too.
printf 'OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-e1\r\nMax-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:gw@127.0.0.1>\r\nCall-ID: e1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' \
    $((BASE + 2)) >"$T/opt"
reply=$(timeout 5 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[2]))); s.settimeout(3)
s.sendto(open(sys.argv[3], "rb").read(), ("127.0.0.1", int(sys.argv[1])))
print(s.recv(4096).decode().split("\r\n")[0])' "$BASE" $((BASE + 2)) "$T/opt")
[ "$reply" = "SIP/2.0 200 OK" ] || bad "OPTIONS not answered ($reply)"
sleep 2
echo exit >&3
exec 3>&-
wait "$VP"
rc=$?
VP=
[ $rc -eq 0 ] || { bad "vgw exit status $rc"; tail -n 5 "$T/err"; tail -n 5 "$T/out"; }

# Every address vgw tried to reach: inet ones must be loopback.
grep -o 'sin6\?_addr=[^,)}]*' "$T/trace" | sort -u >"$T/addrs"
if grep -v -e 'inet_addr("127\.' -e 'inet_pton(AF_INET6, "::1"' \
    -e 'sin6_addr=inet_pton(AF_INET6, "::ffff:127\.' "$T/addrs" |
    grep -q .; then
	bad "traffic outside loopback:"
	grep -v 'inet_addr("127\.' "$T/addrs"
fi
grep -q '172\.18\.' "$T/trace" && bad "vgw addressed 172.18.x.x"
grep -q 'sin_addr' "$T/trace" || bad "strace saw no socket traffic at all"
[ $fail -eq 0 ] && echo "PASS: example configuration loaded, nothing sent outside loopback"
exit $fail
