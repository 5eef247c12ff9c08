#!/bin/sh
# bench/config-load: how fast vgw loads a large configuration through script
# mode, how much memory each stored line costs, how long `show
# running-config` takes with 10,000 dial-peers, and `?`/TAB latency with
# them loaded. Needs hyperfine, /usr/bin/time (GNU) and python3-pexpect.
# Prints a markdown table. BUILD selects the build folder (default build).
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
PY=/usr/bin/python3
RUNS=${RUNS:-5}
SHOWS=30	# show running-config timed as (load + SHOWS shows - load) / SHOWS
HERE=bench/config-load
[ -x "$VGW" ] || { echo "config-load: $VGW not built" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "config-load: hyperfine missing (make bench installs it)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "config-load: GNU time missing" >&2; exit 1; }

# SIP ports of its own (two the kernel reports free): a vgw elsewhere on
# 5060/5061 would make every configuration change print listener errors.
set -- $($PY -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
VGW_ARGS="--sip-port $1 --tls-port $2"
T=$(mktemp -d /tmp/vgw-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
mkdir "$T/nv"

$PY $HERE/gen_routes.py >"$T/routes.in"
$PY $HERE/gen_dialpeers.py >"$T/peers.in"
$PY $HERE/gen_dialpeers.py 10000 --show 1 >"$T/peers_show1.in"
$PY $HERE/gen_dialpeers.py 10000 --show $SHOWS >"$T/peers_show.in"
printf 'enable\nconfigure terminal\nend\n' >"$T/empty.in"
# --check reads configuration lines only.
sed '1,2d;$d' "$T/routes.in" >"$T/routes.cfg"

# Every workload must load without one rejected line, and show it all.
check_load() {
	"$VGW" --nvram "$T/nv" $VGW_ARGS <"$1" >"$T/out.txt" || {
		echo "config-load: $1 was not accepted:" >&2
		grep -n -B1 '^%' "$T/out.txt" | head -20 >&2
		exit 1
	}
}
check_load "$T/routes.in"
check_load "$T/peers_show1.in"
n=$(grep -c '^dial-peer voice ' "$T/out.txt" || true)
[ "$n" -eq 10000 ] || { echo "config-load: show running-config listed $n dial-peers, want 10000" >&2; exit 1; }

# Mean seconds of a script-mode run over RUNS runs (hyperfine, 1 warm-up).
mean() {
	# hyperfine 1.15 has no --input: the shell redirects, and hyperfine
	# subtracts the shell's own start-up time.
	hyperfine --warmup 1 --runs "$RUNS" --export-json "$T/h.json" \
	    "$VGW --nvram $T/nv $VGW_ARGS <$1 >/dev/null" >/dev/null
	$PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$T/h.json"
}
# Peak RSS in kB of a script-mode run (GNU time).
rss() {
	/usr/bin/time -v "$VGW" --nvram "$T/nv" $VGW_ARGS <"$1" >/dev/null 2>"$T/time.txt"
	sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$T/time.txt"
}
calc() { $PY -c "print($1)"; }

lines_a=$(wc -l <"$T/routes.in")
lines_b=$(wc -l <"$T/peers.in")
stored_a=$(grep -vc '^!' "$T/routes.cfg")
stored_b=$((lines_b - 3))

t_empty=$(mean "$T/empty.in")
t_a=$(mean "$T/routes.in")
t_b=$(mean "$T/peers.in")
t_show=$(mean "$T/peers_show.in")
t_check=$(hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$T/h.json" \
    "$VGW --check $T/routes.cfg" >/dev/null 2>&1 &&
    $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$T/h.json" || echo 0)

r_empty=$(rss "$T/empty.in")
r_a=$(rss "$T/routes.in")
r_b=$(rss "$T/peers.in")

echo "## bench/config-load ($(date -u +%Y-%m-%d), $(nproc) cores, $RUNS runs each)"
echo
echo "| measurement | value | target |"
echo "|---|---|---|"
printf '| (a) %d lines (20,000 ip route + 2,000 interfaces), script mode | %.0f lines/s (%.1f ms; start-up %.1f ms) | >= 750,000 lines/s |\n' \
    "$lines_a" "$(calc "$lines_a/$t_a")" "$(calc "$t_a*1e3")" "$(calc "$t_empty*1e3")"
printf '| (a) excluding start-up (empty-config run subtracted) | %.0f lines/s | |\n' \
    "$(calc "$lines_a/max($t_a-$t_empty,1e-9)")"
[ "$t_check" = 0 ] || printf '| (a) `vgw --check` of the same lines | %.0f lines/s | (FRR vtysh -C -f: ~150,000) |\n' \
    "$(calc "($lines_a-3)/$t_check")"
printf '| (b) %d lines (10,000 voip dial-peers x 5), script mode | %.0f lines/s (%.1f ms) | >= 750,000 lines/s |\n' \
    "$lines_b" "$(calc "$lines_b/$t_b")" "$(calc "$t_b*1e3")"
printf '| (b) excluding start-up | %.0f lines/s | |\n' "$(calc "$lines_b/max($t_b-$t_empty,1e-9)")"
printf '| peak RSS: empty / (a) / (b) | %d / %d / %d kB | |\n' "$r_empty" "$r_a" "$r_b"
printf '| RSS per stored line (a): (RSS(a) - RSS(empty)) / %d | %.0f bytes | <= 400 |\n' \
    "$stored_a" "$(calc "($r_a-$r_empty)*1024/$stored_a")"
printf '| RSS per stored line (b): (RSS(b) - RSS(empty)) / %d | %.0f bytes | <= 400 |\n' \
    "$stored_b" "$(calc "($r_b-$r_empty)*1024/$stored_b")"
printf '| `show running-config` with 10,000 dial-peers ((load + %d shows - load) / %d, output to /dev/null) | %.2f ms | < 50 ms |\n' \
    "$SHOWS" "$SHOWS" "$(calc "($t_show-$t_b)*1e3/$SHOWS")"

# `?`/TAB with the 10,000 dial-peers as startup-config.
mkdir "$T/nvl"
{ cat "$T/peers.in"; echo 'write memory'; } | "$VGW" --nvram "$T/nvl" $VGW_ARGS >/dev/null
echo
if $PY -c 'import pexpect' 2>/dev/null; then
	echo "### \`?\` and TAB with 10,000 dial-peers (pty, pexpect; net = p50 minus the echo floor)"
	echo
	$PY $HERE/latency.py "$VGW" "$T/nvl" "${ROUNDS:-300}" $VGW_ARGS
else
	echo "(?/TAB latency skipped: python3-pexpect missing)"
fi
