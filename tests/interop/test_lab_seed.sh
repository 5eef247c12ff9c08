#!/bin/sh
# The seed lab end to end (labs/seed/up.sh, what `make lab` runs): the
# feature module's network in namespaces on its real addresses, the CA
# router enrolling every gateway over SCEP (user1 with the module's
# example configuration unchanged), the Kamailio TLS registrar with a
# certificate from the same CA (micromdm scepclient), user1 registered
# over TLS, calls to 9001 (far1, 172.18.195.49) and 333 (dns:liotta.com,
# `ip host`) over TLS, and `lab down` leaving nothing. About two minutes
# (user1's first REGISTER, sent before the registrar ran, times out
# first). Skipped where namespaces, kamailio or scepclient are missing.
VGW=${VGW:-${BUILD:-build}/vgw}
VGW=$(cd "$(dirname "$VGW")" && pwd)/$(basename "$VGW")
for t in kamailio scepclient ip; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
if [ "$(id -u)" != 0 ] || ! ip netns add "vgwl-probe-$$" 2>/dev/null; then
	echo "SKIP: network namespaces cannot be created here"; exit 77
fi
ip netns del "vgwl-probe-$$"
T=$(mktemp -d /tmp/vgw-lab-seed.XXXXXX)
export VGW_LAB_DIR="$T/state"
trap '"$VGW" lab down seed >/dev/null 2>&1; rm -rf "$T"' EXIT INT TERM
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
x() { timeout 60 "$VGW" lab exec seed "$@"; }

VGW=$VGW timeout 200 sh labs/seed/up.sh >"$T/up.log" 2>&1 ||
    { bad "labs/seed/up.sh failed"; cat "$T/up.log"; exit 1; }
for gw in user1 far1 far2 liotta; do
	tp=CA; [ $gw = user1 ] && tp=user1
	out=$(x $gw "show crypto pki certificates $tp")
	echo "$out" | grep -q 'Status: Available' &&
	    echo "$out" | grep -A1 'Issuer:' | grep -q 'cn=CA' &&
	    ok "$gw holds a certificate from the CA router" || bad "$gw: $out"
done
out=$(x user1 'show sip-ua register status')
echo "$out" | grep -q '^777 .* yes' &&
    ok "user1 (example configuration) registered 777 over TLS" ||
    bad "register: $out $(tail -5 "$T/up.log")"
x user1 'csim start 9001' >/dev/null
sleep 3
out=$(x far1 'show call active voice brief')
echo "$out" | grep -q 'Answer 777 active' &&
    ok "csim start 9001: far1 (172.18.195.49) answers over TLS" ||
    bad "9001: $out"
x user1 'clear call voice causecode 16' >/dev/null
x user1 'csim start 333' >/dev/null
sleep 3
out=$(x liotta 'show call active voice brief')
echo "$out" | grep -q 'Answer 777 active' &&
    ok "csim start 333: dns:liotta.com through ip host (172.18.201.173)" ||
    bad "333: $out"
out=$(x user1 'show sip-ua connections tcp tls detail')
echo "$out" | grep -q 'Remote-Agent:172.18.193.97' &&
    ok "show sip-ua connections lists the registrar" || bad "conn: $out"
"$VGW" lab down seed >/dev/null
n=$(ip netns list | grep -c '^vgwl-seed')
[ "$n" -eq 0 ] && [ ! -e "$VGW_LAB_DIR/seed" ] &&
    ok "lab down: nothing left" || bad "$n namespaces left"
echo "$fail failed"
exit $fail
