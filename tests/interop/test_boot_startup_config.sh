#!/bin/sh
# Boot never drops configuration silently (issue 9.3, 9.4): vgw boots on
# crafted startup-configs and must apply every good line, report each
# refused one with its line number and text plus one summary line, read
# CRLF and CR-only files as --check reads them, refuse a NUL byte and an
# over-long line, end a certificate block whose `quit` is missing at the
# next line outside it (the module's example cut mid-block lost 75 lines),
# and report a startup-config it cannot read (a directory) instead of
# booting empty and overwriting it on the next `write memory`. Only vgw on
# loopback ports from the kernel; every run bounded by timeout.
set -u
cd "$(dirname "$0")/../.."
VGW=${VGW:-${BUILD:-build}/vgw}
. tests/interop/lib.sh
interop_setup boot
interop_ports
SHOW='enable
show running-config | include ^hostname|^ip route|^ip host|^interface|^ ip address
'

mkdir "$T/crlf"
printf 'hostname CRLF\r\ninterface Loopback0\r\n ip address 10.1.1.1 255.255.255.255\r\nip route 10.0.0.0 255.0.0.0 Null0\r\nend\r\n' \
    >"$T/crlf/startup-config"
vgw_run crlf "$SHOW"
has "$T/crlf.out" '^hostname CRLF$'
has "$T/crlf.out" '^ ip address 10.1.1.1 255.255.255.255$'
has "$T/crlf.out" '^ip route 10.0.0.0 255.0.0.0 Null0$'
hasnt "$T/crlf.out" 'refused'

mkdir "$T/cr"
printf 'hostname CRONLY\rip host a 10.2.2.2\rip route 10.0.0.0 255.0.0.0 Null0\r' \
    >"$T/cr/startup-config"
vgw_run cr "$SHOW"
has "$T/cr.out" '^hostname CRONLY$'
has "$T/cr.out" '^ip host a 10.2.2.2$'
has "$T/cr.out" '^ip route 10.0.0.0 255.0.0.0 Null0$'
# --check reads the same lines: a bad one is line 2 for both.
mkdir "$T/crbad"
printf 'hostname CR\rip frobnicate\rip route 10.0.0.0 255.0.0.0 Null0\r\n' \
    >"$T/crbad/startup-config"
vgw_run crbad "$SHOW"
has "$T/crbad.out" '^startup-config:2: ip frobnicate$'
timeout 20 "$VGW" --check "$T/crbad/startup-config" >"$T/crbad.check" 2>&1
grep -q "startup-config:2: ip frobnicate$" "$T/crbad.check" ||
    bad "crbad: --check does not read CR-only lines as boot does"

# A NUL byte, an over-long line and a bad line: each refused with its
# line number, every other line applied, one summary.
mkdir "$T/bad"
{
	printf 'hostname BAD\n'
	printf 'ip host x\0y 10.3.3.3\n'
	printf 'ip domain name %09000d\n' 0
	printf 'ip frobnicate\n'
	printf 'ip route 10.0.0.0 255.0.0.0 Null0\n'
} >"$T/bad/startup-config"
vgw_run bad "$SHOW"
has "$T/bad.out" '^startup-config:2: ip host x$'
has "$T/bad.out" '^startup-config:3: ip domain name 0000'
has "$T/bad.out" '^startup-config:4: ip frobnicate$'
has "$T/bad.out" '^% startup-config: 3 of 5 lines refused$'
has "$T/bad.out" '^hostname BAD$'
has "$T/bad.out" '^ip route 10.0.0.0 255.0.0.0 Null0$'
hasnt "$T/bad.out" '^ip domain name'

# The module's example configuration cut inside its first certificate
# block: every line after the block still applies.
mkdir "$T/cut"
awk '/^  [0-9A-F]/ && ++n == 3 { exit } { print }' \
    tests/examples/example-config.txt >"$T/cut/startup-config"
awk 'f { print } /^  [0-9A-F]/ && ++n == 3 { f = 1 }' \
    tests/examples/example-config.txt | awk '!/^  /' >>"$T/cut/startup-config"
after=$(awk '!/^ *!/ && !/^ *$/' "$T/cut/startup-config" | grep -c '^interface ')
vgw_run cut "$SHOW"
has "$T/cut.out" 'quit missing'
[ "$(grep -c '^interface ' "$T/cut.out")" -ge "$after" ] ||
    bad "cut: interfaces after the cut block lost"

# A startup-config that cannot be read is reported and kept.
mkdir -p "$T/unread/startup-config"
vgw_run unread 'enable
show startup-config
configure terminal
hostname KEEP
end
write memory
n
'
has "$T/unread.out" '^%Error opening nvram:startup-config (Is a directory)$'
has "$T/unread.out" 'Overwrite the previous NVRAM configuration?\[confirm\]'
has "$T/unread.out" '^%Save aborted$'
[ -d "$T/unread/startup-config" ] || bad "unread: startup-config replaced"
exit $fail
