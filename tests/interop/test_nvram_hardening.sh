#!/bin/sh
# Saves and the NVRAM folder (issue 9.5, 9.6). Under a zero file-size
# limit vgw is not killed by SIGXFSZ: key generation reports the failed
# write instead of [OK] and `write memory` says "File too large"; what a
# killed save left (NAME.tmpXXXXXX) is removed at start; a damaged key
# file and one other users may read are each reported and skipped; a
# startup-config or key file that is a symbolic link is not followed; a
# folder writable by others is warned about once. vgw only, on ports
# from the kernel, every run bounded.
set -u
cd "$(dirname "$0")/../.."
VGW=${VGW:-${BUILD:-build}/vgw}
. tests/interop/lib.sh
interop_setup nvh
interop_ports

# A file-size limit: failures reported, no SIGXFSZ (exit 153).
mkdir "$T/fsz"
vgw_run fsz 'enable
configure terminal
crypto key generate rsa label k1 modulus 512
end
write memory
' 0
rc=$?
[ $rc -eq 1 ] || bad "fsz: exit $rc (153 is SIGXFSZ)"
has "$T/fsz.out" 'Unable to write the key pair to nvram:rsa-k1.key (File too large)'
hasnt "$T/fsz.out" '^\[OK\]'
has "$T/fsz.out" '^%Error writing nvram:startup-config (File too large)$'

# Leftovers of killed saves go; keys that cannot be trusted are said.
mkdir -m 700 "$T/left"
: >"$T/left/startup-config.tmpAbC123"
: >"$T/left/rsa-k.key.tmpXyZ789"
echo 'not a key' >"$T/left/rsa-bad.key"; chmod 600 "$T/left/rsa-bad.key"
vgw_run left 'enable
configure terminal
crypto key generate rsa label k2 modulus 512
end
' 
cp "$T/left/rsa-k2.key" "$T/left/rsa-open.key" 2>/dev/null
chmod 644 "$T/left/rsa-open.key" 2>/dev/null
ln -s /etc/hostname "$T/left/rsa-link.key"
vgw_run left 'enable
show crypto key mypubkey rsa | include Key name
'
[ -e "$T/left/startup-config.tmpAbC123" ] && bad "left: stale temp kept"
[ -e "$T/left/rsa-k.key.tmpXyZ789" ] && bad "left: stale key temp kept"
has "$T/left.err" 'nvram:rsa-bad.key skipped: damaged key file'
has "$T/left.err" 'nvram:rsa-open.key skipped: readable or writable by other users'
has "$T/left.err" 'nvram:rsa-link.key skipped: Too many levels of symbolic links'
has "$T/left.out" '^Key name: k2$'
hasnt "$T/left.out" 'Key name: open'

# startup-config as a symbolic link is not followed.
mkdir -m 700 "$T/link"
echo 'hostname SECRET' >"$T/target"
ln -s "$T/target" "$T/link/startup-config"
vgw_run link 'enable
show startup-config
'
has "$T/link.out" 'Error opening nvram:startup-config (Too many levels of symbolic links)'
hasnt "$T/link.out" 'SECRET'

# A folder others may write to: one warning.
mkdir -m 777 "$T/open"
chmod 777 "$T/open"
vgw_run open 'enable
'
has "$T/open.err" 'WARNING: the NVRAM folder .* is writable by other users'
[ "$(grep -c WARNING "$T/open.err")" -eq 1 ] || bad "open: warned more than once"
exit $fail
