#!/bin/sh
# Builds the GnuTLS load client of bench/tls (not part of the vgw build).
# Usage: sh bench/tls/build.sh OUTDIR   -> OUTDIR/tls_load
set -e
out=${1:-build/bench}
mkdir -p "$out"
${CC:-cc} -O2 -Wall -Wextra -o "$out/tls_load" "$(dirname "$0")/tls_load.c" \
    $(pkg-config --cflags --libs gnutls)
