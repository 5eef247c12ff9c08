#!/usr/bin/python3
# Workload (b) of bench/config-load: 10,000 voip dial-peers of 5 lines each
# (50,000 lines), as script-mode input. With --show N it ends with N
# `show running-config` commands, with --help it stays in configuration
# mode for the interactive `?`/TAB measurement (no `end`).
# Usage: gen_dialpeers.py [PEERS] [--show N] > FILE
import sys

args = sys.argv[1:]
shows = 0
if '--show' in args:
    i = args.index('--show')
    shows = int(args[i + 1])
    del args[i:i + 2]
peers = int(args[0]) if args else 10000
out = ['enable', 'configure terminal']
for i in range(1, peers + 1):
    out.append('dial-peer voice %d voip' % i)
    out.append(' destination-pattern %d' % (100000 + i))
    out.append(' session protocol sipv2')
    out.append(' session target ipv4:127.0.%d.%d:5061' % (i // 250, 1 + i % 250))
    out.append(' codec g711ulaw')
out.append('end')
out.extend(['show running-config'] * shows)
sys.stdout.write('\n'.join(out) + '\n')
