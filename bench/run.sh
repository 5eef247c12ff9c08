#!/bin/sh
# Runs every benchmark of vgw (bench/*/run.sh: config-load, and the SIP and
# PKI ones when present) against $BUILD/vgw (default build) and prints their
# markdown tables one after the other. Exit status 1 if any of them failed.
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
status=0
for b in bench/*/run.sh; do
	[ -f "$b" ] || continue
	echo "# $(basename "$(dirname "$b")")"
	echo
	if ! sh "$b"; then
		echo "bench: $b failed" >&2
		status=1
	fi
	echo
done
exit $status
