#!/usr/bin/python3
# `?` and TAB latency of vgw's console with a large configuration loaded:
# drives build/vgw on a pty (pexpect) whose NVRAM folder already holds the
# configuration, times each keystroke until the console has answered it,
# and subtracts the time the same pty takes to echo one plain character
# (the floor of any keystroke: pty, event loop, readline redraw), so the
# "net" figures are the grammar's own cost. Prints one markdown row per
# measurement. Usage: latency.py VGW NVRAM_DIR [ROUNDS [VGW ARGS...]]
import statistics, sys, time
import pexpect

vgw, nvram = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 300
extra = sys.argv[4:]           # e.g. --sip-port N --tls-port N

child = pexpect.spawn(vgw, ['--nvram', nvram] + extra, timeout=60)
# pexpect sleeps 50 ms before every send by default; that would swamp
# what is measured here.
child.delaybeforesend = None
child.setwinsize(50, 200)
child.expect(rb'Router>|[\r\n]Press RETURN')
if b'Press RETURN' in child.after:
    child.send('\r')
    child.expect(rb'Router>')
child.sendline('enable')
child.expect(rb'Router#')
child.sendline('terminal length 0')
child.expect(rb'Router#')
child.sendline('configure terminal')
child.expect(rb'Router\(config\)#')

def drain():
    """Reads whatever the console still has to say, so that no earlier
    output can pass for the answer being timed."""
    try:
        while True:
            child.read_nonblocking(65536, timeout=0.3)
    except pexpect.TIMEOUT:
        pass

def timed(n, before, key, answer, must=None):
    """Times n keystrokes `key` on a line holding `before`, each until the
    console's `answer` has arrived. `?` keeps the line (IOS reprints it), so
    the line is typed once; any other key is undone with Ctrl-U, which
    reprints no text that `answer` could match."""
    out = []
    keep = key == '?'
    drain()
    if keep and before:
        child.send(before)
        child.expect_exact(before.encode())
    for _ in range(n):
        if before and not keep:
            child.send(before)
            child.expect_exact(before.encode())
        t0 = time.perf_counter()
        child.send(key)
        child.expect_exact(answer)
        out.append(time.perf_counter() - t0)
        if must is not None and must not in child.before:
            sys.exit('latency: %r answered without %r' % (before + key, must))
        if not keep:
            child.send('\x15')
    if keep and before:
        child.send('\x15')
    return out

def row(name, v, floor):
    v = sorted(v)
    p50 = statistics.median(v) * 1e3
    p99 = v[int(len(v) * 0.99) - 1] * 1e3
    net = max(p50 - floor * 1e3, 0.0)
    print('| %s | %d | %.3f | %.3f | %.3f |' % (name, len(v), p50, p99, net))

# Floor: one ordinary character echoed by readline.
floor = timed(rounds, '', 'x', b'x')
floor50 = statistics.median(floor)
print('| keystroke | rounds | p50 ms | p99 ms | net p50 ms (minus echo floor) |')
print('|---|---|---|---|---|')
row('echo of one character (floor)', floor, 0.0)
row('`?` on an empty config line', timed(rounds, '', '?', b'Router(config)#',
    b'dial-peer'), floor50)
row('`dial-peer voice ?`', timed(rounds, 'dial-peer voice ', '?',
    b'Router(config)#dial-peer voice ', b'<1-2147483647>'), floor50)
row('TAB: `dial-p` -> `dial-peer `', timed(rounds, 'dial-p', '\t', b'eer '), floor50)
row('TAB: `dial-peer v` -> `voice `', timed(rounds, 'dial-peer v', '\t', b'oice '), floor50)
child.sendline('dial-peer voice 5000 voip')
child.expect(rb'Router\(config-dial-peer\)#')
row('`session target ?` in dial-peer 5000', timed(rounds, 'session target ', '?',
    b'Router(config-dial-peer)#session target ', b'sip-server'), floor50)
row('TAB: `session t` -> `session target `', timed(rounds, 'session ta', '\t',
    b'rget '), floor50)
child.sendline('end')
child.sendline('exit')
child.expect(pexpect.EOF)
