#!/bin/sh
# SIP OPTIONS transactions per second, driven closed-loop by SIPp (200 in
# flight: -r 100000 -l 200) over UDP and over TCP, against vgw and against
# Kamailio answering OPTIONS statelessly (sl_send_reply), in one run.
# Target: vgw at least Kamailio's rate with under 0.5% lost. 127.0.0.1
# only; every process bounded and ended by its PID. Env: BUILD, CALLS
# (default 100000), KAMAILIO_CHILDREN (default 2: the machine has 2 cores).
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
CALLS=${CALLS:-100000}
KCH=${KAMAILIO_CHILDREN:-2}
command -v sipp >/dev/null || { echo "bench/options: sipp missing" >&2; exit 1; }
T=$(mktemp -d /tmp/vgw-bench-opt.XXXXXX)
KP= VP=
cleanup() {
	[ -n "$KP" ] && kill "$KP" 2>/dev/null
	[ -n "$VP" ] && kill "$VP" 2>/dev/null
	exec 3>&- 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
BASE=$((47000 + ($$ % 500) * 6))
KPORT=$BASE; VPORT=$((BASE + 1)); VTLS=$((BASE + 2)); CPORT=$((BASE + 3))

cat >"$T/options.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="OPTIONS">
  <send>
    <![CDATA[

      OPTIONS sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]-[call_number]
      To: <sip:[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>
</scenario>
XML

KMOD=$(ls -d /usr/lib/*/kamailio/modules 2>/dev/null | head -n 1)
cat >"$T/kamailio.cfg" <<KCFG
#!KAMAILIO
debug=0
log_stderror=yes
children=$KCH
tcp_children=$KCH
auto_aliases=no
listen=udp:127.0.0.1:$KPORT
listen=tcp:127.0.0.1:$KPORT
loadpath "$KMOD"
loadmodule "sl.so"
loadmodule "textops.so"
request_route {
    if (is_method("OPTIONS")) { sl_send_reply("200", "OK"); exit; }
    sl_send_reply("405", "Method Not Allowed");
}
KCFG

# One SIPp run: prints "rate lost" (transactions/s, lost %).
drive() {
	tr=$1 port=$2 out=$T/sipp.$1.$2
	s=$(date +%s.%N)
	timeout 120 sipp "127.0.0.1:$port" -sf "$T/options.xml" -t "$tr" \
	    -i 127.0.0.1 -p "$CPORT" -m "$CALLS" -r 100000 -l 200 -nostdin \
	    -buff_size 4194304 -recv_timeout 1000 -timeout 110s >"$out" 2>&1
	e=$(date +%s.%N)
	ok=$(sed -n 's/^ *Successful call *| *[0-9]* *| *\([0-9]*\).*/\1/p' "$out" | tail -n 1)
	ok=${ok:-0}
	echo "$ok $s $e" | awk -v n="$CALLS" '{lost = n - $1;
	    t = $3 - $2 - (lost > 0 ? 1 : 0);
	    printf "%.0f %.2f\n", $1 / t, 100 * lost / n}'
}

have_kam=0
if command -v kamailio >/dev/null && [ -n "$KMOD" ]; then
	mkdir -p "$T/krun"
	timeout 600 kamailio -f "$T/kamailio.cfg" -DD -E -m 64 -M 8 -Y "$T/krun" \
	    -w "$T" >"$T/kam.log" 2>&1 &
	KP=$!
	have_kam=1
fi
mkdir "$T/nv"
mkfifo "$T/in"
timeout 600 "$VGW" --nvram "$T/nv" --sip-port "$VPORT" \
    --tls-port "$VTLS" <"$T/in" >"$T/vgw.out" 2>&1 &
VP=$!
exec 3>"$T/in"
sleep 2

echo "| OPTIONS, SIPp -l 200 | transport | transactions/s | lost % |"
echo "|---|---|---|---|"
for tr in u1 t1; do
	name=$([ $tr = u1 ] && echo UDP || echo TCP)
	if [ $have_kam = 1 ]; then
		set -- $(drive $tr "$KPORT")
		echo "| Kamailio (sl, children=$KCH) | $name | $1 | $2 |"
	fi
	set -- $(drive $tr "$VPORT")
	echo "| vgw | $name | $1 | $2 |"
done
