#!/usr/bin/python3
# Workload (a) of bench/config-load: 20,000 `ip route` lines plus 2,000
# interfaces with a description and an address (28,000 lines in all), as
# script-mode input (enable, configure terminal, the lines, end).
# Usage: gen_routes.py [ROUTES [INTERFACES]] > FILE
import sys

routes = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
ifaces = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
out = ['enable', 'configure terminal']
for i in range(ifaces):
    out.append('interface Loopback%d' % i)
    out.append(' description bench loopback %d of %d' % (i, ifaces))
    out.append(' ip address 10.%d.%d.1 255.255.255.255' % (200 + i // 256, i % 256))
    out.append('!')
for i in range(routes):
    out.append('ip route 10.%d.%d.0 255.255.255.0 192.168.%d.1'
               % (i // 256, i % 256, i % 4))
out.append('end')
sys.stdout.write('\n'.join(out) + '\n')
