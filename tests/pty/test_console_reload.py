# The console through a reload: the questions are answered from the keyboard
# without stalling, the router comes back with an empty configuration, and
# the same console session starts again at a fresh user EXEC prompt.
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from vgwpty import Console, fail
c = Console()
try:
    c.enable()
    c.line("configure terminal", "Router(config)#")
    c.line("hostname R1", "R1(config)#")
    c.line("end", "R1#")
    c.send("reload\r")
    c.expect_exact("Save? [yes/no]: ")
    c.send("no\r")
    c.expect_exact("Proceed with reload? [confirm]")
    c.send("\r")
    c.expect_exact("Router>")
    c.line("enable", "Router#")
    out = c.line("show running-config | include hostname", "Router#")
    if "hostname R1" in out or "hostname Router" not in out:
        fail("the unsaved hostname survived the reload: %r" % out)
finally:
    c.close()
print("\nOK")
