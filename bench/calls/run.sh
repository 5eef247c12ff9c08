#!/bin/sh
# Calls per second vgw answers as UAS, measured side by side with SIPp's
# own UAS (the ceiling of the tool) in one run: SIPp's built-in `uac`
# scenario (INVITE, 100, 180, 200, ACK, BYE, 200), closed loop with 200
# calls in flight (-r 100000 -l 200), CALLS calls (default 100,000), over
# UDP; over TCP-to-TLS through socat (one TLS connection reused for every
# call). vgw answers with 200 voice-ports (a pots dial-peer each, all for
# 9001) and --answer-delay 0, RTP on. Then HELD calls (default 10,000)
# held at once: vgw's RSS per call. RSS before and after each run shows
# whether memory stays flat. 127.0.0.1 only, ports from the kernel, every
# process bounded and ended by its PID. Env: BUILD, CALLS, HELD.
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
CALLS=${CALLS:-100000}
HELD=${HELD:-10000}
for t in sipp socat certtool; do
	command -v $t >/dev/null || { echo "bench/calls: $t missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/vgw-bench-calls.XXXXXX)
VP= UP= SP=
cleanup() {
	for p in $VP $UP $SP; do kill "$p" 2>/dev/null; done
	exec 3>&- 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
port() { /usr/bin/python3 tests/free_port.py; }
VPORT=$(port); UPORT=$(port); CPORT=$(port); RELAY=$(port)
ulimit -n 65536 2>/dev/null || ulimit -n 16384

# An answering router's configuration: N lines (pots dial-peers with a
# voice-port each) for the number 9001, and the inbound voip peer.
lines_config() {
	echo "enable"; echo "configure terminal"
	i=0
	while [ $i -lt "$1" ]; do
		echo "dial-peer voice $((1000 + i)) pots"
		echo " destination-pattern 9001"
		echo " port $((i / 100))/$((i / 10 % 10))/$((i % 10))"
		i=$((i + 1))
	done
	echo "dial-peer voice 2 voip"; echo " incoming called-number 9001"
	echo " session protocol sipv2"; echo " codec g711ulaw"; echo "end"
}
lines_config 200 >"$T/config"

# TLS for the TCP-to-TLS runs: a CA, vgw's identity, socat's client.
mk() { certtool "$@" >/dev/null 2>&1; }
mk --generate-privkey --key-type rsa --bits 2048 --outfile "$T/ca.key"
printf 'cn = "bench CA"\nca\ncert_signing_key\nexpiration_days = 30\n' >"$T/ca.tmpl"
mk --generate-self-signed --load-privkey "$T/ca.key" --template "$T/ca.tmpl" --outfile "$T/ca.crt"
for w in gw client; do
	mk --generate-privkey --key-type rsa --bits 2048 --outfile "$T/$w.key"
	printf 'cn = "%s.bench"\nip_address = "127.0.0.1"\ntls_www_server\ntls_www_client\nexpiration_days = 30\n' "$w" >"$T/$w.tmpl"
	mk --generate-certificate --load-privkey "$T/$w.key" --load-ca-certificate "$T/ca.crt" \
	    --load-ca-privkey "$T/ca.key" --template "$T/$w.tmpl" --outfile "$T/$w.crt"
done
openssl rsa -in "$T/gw.key" -des3 -traditional -passout pass:bench123 -out "$T/gw-legacy.key" 2>/dev/null
cat "$T/client.crt" "$T/client.key" >"$T/client.pem"
{
	echo "crypto pki import gwid pem terminal bench123"
	cat "$T/ca.crt"; echo quit; cat "$T/gw-legacy.key"; echo quit
	cat "$T/gw.crt"; echo quit
	echo "crypto pki trustpoint gwid"; echo " revocation-check none"; echo " exit"
	echo "sip-ua"; echo " crypto signaling default trustpoint gwid"; echo " end"
} >"$T/tls-config"

mkdir "$T/nv"
mkfifo "$T/in"
timeout 1800 "$VGW" --nvram "$T/nv" --sip-port "$VPORT" \
    --tls-port $((VPORT + 1)) --answer-delay 0 <"$T/in" >"$T/vgw.out" 2>&1 &
VP=$!
exec 3>"$T/in"
sleep 0.5
# timeout's child is vgw: its RSS is what is measured.
VGWPID=$(cat /proc/$VP/task/$VP/children 2>/dev/null | awk '{ print $1 }')
cat "$T/config" >&3
echo "configure terminal" >&3
cat "$T/tls-config" >&3
sleep 3

rss() { awk '/^VmRSS/ { print $2 }' /proc/$1/status; }

scenario_tls() {
	sipp -sd uac 2>/dev/null | sed \
	    -e 's#SIP/2.0/\[transport\] \[local_ip\]:\[local_port\]#SIP/2.0/TLS [local_ip]:[local_port]#' \
	    -e 's#Contact: sip:sipp@\[local_ip\]:\[local_port\]#Contact: <sip:sipp@[local_ip]:[local_port];transport=tls>#' \
	    >"$T/uac_tls.xml"
}

# One SIPp uac run: prints "calls/s failed".
drive() {
	tr=$1 target=$2 scen=$3 out=$T/sipp.$4
	s=$(date +%s.%N)
	timeout 900 sipp "$target" $scen -s 9001 -t "$tr" -i 127.0.0.1 \
	    -p "$CPORT" -mp $((CPORT + 2)) -m "$CALLS" -r 100000 -l 200 -d 0 \
	    -nostdin -buff_size 4194304 -recv_timeout 5000 -timeout 880s \
	    >"$out" 2>&1
	e=$(date +%s.%N)
	ok=$(sed -n 's/^ *Successful call *| *[0-9]* *| *\([0-9]*\).*/\1/p' "$out" | tail -n 1)
	ok=${ok:-0}
	echo "$ok $s $e" | awk -v n="$CALLS" '{ printf "%.0f %d\n", $1 / ($3 - $2), n - $1 }'
}

echo "| calls (SIPp uac, -l 200, $CALLS calls) | transport | calls/s | failed | RSS before → after (KiB) |"
echo "|---|---|---|---|---|"
timeout 1800 sipp -sn uas -i 127.0.0.1 -p "$UPORT" -mp $((UPORT + 2)) -nostdin \
    -buff_size 4194304 >"$T/uas.out" 2>&1 &
UP=$!
sleep 1
set -- $(drive u1 "127.0.0.1:$UPORT" "-sn uac" uas-udp)
echo "| SIPp uas (baseline) | UDP | $1 | $2 | |"
r0=$(rss $VGWPID)
set -- $(drive u1 "127.0.0.1:$VPORT" "-sn uac" vgw-udp)
echo "| vgw | UDP | $1 | $2 | $r0 → $(rss $VGWPID) |"
kill $UP 2>/dev/null; wait $UP 2>/dev/null; UP=

# TLS: SIPp speaks TCP to socat, socat one TLS connection to the server.
scenario_tls
timeout 1800 sipp -sn uas -t t1 -i 127.0.0.1 -p "$UPORT" -nostdin \
    >"$T/uas-tls.out" 2>&1 &
UP=$!
sleep 1
timeout 1800 socat TCP-LISTEN:$RELAY,bind=127.0.0.1,reuseaddr,fork \
    TCP:127.0.0.1:$UPORT 2>/dev/null &
SP=$!
sleep 0.5
set -- $(drive t1 "127.0.0.1:$RELAY" "-sf $T/uac_tls.xml" uas-tcp)
echo "| SIPp uas (baseline, through socat TCP) | TCP | $1 | $2 | |"
kill $SP $UP 2>/dev/null; wait $SP $UP 2>/dev/null; SP= UP=
timeout 1800 socat TCP-LISTEN:$RELAY,bind=127.0.0.1,reuseaddr,fork \
    OPENSSL:127.0.0.1:$((VPORT + 1)),cert=$T/client.pem,cafile=$T/ca.crt,verify=1 2>/dev/null &
SP=$!
sleep 0.5
r0=$(rss $VGWPID)
set -- $(drive t1 "127.0.0.1:$RELAY" "-sf $T/uac_tls.xml" vgw-tls)
echo "| vgw (through socat, one TLS connection) | TLS | $1 | $2 | $r0 → $(rss $VGWPID) |"
kill $SP 2>/dev/null; wait $SP 2>/dev/null; SP=

# Memory per call: HELD calls held at once (a pause of 60 s before BYE)
# over UDP, in a fresh vgw whose number has HELD lines (the runs above
# leave freed memory behind that new calls would reuse unseen).
exec 3>&-
kill $VP 2>/dev/null; wait $VP 2>/dev/null
lines_config "$HELD" >"$T/held-config"
rm -f "$T/in"; mkfifo "$T/in"
timeout 900 "$VGW" --nvram "$T/nv" --sip-port "$VPORT" \
    --tls-port $((VPORT + 1)) --answer-delay 0 <"$T/in" >"$T/vgw-held.out" 2>&1 &
VP=$!
exec 3>"$T/in"
sleep 0.5
VGWPID=$(cat /proc/$VP/task/$VP/children 2>/dev/null | awk '{ print $1 }')
cat "$T/held-config" >&3
echo "show dial-peer voice summary | count pots" >&3
i=0
while [ $i -lt 120 ] && ! grep -q '^Number of lines which match regexp' "$T/vgw-held.out"; do
	sleep 0.5; i=$((i + 1))
done
r0=$(rss $VGWPID)
timeout 300 sipp "127.0.0.1:$VPORT" -sn uac -s 9001 -i 127.0.0.1 -p "$CPORT" \
    -mp $((CPORT + 2)) -m "$HELD" -r 1000 -l "$HELD" -d 60000 -nostdin \
    -buff_size 4194304 -timeout 280s -trace_err -error_file "$T/held.err" \
    >"$T/held.out" 2>&1 &
HP=$!
# Wait until every call is up (or 60 s).
i=0 n=0
while [ $i -lt 120 ]; do
	echo "show call active voice brief | include ^SIP call-legs" >&3
	sleep 0.5
	n=$(grep '^SIP call-legs: ' "$T/vgw-held.out" | tail -n 1 | awk '{ print $3 }')
	[ "${n:-0}" -ge "$HELD" ] && break
	i=$((i + 1))
done
r1=$(rss $VGWPID)
echo
echo "| $HELD calls held at once (UDP, RTP on) | active calls | RSS before → held (KiB) | per call |"
echo "|---|---|---|---|"
echo "$HELD ${n:-0} $r0 $r1" | awk '{ printf "| vgw | %d | %d → %d | %.1f KiB |\n", $2, $3, $4, ($2 > 0 ? ($4 - $3) / $2 : 0) }'
kill $HP 2>/dev/null
wait $HP 2>/dev/null
exit 0
