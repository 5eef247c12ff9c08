#!/bin/sh
# Runs each libFuzzer target for FUZZ_SECONDS from its seeds
# (tests/fuzz/seeds/NAME) and prints, per target, executions per second
# and coverage; a crash, leak or sanitizer report fails the run and its
# input is kept in $FUZZ_BUILD/crash-NAME-* (make it a regression test).
# Usage: FUZZ_BUILD=build-fuzz FUZZ_SECONDS=60 sh tests/fuzz/run.sh NAME...
cd "$(dirname "$0")/../.." || exit 2
B=${FUZZ_BUILD:-build-fuzz}
S=${FUZZ_SECONDS:-60}
fail=0
for t in "$@"; do
	corpus=$B/corpus/$t
	mkdir -p "$corpus"
	seeds=tests/fuzz/seeds/$t
	[ -d "$seeds" ] || seeds=
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
	    LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp \
	    timeout $((S + 120)) "$B/fuzz/$t" -max_total_time="$S" \
	    -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
	    -artifact_prefix="$B/crash-$t-" -print_final_stats=1 \
	    "$corpus" $seeds >"$B/$t.log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$B/$t.log" |
	    grep -o '[0-9]*$')
	rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$B/$t.log" |
	    grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$B/$t.log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		tail -n 40 "$B/$t.log"
		echo "FAIL fuzz/$t (exit $rc)"
		fail=1
	else
		echo "PASS fuzz/$t: ${execs:-?} runs in ${S} s, ${rate:-?}/s, ${cov:-cov ?}"
	fi
done
exit $fail
