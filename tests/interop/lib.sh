# Shared set-up of the interop tests that drive one vgw through a FIFO
# (sourced, from the repository root): interop_setup NAME makes the
# scratch folder $T (removed at exit), empties VP (vgw's PID, ended at
# exit if still set) and fail; bad MESSAGE reports a failure.
interop_cleanup() {
	[ -n "$VP" ] && kill "$VP" 2>/dev/null
	exec 3>&- 2>/dev/null
	rm -rf "$T"
}

interop_setup() {
	T=$(mktemp -d "/tmp/vgw-$1.XXXXXX") || exit 2
	VP=
	fail=0
	trap interop_cleanup EXIT INT TERM
}

bad() { echo "FAIL: $*"; fail=1; }
