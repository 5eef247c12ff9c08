#!/bin/sh
# vgw alone, twice on one NVRAM folder: what `write memory` saved comes
# back after a restart as the identical running-config (hand-made config
# with sub-modes and passwords, then the feature module's example
# configuration with its certificate hex blocks); the folder is 0700 and
# startup-config 0600; `show clock` marks an unset clock with `*` and
# `clock set` (both day/month orders) sets it. Nothing touches the network.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VGW=$BUILD/vgw
# Ports from the kernel: 5060/5061 may be taken by another program.
PORT=$(/usr/bin/python3 tests/free_port.py) || exit 2
VGWP="--sip-port $PORT --tls-port $((PORT + 1))"
T=$(mktemp -d /tmp/vgw-modes.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ -x "$VGW" ] || { echo "FAIL: $VGW not built"; exit 1; }

# The running-config part of a transcript.
runconf() {
	sed -n '/#show running-config$/,/^end$/p' "$1" | sed 1d
}

# save_and_restart NAME CONFIG-LINES-FILE [ENABLE-PASSWORD]: run 1 pastes
# and saves, run 2 only shows; both running-configs must be the same text.
save_and_restart() {
	name=$1
	nv=$T/nv.$name
	mkdir -p "$nv/sub"
	nv=$nv/sub/nvram
	{ printf 'enable\nconfigure terminal\n'; cat "$2";
	  printf 'end\nwrite memory\nshow running-config\n'; } >"$T/$name.1.in"
	{ printf 'enable\n'; [ $# -ge 3 ] && printf '%s\n' "$3";
	  printf 'show running-config\nshow startup-config\n'; } >"$T/$name.2.in"
	timeout 60 "$VGW" $VGWP --nvram "$nv" <"$T/$name.1.in" >"$T/$name.1.out" 2>&1
	grep -q '^\[OK\]$' "$T/$name.1.out" || bad "$name: write memory did not say [OK]"
	timeout 60 "$VGW" $VGWP --nvram "$nv" <"$T/$name.2.in" >"$T/$name.2.out" 2>&1
	runconf "$T/$name.1.out" >"$T/$name.run1"
	runconf "$T/$name.2.out" >"$T/$name.run2"
	[ -s "$T/$name.run1" ] || bad "$name: no running-config before the restart"
	if ! cmp -s "$T/$name.run1" "$T/$name.run2"; then
		bad "$name: running-config differs after the restart (- before, + after):"
		diff -u "$T/$name.run1" "$T/$name.run2" | sed -n '3,40p'
	fi
	# show startup-config is the saved text under its "Using" line.
	sed -n '/^Using [0-9]* out of 155640 bytes$/,/^end$/p' "$T/$name.2.out" |
	    sed 1d >"$T/$name.startup"
	sed 1,3d "$T/$name.run1" >"$T/$name.body"
	cmp -s "$T/$name.startup" "$T/$name.body" ||
	    bad "$name: show startup-config is not the saved running-config"
	[ "$(stat -c %a "$nv")" = 700 ] || bad "$name: NVRAM folder mode $(stat -c %a "$nv"), want 700"
	[ "$(stat -c %a "$nv/startup-config")" = 600 ] ||
	    bad "$name: startup-config mode $(stat -c %a "$nv/startup-config"), want 600"
}

cat >"$T/hand.cfg" <<'CFG'
hostname gw-restart
service password-encryption
enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0
enable password lab
voice service voip
 sip
dial-peer voice 100 voip
 destination-pattern 100
 session target ipv4:127.0.0.2:5061
dial-peer voice 2 pots
 destination-pattern 2
interface GigabitEthernet0/0
 ip address 127.0.0.1 255.0.0.0
 shutdown
ip route 10.0.0.0 255.0.0.0 127.0.0.1
line con 0
 password cisco
line vty 0 4
 login
CFG
save_and_restart hand "$T/hand.cfg" cisco
grep -q '^hostname gw-restart$' "$T/hand.run2" || bad "hand: hostname lost"
grep -q '^gw-restart>enable$' "$T/hand.2.out" || bad "hand: prompt after restart is not gw-restart>"
grep -q ' password 7 ' "$T/hand.run2" || bad "hand: line password not shown as type 7"
if grep -q 'cisco\|lab' "$T/hand.run2"; then bad "hand: a cleartext password was saved"; fi

if [ -f tests/examples/example-config.txt ]; then
	save_and_restart example tests/examples/example-config.txt
	grep -q '^crypto pki certificate chain user1$' "$T/example.run2" ||
	    bad "example: certificate chain user1 not in running-config after the restart"
	grep -q '^ certificate ca ' "$T/example.run2" ||
	    bad "example: no CA certificate in the chain after the restart"
fi

# The clock: `*` until set; both orders of `clock set`.
printf 'show clock\nshow clock detail\nenable\nclock set 10:11:12 1 March 2024\nshow clock\nshow clock detail\nclock set 23:59:00 December 31 2030\nshow clock\nclock set 25:00:00 1 March 2024\nclock set 10:00:00 30 February 2024\n' >"$T/clock.in"
timeout 30 "$VGW" $VGWP --nvram "$T/nv.clock" <"$T/clock.in" >"$T/clock.out" 2>&1
sed -n 2p "$T/clock.out" | grep -Eq '^\*[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} UTC [A-Z][a-z]{2} [A-Z][a-z]{2} [0-9]{1,2} [0-9]{4}$' ||
    bad "clock: unset clock not shown as *HH:MM:SS.mmm UTC ...: $(sed -n 2p "$T/clock.out")"
grep -q '^No time source$' "$T/clock.out" || bad "clock: no 'No time source' before clock set"
grep -Eq '^10:11:1[2-9]\.[0-9]{3} UTC Fri Mar 1 2024$' "$T/clock.out" ||
    bad "clock: show clock after clock set 10:11:12 1 March 2024"
grep -q '^Time source is user configuration$' "$T/clock.out" || bad "clock: time source after clock set"
grep -Eq '^23:59:0[0-9]\.[0-9]{3} UTC Tue Dec 31 2030$' "$T/clock.out" ||
    bad "clock: clock set with the month first"
grep -q '%SYS-6-CLOCKUPDATE: System clock has been updated from .* to 10:11:12 UTC Fri Mar 1 2024, configured from console by console\.' "$T/clock.out" ||
    bad "clock: no %SYS-6-CLOCKUPDATE message"
n=$(grep -c '^% Invalid input detected' "$T/clock.out")
[ "$n" -eq 2 ] || bad "clock: $n refused clock set lines, want 2 (hour 25, 30 February)"

[ $fail -eq 0 ] && echo "PASS: saved configuration survives a restart; clock"
exit $fail
