#!/bin/sh
# The whole test suite, as `make test` runs it (BUILD names the build dir):
# Check unit tests (each check counts), transcripts (NAME.in fed to vgw on
# stdin with a fresh NVRAM folder, stdout compared with NAME.out; optional
# NAME.args, NAME.status; log timestamps read "*TIMESTAMP: "), pty tests (tests/pty/test_*.py) and interop
# tests (tests/interop/test_*.sh; exit 77 = skipped). Every test is bounded
# by `timeout`. Ends with "N passed, N failed"; non-zero if any failed.
# Usage: BUILD=build sh tests/run.sh [PATTERN]   (PATTERN filters names)

cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
VGW=$BUILD/vgw
export VGW BUILD
PATTERN=${1:-}
passed=0
failed=0
skipped=0
ntranscript=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vgw-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

pass() { passed=$((passed + ${2:-1})); echo "PASS $1"; }
fail() { failed=$((failed + ${2:-1})); echo "FAIL $1"; }

selected() {
	[ -z "$PATTERN" ] && return 0
	case $1 in *"$PATTERN"*) return 0 ;; esac
	return 1
}

# Check prints "NN%: Checks: N, Failures: F, Errors: E".
run_unit() {
	t=$1
	name=unit/$(basename "$t")
	timeout 300 "$t" >"$tmp/unit.out" 2>&1
	rc=$?
	summary=$(grep -o 'Checks: [0-9]*, Failures: [0-9]*, Errors: [0-9]*' \
	    "$tmp/unit.out" | tail -n 1)
	if [ -z "$summary" ]; then
		cat "$tmp/unit.out"
		fail "$name (exit $rc, no Check summary)"
		return
	fi
	# shellcheck disable=SC2046
	set -- $(echo "$summary" | tr -cs '0-9' ' ')
	checks=$1
	bad=$(($2 + $3))
	if [ "$bad" -ne 0 ] || [ "$rc" -ne 0 ]; then
		grep -v '^Running suite' "$tmp/unit.out" | grep -v '^[0-9]*%:' |
		    head -n 40
		[ "$bad" -eq 0 ] && bad=1
		passed=$((passed + checks - bad))
		fail "$name ($summary, exit $rc)" "$bad"
	else
		pass "$name ($checks checks)" "$checks"
	fi
}

run_transcript() {
	in=$1
	base=${in%.in}
	name=transcripts/$(basename "$base")
	nvram=$tmp/nvram.$$
	rm -rf "$nvram"
	mkdir -p "$nvram"
	args=
	[ -f "$base.args" ] && args=$(sed -e "s|@NVRAM@|$nvram|g" \
	    -e "s|@SRCDIR@|$PWD|g" "$base.args")
	# Ports of their own, so transcripts running beside other vgw
	# processes do not meet "address in use"; NAME.args may override.
	ntranscript=$((ntranscript + 1))
	port=$(/usr/bin/python3 tests/free_port.py) || port=$((20000 + ($$ * 16 + ntranscript * 2) % 40000))
	# NAME.args is shell words: quotes group ("-c 'show version'").
	eval "set -- $args"
	timeout 60 "$VGW" --nvram "$nvram" --sip-port $port \
	    --tls-port $((port + 1)) "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# Log lines carry the time they were made (`service timestamps log
	# datetime msec`, the 12.4T default): any such prefix reads
	# "*TIMESTAMP: " in NAME.out.
	sed -e 's/^\*\{0,1\}[A-Z][a-z][a-z] [ 1-3][0-9] [0-9:]\{8\}\.[0-9]\{3\}: /*TIMESTAMP: /' \
	    "$tmp/out" >"$tmp/out.norm" && mv "$tmp/out.norm" "$tmp/out"
	ok=1
	if [ ! -f "$base.out" ]; then
		echo "missing $base.out"
		ok=0
	elif ! diff -u "$base.out" "$tmp/out" >"$tmp/diff"; then
		head -n 80 "$tmp/diff"
		ok=0
	fi
	if [ -f "$base.status" ]; then
		want=$(cat "$base.status")
		if [ "$rc" -ne "$want" ]; then
			echo "exit status $rc, expected $want"
			ok=0
		fi
	elif [ "$rc" -ge 124 ]; then
		echo "exit status $rc (timeout or crash)"
		head -n 20 "$tmp/err"
		ok=0
	fi
	# Under `make check` a sanitizer report fails the test whatever
	# the exit status says.
	if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' \
	    "$tmp/err"; then
		grep -A 20 'ERROR: \|runtime error:' "$tmp/err" | head -n 40
		ok=0
	fi
	rm -rf "$nvram"
	if [ $ok -eq 1 ]; then pass "$name"; else fail "$name"; fi
}

run_prog() {
	kind=$1
	t=$2
	limit=$3
	shift 3
	name=$kind/$(basename "$t")
	timeout "$limit" "$@" "$t" >"$tmp/prog.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		pass "$name"
	elif [ $rc -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "SKIP $name"
	else
		tail -n 40 "$tmp/prog.out"
		fail "$name (exit $rc)"
	fi
}

if [ ! -x "$VGW" ]; then
	echo "no $VGW: build first (make BUILD=$BUILD all)"
	fail "build"
fi

# One binary per source: a binary left in an old build folder by a test
# that no longer exists is not run.
for src in tests/unit/test_*.c; do
	[ -f "$src" ] || continue
	t="$BUILD/unit/$(basename "$src" .c)"
	if [ ! -x "$t" ]; then
		fail "unit/$(basename "$t") (not built)"
		continue
	fi
	selected "$t" && run_unit "$t"
done
for t in tests/transcripts/*.in; do
	[ -f "$t" ] || continue
	selected "$t" && run_transcript "$t"
done
for t in tests/pty/test_*.py; do
	[ -f "$t" ] || continue
	selected "$t" && run_prog pty "$t" 120 /usr/bin/python3
done
for t in tests/build/test_*.sh; do
	[ -e "$t" ] || continue
	selected "$t" && run_prog build "$t" 120 sh
done
for t in tests/interop/test_*.sh; do
	[ -f "$t" ] || continue
	selected "$t" && run_prog interop "$t" 300 sh
done

[ $skipped -gt 0 ] && echo "($skipped skipped)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
