#!/bin/sh
# The feature module's example configuration (tests/examples/example-config.txt,
# cleaned of its OCR errors) pasted into vgw in script mode: every line is
# accepted, `show running-config` prints exactly
# tests/examples/expected-running-config.txt (with its byte count checked
# against the text it counts), `vgw --check` accepts the file, and a copy
# with two bad lines is reported at exactly those two line numbers while
# every good line still loads; saved and booted again, the same
# running-config comes back. Only vgw itself runs; nothing touches the
# network.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
EX=tests/examples/example-config.txt
WANT=tests/examples/expected-running-config.txt
PY=/usr/bin/python3
T=$(mktemp -d /tmp/vgw-example.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ -x "$VGW" ] || { echo "FAIL: $VGW not built"; exit 1; }
# SIP ports of its own (two the kernel reports free), so a vgw running
# elsewhere on 5060/5061 cannot disturb the transcript with listener errors.
set -- $($PY -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
PORTS="--sip-port $1 --tls-port $2"

# The running-config part of a script-mode transcript: from "Building
# configuration..." to the first "end" after it.
runconf() {
	awk '/^Building configuration\.\.\.$/ { on = 1 } on { print } on && /^end$/ { exit }' "$1"
}

# Its "Current configuration : N bytes" must count the text after that line.
check_bytes() {
	$PY - "$1" <<'PYEOF' || return 1
import re, sys
text = open(sys.argv[1], 'rb').read().decode()
m = re.search(r'^Current configuration : (\d+) bytes\n', text, re.M)
if not m:
    sys.exit('no "Current configuration" line')
body = text[m.end():]
if int(m.group(1)) != len(body.encode()):
    sys.exit('Current configuration says %s bytes, the text after it has %d'
             % (m.group(1), len(body.encode())))
PYEOF
}

# Compares a running-config with the expected one, the byte count aside.
compare() {
	sed 's/^Current configuration : [0-9]* bytes$/Current configuration : N bytes/' "$1" >"$T/got.norm"
	sed 's/^Current configuration : [0-9]* bytes$/Current configuration : N bytes/' "$WANT" >"$T/want.norm"
	if ! cmp -s "$T/want.norm" "$T/got.norm"; then
		bad "$2: show running-config differs from $WANT (- expected, + vgw):"
		diff -u "$T/want.norm" "$T/got.norm" | sed -n '3,80p'
	fi
	check_bytes "$1" || bad "$2: byte count of show running-config"
}

# 1. Paste: enable, configure terminal, the file (it ends with `end`).
# Onto a router with a saved (empty) configuration: a factory-fresh one
# has its Gigabit interfaces shut, and pasting a running-config (which
# never says `no shutdown`) leaves them shut, as on IOS.
{ printf 'enable\nconfigure terminal\n'; cat "$EX"; printf 'show running-config\nwrite memory\n'; } >"$T/paste.in"
mkdir "$T/nv1"
: >"$T/nv1/startup-config"
"$VGW" --nvram "$T/nv1" $PORTS <"$T/paste.in" >"$T/paste.out" 2>"$T/paste.err"
rc=$?
[ $rc -eq 0 ] || bad "paste: exit status $rc, want 0"
# IOS errors start with `%` (log messages such as %SYS-5-CONFIG_I do not
# count) or are a caret line.
if grep -nE '^% |^%[A-Z][a-z]|^ *\^$' "$T/paste.out" >"$T/errors.txt"; then
	bad "paste: vgw refused lines:"
	grep -nE -B2 '^% |^%[A-Z][a-z]|^ *\^$' "$T/paste.out" | head -40
fi
runconf "$T/paste.out" >"$T/run1.txt"
[ -s "$T/run1.txt" ] || bad "paste: no show running-config output"
compare "$T/run1.txt" "paste"

# 1b. Saved (the paste ends with write memory) and booted again on the
# same NVRAM folder: the replayed startup-config gives the identical
# running-config.
[ -s "$T/nv1/startup-config" ] || bad "write memory: no startup-config"
printf 'enable\nshow running-config\n' | "$VGW" --nvram "$T/nv1" $PORTS >"$T/boot.out" 2>&1 ||
	bad "boot on the saved folder: exit status $?"
runconf "$T/boot.out" >"$T/run_boot.txt"
compare "$T/run_boot.txt" "after write memory and a restart"

# 2. vgw --check accepts the file, silently.
"$VGW" --check "$EX" >"$T/check.out" 2>&1
rc=$?
[ $rc -eq 0 ] || { bad "--check: exit status $rc, want 0"; head -20 "$T/check.out"; }

# 3. Two bad lines: an unknown command (line 7) and a malformed argument
# inside dial-peer voice 5 (after its session target).
awk 'NR == 7 { print "ip routing-table bogus 1" }
     { print }
     /session target ipv4:172.18.195.49/ { print " session target ipv4:999.1.1.1" }' \
    "$EX" >"$T/bad.txt"
bad2=$(grep -n 'ipv4:999.1.1.1' "$T/bad.txt" | cut -d: -f1)
"$VGW" --check "$T/bad.txt" >"$T/check_bad.out" 2>&1
rc=$?
[ $rc -eq 1 ] || bad "--check of two bad lines: exit status $rc, want 1"
got=$(grep -oE "^$T/bad.txt:[0-9]+:" "$T/check_bad.out" | cut -d: -f2 | tr '\n' ' ')
[ "$got" = "7 $bad2 " ] || {
	bad "--check of two bad lines: reported lines [$got], want [7 $bad2 ]"
	head -20 "$T/check_bad.out"
}
# The good lines of the bad copy still load: same running-config as 1.
{ printf 'enable\nconfigure terminal\n'; cat "$T/bad.txt"; printf 'show running-config\n'; } >"$T/bad.in"
mkdir "$T/nv2"
: >"$T/nv2/startup-config"
"$VGW" --nvram "$T/nv2" $PORTS <"$T/bad.in" >"$T/bad.out" 2>&1
rc=$?
[ $rc -eq 1 ] || bad "paste of two bad lines: exit status $rc, want 1"
n=$(grep -cE '^% Invalid input detected' "$T/bad.out")
[ "$n" -eq 2 ] || bad "paste of two bad lines: $n Invalid input errors, want 2"
runconf "$T/bad.out" >"$T/run2.txt"
compare "$T/run2.txt" "paste with two bad lines"

[ $fail -eq 0 ] && echo "PASS: example configuration accepted and shown back"
exit $fail
