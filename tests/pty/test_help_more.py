# `?` whose list is longer than the terminal pauses at --More-- without
# stalling anything, and the line typed so far comes back after the list:
# "do show " + `?` in configuration mode lists what show shows page by page,
# then "clock" typed after it runs as `do show clock`.
import os
import sys
sys.path.insert(0, os.path.dirname(__file__))
from vgwpty import Console, fail

c = Console()
try:
    c.enable()
    c.line("terminal length 4", "Router#")
    c.line("configure terminal", "Router(config)#")
    c.send("do show ")
    c.send("?")
    c.expect_exact("--More--")
    pages = 1
    while pages < 40:
        c.send(" ")
        if c.child.expect_exact(["--More--", "Router(config)#do show "]) == 1:
            break
        pages += 1
    if pages < 2:
        fail("the show list fitted one page of 4 lines")
    c.send("clock\r")
    c.expect(r"\d\d:\d\d:\d\d")
    c.expect_exact("Router(config)#")
    print("\n%d pages" % pages)
finally:
    c.close()
print("\nOK")
