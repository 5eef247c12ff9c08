# `?` prints the help for the text typed so far and gives the line back
# unchanged: the rest of the command can be typed after it (ios-reference
# §1.4).
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from vgwpty import Console, fail

c = Console()
try:
    c.send("terminal ?")
    c.expect_exact("length")
    c.expect_exact("Set number of lines on a screen")
    # The prompt comes back with what was typed, and typing goes on.
    c.expect_exact("Router>terminal ")
    c.send("history size 5\r")
    c.expect_exact("Router>")
    out = c.line("show history", "Router>")
    if "  terminal history size 5" not in out:
        fail("the line typed around `?` was not kept: %r" % out)
    # `?` glued to a word lists the words it could be.
    c.send("sh?")
    c.expect_exact("show")
    c.expect_exact("Router>sh")
    c.send("ow history\r")
    out = c.child.expect_exact("Router>")
    if "show history" not in c.child.before:
        fail("`sh?` did not keep `sh`")
finally:
    c.close()
print("\nOK")
