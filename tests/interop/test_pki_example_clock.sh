#!/bin/sh
# The feature module's example chain (a real MD5-signed IOS certificate and
# its CA, valid only in early 2006) is judged by the router clock: the
# example's crypto section loads without error, `clock set` inside the
# validity shows both certificates Available, outside shows them Expired,
# and openssl agrees the router certificate chains to the CA at that date.
VGW=${VGW:-build/vgw}
cfg=tests/examples/example-config.txt
[ -f "$cfg" ] || exit 77
tmp=$(mktemp -d /tmp/vgw-pki-clock.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
port=$((30000 + $$ % 20000))
fail=0
check() {
	if grep -q -- "$2" "$tmp/out"; then echo "ok   $1"; else
		echo "FAIL $1 (no \"$2\")"; fail=1; fi
}
{
	echo enable
	echo "configure terminal"
	sed -n '/^crypto pki trustpoint/,/^application/p' "$cfg" |
	    grep -v '^!' | grep -v '^application' 
	echo end
	echo "clock set 12:00:00 20 Jan 2006"
	echo "show crypto pki certificates user1"
	echo "clock set 12:00:00 20 Jan 2007"
	echo "show crypto pki certificates user1"
} >"$tmp/in"
timeout 60 "$VGW" --nvram "$tmp" --sip-port $port --tls-port $((port + 1)) \
    <"$tmp/in" >"$tmp/out" 2>&1
grep -n "^% \|%.*Invalid" "$tmp/out" | head -5
if grep -q "% Invalid\|% Error\|% Incomplete" "$tmp/out"; then
	echo "FAIL the example's crypto section loads without error"; fail=1
else
	echo "ok   the example's crypto section loads without error"
fi
first=$(sed -n '/clock set 12:00:00 20 Jan 2006/,/clock set 12:00:00 20 Jan 2007/p' "$tmp/out")
second=$(sed -n '/clock set 12:00:00 20 Jan 2007/,$p' "$tmp/out")
if [ "$(echo "$first" | grep -c 'Status: Available')" -eq 2 ]; then
	echo "ok   inside the validity both certificates are Available"
else
	echo "FAIL inside the validity both certificates are Available"; fail=1
fi
if [ "$(echo "$second" | grep -c 'Status: Expired')" -eq 2 ]; then
	echo "ok   after it both are Expired"
else
	echo "FAIL after it both are Expired"; fail=1
fi
# One RDN a line under Subject:, most specific first (ios-reference §3.7).
check "the router certificate's real subject (multi-valued RDN)" \
    "^    serialNumber=36E8B0B3+hostname=sinise.+ipaddress=172.18.197.154$"
check "the router certificate's real subject (cn on the next line)" \
    "^    cn=172.18.197.154$"
# openssl, at a date inside the validity, from the hex of running-config.
sed -n '/^ certificate 66/,/quit/p' "$cfg" | grep -v 'certificate\|quit' |
    /usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' >"$tmp/r.der"
sed -n '/^ certificate ca 01/,/quit/p' "$cfg" | grep -v 'certificate\|quit' |
    /usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' >"$tmp/ca.der"
openssl x509 -inform DER -in "$tmp/r.der" -out "$tmp/r.pem" 2>/dev/null
openssl x509 -inform DER -in "$tmp/ca.der" -out "$tmp/ca.pem" 2>/dev/null
if openssl verify -attime 1137758400 -auth_level 0 -CAfile "$tmp/ca.pem" \
    "$tmp/r.pem" >/dev/null 2>&1; then
	echo "ok   openssl verifies the MD5 chain at 2006-01-20"
else
	echo "SKIP openssl refuses MD5 signatures here (security level)"
fi
exit $fail
