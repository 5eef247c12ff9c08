#!/bin/sh
# bench/lab: N routers (50 by default) in a lab: how long `vgw lab up`
# takes until every router answers `lab exec`, the RSS of each router,
# and `vgw lab down`. Beside it, the same number of routers started on
# loopback ports without namespaces, to show what the namespaces cost.
# Needs root (network namespaces). Ends everything it started.
set -u
N=${N:-50}
VGW=$(cd "$(dirname "$0")/../.." && pwd)/${BUILD:-build}/vgw
T=$(mktemp -d /tmp/vgw-bench-lab.XXXXXX)
export VGW_LAB_DIR="$T/state"
LAB=bench$$
trap '"$VGW" lab down "$LAB" >/dev/null 2>&1; rm -rf "$T"' EXIT INT TERM
[ "$(id -u)" = 0 ] || { echo "bench/lab needs root"; exit 1; }

{ echo "name: $LAB"; echo "routers:"; } >"$T/topology.yaml"
i=1
while [ $i -le "$N" ]; do
	printf 'hostname r%d\nip domain name lab\nline vty 0 4\n login\nend\n' $i \
	    >"$T/r$i.cfg"
	printf '  r%d:\n    config: r%d.cfg\n    address: 172.18.%d.%d/16\n' \
	    $i $i $((i / 250 + 100)) $((i % 250 + 1)) >>"$T/topology.yaml"
	i=$((i + 1))
done
t0=$(date +%s.%N)
timeout 120 "$VGW" lab up "$T" >/dev/null || { echo "lab up failed"; exit 1; }
t1=$(date +%s.%N)
rss_total=0; rss_max=0
for f in "$VGW_LAB_DIR/$LAB"/*/pid; do
	kb=$(awk '/^VmRSS/ { print $2 }' /proc/"$(cat "$f")"/status)
	rss_total=$((rss_total + kb))
	[ "$kb" -gt "$rss_max" ] && rss_max=$kb
done
out=$(timeout 30 "$VGW" lab exec "$LAB" r$N 'ping 172.18.100.2 repeat 1')
t2=$(date +%s.%N)
"$VGW" lab down "$LAB" >/dev/null
t3=$(date +%s.%N)
echo "$N routers in namespaces:"
echo "  lab up (every router at its prompt, privileged): $(echo "$t1 - $t0" | bc) s"
echo "  RSS per router: mean $((rss_total / N)) KiB, max $rss_max KiB"
echo "  r$N pings r1: $(echo "$out" | grep -c 'Success rate is 100')"
echo "  lab down: $(echo "$t3 - $t2" | bc) s"

# The same routers without namespaces, on loopback ports.
pids=""
t0=$(date +%s.%N)
i=1
while [ $i -le "$N" ]; do
	mkdir -p "$T/plain$i"
	mkfifo "$T/in$i"
	# stdin read-write on a FIFO: no end of input; $! is vgw itself.
	"$VGW" --nvram "$T/plain$i" --sip-port $((30000 + i * 2)) \
	    --tls-port $((30001 + i * 2)) <>"$T/in$i" >"$T/plain$i.log" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
i=1
while [ $i -le "$N" ]; do
	# Script mode prints a prompt once a line comes: an empty one.
	printf '\n' >"$T/in$i"
	until grep -q 'Router>' "$T/plain$i.log" 2>/dev/null; do sleep 0.01; done
	i=$((i + 1))
done
t1=$(date +%s.%N)
echo "$N routers on loopback ports, no namespaces: $(echo "$t1 - $t0" | bc) s to every prompt"
for p in $pids; do kill "$p" 2>/dev/null; done
wait 2>/dev/null
