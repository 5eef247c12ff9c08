# Ctrl-Z in any configuration mode drops the line being typed and returns
# to privileged EXEC with %SYS-5-CONFIG_I, like `end` (ios-reference §4.1).
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from vgwpty import Console, fail

c = Console()
try:
    c.enable()
    c.line("configure terminal", "Router(config)#")
    c.line("line console 0", "Router(config-line)#")
    c.send("hostname NOTME")
    c.child.sendcontrol("z")
    c.expect_exact("^Z")
    c.expect_exact("%SYS-5-CONFIG_I: Configured from console by console")
    c.expect_exact("Router#")
    # The dropped line did not run: the prompt still says Router.
    out = c.line("show running-config | include hostname", "Router#")
    if "NOTME" in out:
        fail("the line typed before Ctrl-Z was executed")
    # In EXEC, Ctrl-Z does nothing.
    c.child.sendcontrol("z")
    c.line("", "Router#")
finally:
    c.close()
print("\nOK")
