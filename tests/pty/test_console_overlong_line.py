# The console takes lines of at most EXEC_LINE_MAX (8192) characters, as
# script mode does: a 9000-character line typed at the readline prompt is
# refused with the caret at the limit and not run (it would set a
# 8991-character hostname), and a fresh prompt follows.
import re
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from vgwpty import Console, fail

PROMPT = "Router(config)#"
LINE = "hostname " + "A" * 8991

c = Console(timeout=30)
c.child.logfile_read = None     # 9000 characters echoed, then redrawn
try:
    c.enable()
    c.line("configure terminal", PROMPT)
    for i in range(0, len(LINE), 500):
        c.send(LINE[i:i + 500])
    c.send("\r")
    c.expect_exact("% Invalid input detected at '^' marker.")
    caret = re.search(r"\n( *)\^\r?\n[^\n]*$", c.child.before)
    if caret is None:
        fail("no caret line before the error")
    if len(caret.group(1)) != len(PROMPT) + 8192:
        fail("caret at column %d, not %d" % (len(caret.group(1)),
             len(PROMPT) + 8192))
    c.expect_exact(PROMPT)
    out = c.line("do show running-config | include ^hostname", PROMPT)
    if "AAAA" in out:
        fail("the over-long line was run")
    # The console still takes ordinary lines.
    c.line("hostname R2", "R2(config)#")
finally:
    c.close()
print("\nOK")
