#!/bin/sh
# Random CLI input (tests/fuzz/gen_cli.py, fixed seed: the same lines every
# run) fed to vgw in script mode, one fresh NVRAM folder per chunk. Each
# run must end with status 0 or 1 (never a signal, a timeout or a sanitizer
# report), and what it left in NVRAM must still load: `--check` accepts the
# saved startup-config, a restart and `write memory` save the same text
# again, and a second restart shows the same running-config. Every other
# chunk comes through a pipe, the others from a file (the two input paths
# of script mode). Loopback only, SIP ports of its own.
# FUZZ_SEED, FUZZ_CHUNKS, FUZZ_LINES change the input; FUZZ_KEEP=DIR keeps
# the inputs and outputs of failed chunks there. VGW_SRC names the source
# tree (grammar XML, example config) when this file lives outside it.
set -u
HERE=$(cd "$(dirname "$0")/../.." && pwd)
cd "${VGW_SRC:-$HERE}" || exit 1
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
SEED=${FUZZ_SEED:-20261125}
CHUNKS=${FUZZ_CHUNKS:-40}
LINES=${FUZZ_LINES:-300}
LIMIT=${FUZZ_SECONDS:-20}
T=$(mktemp -d /tmp/vgw-fuzz.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ -x "$VGW" ] || { echo "FAIL: $VGW not built"; exit 1; }
[ -x /usr/bin/python3 ] || { echo "SKIP: no /usr/bin/python3"; exit 77; }
PORT=$((25000 + ($$ % 2000) * 2))

/usr/bin/python3 "$HERE/tests/fuzz/gen_cli.py" --root "$PWD" \
    --seed "$SEED" --chunks "$CHUNKS" \
    --lines "$LINES" "$T/in" || { echo "FAIL: generator"; exit 1; }

# vgw_run NAME NVRAM INPUT [ARGS...]: output in $T/NAME.out, stderr in
# $T/NAME.err; fails the chunk on a bad status or a sanitizer report.
# With PIPE=1 the input comes through a pipe (read as the event loop sees
# it arrive) instead of a file (read in turns with the loop's events).
PIPE=0
vgw_run() {
	name=$1 nv=$2 input=$3
	shift 3
	if [ $PIPE -eq 1 ]; then
		# shellcheck disable=SC2002 # a pipe, not a file, on purpose
		cat "$input" | timeout 60 "$VGW" --nvram "$nv" \
		    --sip-port "$PORT" --tls-port $((PORT + 1)) "$@" \
		    >"$T/$name.out" 2>"$T/$name.err"
	else
		timeout 60 "$VGW" --nvram "$nv" --sip-port "$PORT" \
		    --tls-port $((PORT + 1)) "$@" <"$input" >"$T/$name.out" \
		    2>"$T/$name.err"
	fi
	rc=$?
	ok=0
	if [ "$rc" -gt 1 ]; then
		bad "$name: exit status $rc"
		ok=1
	fi
	if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' \
	    "$T/$name.err"; then
		bad "$name: sanitizer report"
		ok=1
	fi
	if [ $ok -ne 0 ]; then
		grep -A 12 'ERROR: \|runtime error:' "$T/$name.err" | head -n 30
		# The line being handled: the last prompt of the transcript.
		echo "last line read: $(grep -a '^[^ ]*[#>]' "$T/$name.out" |
		    tail -n 1 | cut -c 1-200)"
	fi
	return $ok
}

# The enable password a saved configuration asks for (gen_cli.py's).
login() {
	printf 'enable\n'
	grep -q '^enable \(secret\|password\)' "$1/startup-config" 2>/dev/null &&
	    printf 'fz1\n'
	printf 'terminal length 0\n'
}

runconf() {
	sed -n '/#show running-config$/,/^end$/p' "$1" | sed 1d
}

# --check: every line of the saved startup-config is accepted again.
check_saved() {
	[ -f "$2/startup-config" ] || return 0
	timeout 60 "$VGW" --check "$2/startup-config" >"$T/$1.check" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "$1: saved startup-config refused by --check (status $rc):"
		head -n 10 "$T/$1.check"
		return 1
	fi
	return 0
}

keep() {
	[ -n "${FUZZ_KEEP:-}" ] || return 0
	mkdir -p "$FUZZ_KEEP"
	cp "$T/in/$1.in" "$FUZZ_KEEP/" 2>/dev/null
	cp "$T/$1".* "$FUZZ_KEEP/" 2>/dev/null
}

start=$(date +%s)
n=0
lines=0
for in in "$T"/in/chunk-*.in; do
	c=$(basename "$in" .in)
	if [ $(($(date +%s) - start)) -ge "$LIMIT" ]; then
		echo "note: time limit ${LIMIT}s reached after $n chunks"
		break
	fi
	n=$((n + 1))
	PIPE=$((n % 2))
	lines=$((lines + $(wc -l <"$in")))
	nv=$T/nv.$c
	mkdir -p "$nv"
	before=$fail
	vgw_run "$c" "$nv" "$in" || { keep "$c"; continue; }
	check_saved "$c" "$nv" || { keep "$c"; continue; }
	saved=0
	if [ -f "$nv/startup-config" ]; then
		cp "$nv/startup-config" "$T/$c.saved1"
		saved=1
	fi
	# Restart on what the chunk saved, save again, restart once more.
	{ login "$nv"; printf 'write memory\nshow running-config\n'; } \
	    >"$T/$c.r2.in"
	vgw_run "$c.r2" "$nv" "$T/$c.r2.in" || { keep "$c"; continue; }
	grep -q '^\[OK\]$' "$T/$c.r2.out" ||
	    bad "$c: write memory after the restart did not say [OK]"
	check_saved "$c.r2" "$nv" || { keep "$c"; continue; }
	# What the chunk saved, booted and saved again, is the same text.
	if [ $saved -eq 1 ] && ! cmp -s "$T/$c.saved1" "$nv/startup-config"; then
		bad "$c: startup-config changed by a restart and write memory:"
		diff -u "$T/$c.saved1" "$nv/startup-config" | sed -n '3,30p'
	fi
	{ login "$nv"; printf 'show running-config\n'; } >"$T/$c.r3.in"
	vgw_run "$c.r3" "$nv" "$T/$c.r3.in" || { keep "$c"; continue; }
	runconf "$T/$c.r2.out" >"$T/$c.run2"
	runconf "$T/$c.r3.out" >"$T/$c.run3"
	if ! grep -q '^end$' "$T/$c.run2"; then
		bad "$c: no running-config after the restart (enable refused?)"
		head -n 5 "$T/$c.r2.out"
	elif ! cmp -s "$T/$c.run2" "$T/$c.run3"; then
		bad "$c: running-config differs after write memory + restart:"
		diff -u "$T/$c.run2" "$T/$c.run3" | sed -n '3,30p'
	fi
	[ $fail -ne $before ] && keep "$c"
	rm -rf "$nv"
done

[ "$n" -ge 5 ] || bad "only $n chunks ran in ${LIMIT}s"
[ $fail -eq 0 ] &&
    echo "PASS: $n chunks, $lines random lines (seed $SEED): no crash, saved config reloads"
exit $fail
