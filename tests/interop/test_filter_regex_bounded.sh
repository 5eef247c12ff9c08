#!/bin/sh
# An output filter's regular expression is user input: `a` followed by
# twenty `+` made glibc's regcomp take ~800 MB and 5 s. Under a 256 MB
# address-space limit and a 5 s timeout, vgw must refuse such patterns
# with the IOS caret error, quickly, and still filter with a normal one.
set -u
cd "$(dirname "$0")/../.."
VGW=${VGW:-${BUILD:-build}/vgw}
T=$(mktemp -d /tmp/vgw-rx.XXXXXX) || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
# A port pair from the kernel (UDP/TCP and TLS), not a fixed one.
PORT=$(/usr/bin/python3 tests/free_port.py) || exit 2
run() {
	# ASan reserves far more address space than it uses: no limit then.
	( case "$VGW" in *asan*) ;; *) ulimit -v 262144 ;; esac
	  printf '%s\n' "$1" | timeout 5 "$VGW" --nvram "$T" --sip-port "$PORT" \
	      --tls-port $((PORT + 1)) ) >"$T/out" 2>"$T/err"
}
for rx in 'a++++++++++++++++++++' 'a**********' '(a{255}){255}' \
    '((((((((((((((((((a))))))))))))))))))' "$(printf 'x%.0s' $(seq 300))"; do
	run "show version | include $rx"
	rc=$?
	if [ $rc -ne 1 ] || ! grep -q "Invalid input detected" "$T/out"; then
		echo "FAIL: '$rx' not refused (exit $rc)"
		head -5 "$T/err"
		fail=1
	fi
done
run "show version | include Version 12"
if [ $? -ne 0 ] || ! grep -q "^Cisco IOS Software" "$T/out"; then
	echo "FAIL: a normal filter no longer works"
	fail=1
fi
exit $fail
