# `enable` asks `Password:` without echoing what is typed; the right secret
# gives privileged EXEC, three wrong ones `% Bad secrets` (ios-reference §4.2).
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from vgwpty import Console, fail

c = Console()
try:
    c.enable()
    c.line("configure terminal", "Router(config)#")
    c.line("enable secret s3cr3tpw", "Router(config)#")
    c.line("end", "Router#")
    c.line("disable", "Router>")
    c.send("enable\r")
    c.expect_exact("Password:")
    c.send("s3cr3tpw\r")
    c.expect_exact("Router#")
    if "s3cr3tpw" in c.child.before:
        fail("the password was echoed")
    c.line("disable", "Router>")
    c.send("enable\r")
    for attempt in range(3):
        c.expect_exact("Password:")
        c.send("wrongpass%d\r" % attempt)
    c.expect_exact("% Bad secrets")
    c.expect_exact("Router>")
    if "wrongpass" in c.child.before:
        fail("a wrong password was echoed")
finally:
    c.close()
print("\nOK")
