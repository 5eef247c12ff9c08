# Leaving the interactive console with `exit` ends with status 0, even
# after a mistyped line (so `make run` does not end in "Error 1", which
# reads as a crash); script mode keeps its meaningful status (1 when a
# line was refused: tests/transcripts *.status).
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
import pexpect
from vgwpty import Console, fail

c = Console()
try:
    c.line("shwo version", "Router>")
    c.send("exit\r")
    c.child.expect(pexpect.EOF)
    c.child.close()
    if c.child.exitstatus != 0:
        fail("exit after a mistyped line: status %r" % c.child.exitstatus)
finally:
    c.close()
print("\nOK")
