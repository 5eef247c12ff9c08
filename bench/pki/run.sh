#!/bin/sh
# RSA key generation: vgw's `crypto key generate rsa ... modulus N` (key
# store, NVRAM file of mode 0600) against `certtool --generate-privkey
# --bits N`, at 1024 and 2048 bits, interleaved in one run. Prints a
# markdown table; the ratio is vgw's time per key over certtool's (target
# at most 1.1). KEYS=N keys per round (default 40), ROUNDS=N (default 6).
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
command -v certtool >/dev/null || { echo "certtool missing" >&2; exit 1; }
exec timeout 900 /usr/bin/python3 bench/pki/keygen.py "$BUILD/vgw" \
    "${KEYS:-40}" "${ROUNDS:-6}"
