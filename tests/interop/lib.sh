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

# vgw_run NAME INPUT [BLOCKS]: vgw on the NVRAM folder $T/NAME (ports
# $PORT and $PORT+1, from interop_ports) with INPUT on stdin, its output
# in $T/NAME.out and $T/NAME.err, bounded by timeout; returns its exit
# status. With BLOCKS it runs under `ulimit -f BLOCKS`, its output still
# reaching the file through a pipe, outside the limit.
vgw_run() {
	printf '%s' "$2" | { ( [ -n "${3:-}" ] && ulimit -f "$3"
	    exec timeout 60 "$VGW" --nvram "$T/$1" --sip-port "$PORT" \
	    --tls-port $((PORT + 1)) ) 2>"$T/$1.err"; echo $? >"$T/$1.rc"; } |
	    cat >"$T/$1.out"
	return "$(cat "$T/$1.rc")"
}

# A port pair from the kernel for vgw: $PORT (UDP and TCP), $PORT+1 (TLS).
interop_ports() {
	PORT=$(/usr/bin/python3 tests/free_port.py) || exit 2
}

# has FILE PATTERN, hasnt FILE PATTERN: grep -q, a failure reported.
has() { grep -q -- "$2" "$1" || bad "no '$2' in $1"; }
hasnt() { ! grep -q -- "$2" "$1" || bad "'$2' in $1"; }
