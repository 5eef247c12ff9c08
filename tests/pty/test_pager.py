# The --More-- pager after `terminal length` - 1 lines: space shows the next
# page, q ends the output; `terminal length 0` turns it off.
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
import pexpect
from vgwpty import Console, fail

c = Console()
try:
    c.enable()
    c.line("configure terminal", "Router(config)#")
    for i in range(1, 16):
        c.line("ip route 10.%d.0.0 255.255.0.0 127.0.0.2" % i,
               "Router(config)#")
    c.line("end", "Router#")
    c.line("terminal length 6", "Router#")
    c.send("show running-config\r")
    c.expect_exact("--More--")
    first = c.child.before
    if first.count("\n") > 7:
        fail("first page longer than the terminal: %r" % first)
    c.send(" ")
    c.expect_exact("--More--")
    c.send("q")
    c.expect_exact("Router#")
    if "\nend" in c.child.before:
        fail("output went on after q")
    c.line("terminal length 0", "Router#")
    c.send("show running-config\r")
    i = c.child.expect_exact(["--More--", "\nend"])
    if i == 0:
        fail("pager still on with terminal length 0")
    c.expect_exact("Router#")
finally:
    c.close()
print("\nOK")
