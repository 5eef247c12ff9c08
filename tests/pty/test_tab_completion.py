# TAB completes a unique keyword prefix to the whole keyword and a blank,
# and the completed line runs as typed in full (ios-reference §1.5).
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from vgwpty import Console, fail

c = Console()
try:
    c.send("sh\t")
    c.expect_exact("show ")
    c.send("hist\t")
    c.expect_exact("history ")
    c.send("\r")
    c.expect_exact("Router>")
    if "  show history" not in c.child.before:
        fail("completed line was not `show history`: %r" % c.child.before)
    c.send("term\t")
    c.expect_exact("terminal ")
    c.send("len\t")
    c.expect_exact("length ")
    c.send("0\r")
    c.expect_exact("Router>")
    if "%" in c.child.before:
        fail("completed `terminal length 0` refused: %r" % c.child.before)
    # After `|` the filter keywords complete too.
    c.send("show history | inc\t")
    c.expect_exact("| include ")
    c.send("length\r")
    c.expect_exact("Router>")
    if "  terminal length 0" not in c.child.before or \
            "  show history \r\n" in c.child.before:
        fail("`| include length` did not filter: %r" % c.child.before)
finally:
    c.close()
print("\nOK")
