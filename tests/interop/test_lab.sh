#!/bin/sh
# `vgw lab` end to end, in network namespaces this test creates and
# removes: a CA router and two gateways on the feature module's
# addresses (172.18.193.103, .197.154, .195.49), nothing else reachable.
# - Bad topology files are refused with FILE:LINE: reason before anything
#   is made (unknown key, duplicate address, missing config, bad address).
# - `lab up`: every router answers `lab exec`; ping across the bridge.
# - The CA's `no shutdown`, then both gateways authenticate and enroll
#   over SCEP on port 80 of the CA's real address (grant auto).
# - gw1 calls gw2 over TLS (sips, strict-cipher) at gw2's real address.
# - `lab up` twice is refused; `lab down` leaves no namespace, process or
#   state behind; `lab down` again says nothing is up.
# Skipped where network namespaces cannot be made (not root).
VGW=${VGW:-${BUILD:-build}/vgw}
VGW=$(cd "$(dirname "$VGW")" && pwd)/$(basename "$VGW")
T=$(mktemp -d /tmp/vgw-lab-test.XXXXXX)
export VGW_LAB_DIR="$T/state"
LAB=vt$$
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
cleanup() {
	"$VGW" lab down "$LAB" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

# 1. Bad topologies (no root needed: refused before anything is made).
printf 'hostname X\n' >"$T/x.cfg"
check_bad() {	# want-line want-text yaml
	printf '%s\n' "$3" >"$T/bad.yaml"
	out=$("$VGW" lab up "$T/bad.yaml" 2>&1)
	rc=$?
	case "$out" in
	*"$T/bad.yaml:$1: "*"$2"*)
		[ $rc -ne 0 ] && ok "refused at line $1: $2" ||
		    bad "refused but status 0: $out" ;;
	*) bad "want line $1 \"$2\", got: $out" ;;
	esac
}
check_bad 3 'unknown key "colour"' "name: b
routers:
  r1: {config: x.cfg, address: 10.1.1.1/24, colour: red}"
check_bad 5 "address 10.1.1.1 is r1's already" "name: b
routers:
  r1: {config: x.cfg, address: 10.1.1.1/24}
  r2:
    {config: x.cfg, address: 10.1.1.1/24}"
check_bad 3 "config file" "name: b
routers:
  r1: {config: nosuch.cfg, address: 10.1.1.1/24}"
check_bad 3 "bad address 10.1.1/24" "name: b
routers:
  r1: {config: x.cfg, address: 10.1.1/24}"
check_bad 4 "unknown peer kind" "name: b
peers:
  p1:
    kind: asterisk"
ls "$VGW_LAB_DIR" >/dev/null 2>&1 && bad "a refused topology made state" ||
    ok "nothing was made for a refused topology"

if [ "$(id -u)" != 0 ] || ! ip netns add "vgwl-probe-$$" 2>/dev/null; then
	echo "SKIP: network namespaces cannot be created here"
	[ $fail -eq 0 ] && exit 77 || exit 1
fi
ip netns del "vgwl-probe-$$"

# 2. The lab.
cat >"$T/topology.yaml" <<EOF
name: $LAB
routers:
  ca:
    config: ca.cfg
    address: 172.18.193.103/16
  gw1:
    config: gw1.cfg
    address: 172.18.197.154/16
  gw2:
    config: gw2.cfg
    address: 172.18.195.49/16
EOF
printf 'hostname CA\nip http server\ncrypto pki server CA\n grant auto\nend\n' >"$T/ca.cfg"
for gw in gw1 gw2; do
	cat >"$T/$gw.cfg" <<EOF
hostname $gw
ip domain name lab
crypto pki trustpoint CA
 enrollment url http://172.18.193.103:80
 revocation-check none
 serial-number none
 ip-address none
sip-ua
 crypto signaling default trustpoint CA strict-cipher
end
EOF
done
out=$(timeout 60 "$VGW" lab up "$T" 2>&1) && ok "lab up: $(echo "$out" | head -1)" ||
    { bad "lab up: $out"; exit 1; }
n=$(ip netns list | grep -c "^vgwl-$LAB")
[ "$n" -eq 4 ] && ok "4 namespaces (3 routers, the bridge)" || bad "$n namespaces"
out=$(timeout 30 "$VGW" lab up "$T" 2>&1) && bad "lab up twice accepted" ||
    ok "lab up twice is refused: $(echo "$out" | head -1)"
x() { timeout 60 "$VGW" lab exec "$LAB" "$@"; }
out=$(x gw1 'ping 172.18.195.49 repeat 2 timeout 1')
echo "$out" | grep -q 'Success rate is 100 percent (2/2)' &&
    ok "gw1 pings gw2 at its real address" || bad "ping: $out"
out=$(x ca 'configure terminal' 'crypto pki server CA' 'no shutdown' \
    'cisco123' 'cisco123' 'end')
echo "$out" | grep -q 'Certificate Server enabled' &&
    ok "the CA is enabled" || bad "CA: $out"
for gw in gw1 gw2; do
	x $gw 'configure terminal' 'crypto key generate rsa modulus 1024' \
	    'crypto pki authenticate CA' 'yes' 'crypto pki enroll CA' 'pw' \
	    'pw' 'yes' 'end' >"$T/$gw.enroll"
done
sleep 2
for gw in gw1 gw2; do
	out=$(x $gw 'show crypto pki certificates CA')
	echo "$out" | grep -q 'Status: Available' &&
	    echo "$out" | grep -q 'Certificate Serial Number (hex): 0[23]' &&
	    ok "$gw enrolled over SCEP at 172.18.193.103:80" ||
	    bad "$gw: $out $(cat "$T/$gw.enroll")"
done
x gw1 'configure terminal' 'dial-peer voice 1 pots' ' destination-pattern 9001' \
    ' port 0/3/1' 'dial-peer voice 5 voip' ' destination-pattern 9002' \
    ' voice-class sip url sips' ' session protocol sipv2' \
    ' session target ipv4:172.18.195.49:5061' ' session transport tcp tls' \
    'end' >/dev/null
x gw2 'configure terminal' 'dial-peer voice 1 pots' ' destination-pattern 9002' \
    ' port 0/3/1' 'dial-peer voice 2 voip' ' incoming called-number 9002' \
    ' session protocol sipv2' 'end' >/dev/null
x gw1 'csim start 9002' >/dev/null
sleep 3
out=$(x gw2 'show call active voice brief')
echo "$out" | grep -q 'pid:2 Answer 9001 active' &&
    ok "gw1 calls gw2 over TLS at 172.18.195.49:5061" || bad "call: $out"
out=$(x gw1 'show sip-ua connections tcp tls detail')
echo "$out" | grep -q 'Remote-Agent:172.18.195.49' &&
    ok "the TLS connection is to gw2's real address" || bad "conn: $out"
x gw1 'clear call voice causecode 16' >/dev/null

pids=$(cat "$VGW_LAB_DIR/$LAB"/*/pid 2>/dev/null)
out=$("$VGW" lab down "$LAB" 2>&1)
left=$(ip netns list | grep -c "^vgwl-$LAB")
alive=0
# (A reaped child of init may linger a moment as a zombie: not alive.)
for p in $pids; do
	st=$(ps -o stat= -p "$p" 2>/dev/null)
	case "$st" in ""|Z*) ;; *) alive=$((alive + 1)) ;; esac
done
[ "$left" -eq 0 ] && [ "$alive" -eq 0 ] && [ ! -e "$VGW_LAB_DIR/$LAB" ] &&
    ok "lab down: no namespace, process or state left" ||
    bad "lab down left $left namespaces, $alive processes: $out"
out=$("$VGW" lab down "$LAB" 2>&1)
echo "$out" | grep -q "No lab $LAB is up" && ok "lab down again: nothing up" ||
    bad "second down: $out"
echo "$fail failed"
exit $fail
