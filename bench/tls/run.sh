#!/bin/sh
# New TLS connections per second (full handshake, RSA-2048, mutual
# authentication, strict-cipher TLS_RSA_WITH_AES_128_CBC_SHA) from the
# GnuTLS load client, against gnutls-serv and against vgw with the same
# certificate and priority, in one run, as a ratio (target >= 0.9); then
# HOLD (default 10000) TLS connections held open on vgw, with its RSS per
# connection (target < 64 KiB). 127.0.0.1 only; every process is bounded
# and ended by its PID. Env: BUILD, SECONDS_RUN (5), WORKERS (2), HOLD.
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
SECONDS_RUN=${SECONDS_RUN:-5}
WORKERS=${WORKERS:-2}
HOLD=${HOLD:-10000}
for t in certtool openssl gnutls-serv; do
	command -v $t >/dev/null || { echo "bench/tls: $t missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/vgw-bench-tls.XXXXXX)
GS= VP=
cleanup() {
	[ -n "$GS" ] && kill "$GS" 2>/dev/null
	[ -n "$VP" ] && kill "$VP" 2>/dev/null
	exec 3>&- 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
sh bench/tls/build.sh "$T" || exit 1
STRICT='NONE:+VERS-TLS1.2:+RSA:+AES-128-CBC:+SHA1:+COMP-NULL:+SIGN-ALL'
BASE=$((45000 + ($$ % 1000) * 4))
GPORT=$BASE; SIP=$((BASE + 1)); TLS=$((BASE + 2))

# The test PKI of interop.md §0.3.
certtool --generate-privkey --key-type rsa --bits 2048 --no-text --outfile "$T/ca.key" 2>/dev/null
printf 'cn = "Bench CA"\nserial = 1\nexpiration_days = 3650\nca\ncert_signing_key\ncrl_signing_key\n' >"$T/ca.tmpl"
certtool --generate-self-signed --load-privkey "$T/ca.key" --template "$T/ca.tmpl" --no-text --outfile "$T/ca.crt" 2>/dev/null
for who in gw client; do
	certtool --generate-privkey --key-type rsa --bits 2048 --no-text --outfile "$T/$who.key" 2>/dev/null
	printf 'cn = "%s.test"\nserial = %s\nexpiration_days = 365\nip_address = "127.0.0.1"\ntls_www_server\ntls_www_client\nsigning_key\nencryption_key\n' \
	    "$who" "$([ $who = gw ] && echo 2 || echo 3)" >"$T/$who.tmpl"
	certtool --generate-certificate --load-privkey "$T/$who.key" --load-ca-certificate "$T/ca.crt" \
	    --load-ca-privkey "$T/ca.key" --template "$T/$who.tmpl" --no-text --outfile "$T/$who.crt" 2>/dev/null
done
openssl rsa -in "$T/gw.key" -des3 -traditional -passout pass:Secret#123 -out "$T/gw-legacy.key" 2>/dev/null

client() {
	"$T/tls_load" rate 127.0.0.1 "$1" "$SECONDS_RUN" "$WORKERS" "$T/client.crt" \
	    "$T/client.key" "$T/ca.crt" NORMAL
}

# Both servers run side by side; the client alternates between them ROUNDS
# times (the machine is shared with other work, so the medians of the
# rounds are compared; the best rounds are shown too).
ROUNDS=${ROUNDS:-5}
timeout 900 gnutls-serv --port "$GPORT" --x509certfile "$T/gw.crt" \
    --x509keyfile "$T/gw.key" --x509cafile "$T/ca.crt" --require-client-cert \
    --priority "$STRICT" >/dev/null 2>&1 &
GS=$!
# vgw: the same identity imported into a trustpoint, strict-cipher.
ulimit -n 65536 2>/dev/null
mkfifo "$T/in"; mkdir "$T/nv"
VGW_SIP_MAX_CONNECTIONS=16380 timeout 900 "$VGW" --nvram "$T/nv" --sip-port "$SIP" \
    --tls-port "$TLS" <"$T/in" >"$T/vgw.out" 2>&1 &
VP=$!
exec 3>"$T/in"
{
	printf 'enable\nconfigure terminal\ncrypto pki import gw1id pem terminal Secret#123\n'
	cat "$T/ca.crt"; echo quit; cat "$T/gw-legacy.key"; echo quit; cat "$T/gw.crt"; echo quit
	printf 'crypto pki trustpoint gw1id\n revocation-check none\n exit\n'
	printf 'sip-ua\n crypto signaling default trustpoint gw1id strict-cipher\n end\n'
} >&3
sleep 2
: >"$T/gs.all"; : >"$T/vgw.all"
r=0
while [ $r -lt "$ROUNDS" ]; do
	client "$GPORT" >>"$T/gs.all"
	client "$TLS" >>"$T/vgw.all"
	r=$((r + 1))
done
kill "$GS"; wait "$GS" 2>/dev/null; GS=
suite=$(printf 'x' | timeout 5 gnutls-cli 127.0.0.1 -p "$TLS" --x509cafile "$T/ca.crt" \
    --x509certfile "$T/client.crt" --x509keyfile "$T/client.key" 2>/dev/null |
    sed -n 's/^- Description: //p')

best() { sed -n 's/.* rate \([0-9.]*\)$/\1/p' "$1" | sort -n | tail -n 1; }
all() { sed -n 's/.* rate \([0-9.]*\)$/\1/p' "$1" | tr '\n' ' '; }
fails() { awk '{s += $4} END {print s + 0}' "$1"; }
median() { sed -n 's/.* rate \([0-9.]*\)$/\1/p' "$1" | sort -n |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
g=$(median "$T/gs.all"); v=$(median "$T/vgw.all")
gb=$(best "$T/gs.all"); vb=$(best "$T/vgw.all")
echo "| TLS server (strict-cipher, mutual auth, RSA-2048) | median handshakes/s | best | rounds | failures |"
echo "|---|---|---|---|---|"
echo "| gnutls-serv | $g | $gb | $(all "$T/gs.all")| $(fails "$T/gs.all") |"
echo "| vgw | $v | $vb | $(all "$T/vgw.all")| $(fails "$T/vgw.all") |"
echo
echo "ratio vgw/gnutls-serv: median $(echo "scale=3; $v / $g" | bc), best $(echo "scale=3; $vb / $gb" | bc) (target >= 0.9); suite: $suite"
echo

# 3. HOLD connections held open: vgw's RSS per connection.
# $VP is timeout(1); vgw is its child.
VGWPID=$(cat "/proc/$VP/task/$VP/children" 2>/dev/null | awk '{print $1}')
rss() { awk '/^VmRSS/ {print $2}' "/proc/${VGWPID:-$VP}/status"; }
before=$(rss)
"$T/tls_load" hold 127.0.0.1 "$TLS" "$HOLD" 20 "$T/client.crt" "$T/client.key" \
    "$T/ca.crt" NORMAL >"$T/hold.txt" &
HP=$!
i=0
while ! grep -q '^held' "$T/hold.txt" 2>/dev/null && [ $i -lt 3000 ]; do
	sleep 0.2; i=$((i + 1))
done
sleep 1
after=$(rss)
echo "show sip-ua connections tcp tls brief" >&3
sleep 1
active=$(sed -n 's/^Total active connections *: //p' "$T/vgw.out" | tail -n 1)
wait "$HP"
held=$(awk '{print $2}' "$T/hold.txt")
echo "| held TLS connections | vgw active | RSS before | RSS after | per connection |"
echo "|---|---|---|---|---|"
echo "| $held | $active | ${before} KiB | ${after} KiB | $(( (after - before) * 1024 / (held > 0 ? held : 1) )) bytes |"
echo "exit" >&3
exec 3>&-
wait "$VP" 2>/dev/null; VP=
