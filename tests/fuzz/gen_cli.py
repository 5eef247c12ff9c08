#!/usr/bin/python3
"""
Random CLI input for vgw's script mode, built from the real grammar: every
<command> of the XML files under cli/ modes/ pki/ sipua/ grammar/ is
expanded with random argument values (valid, edge and wrong), then mangled
(abbreviations, `?` glued anywhere, `no`/`default`/`do`, dropped or extra
words, case, blanks), mixed with garbage bytes, NUL bytes, 100 KB lines,
certificate hex in (config-pubkey), unbalanced modes and questions left
unanswered at end of input. A fixed seed gives the same files every time.

Usage: gen_cli.py [--seed N] [--chunks N] [--lines N] [--root DIR] OUTDIR
writes OUTDIR/chunk-NNN.in (one vgw run each).

The enable password, when a chunk sets one, is always PASSWORD (plain,
type 0, type 5 or type 7 of it) so that the test can log in again.
"""
import argparse
import glob
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

PASSWORD = "fz1"
# openssl passwd -1 -salt fuzz fz1
PASSWORD5 = "$1$fuzz$zeBOSFlKfpKxxkft6bDAx1"
TYPE7_KEY = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"

LONG = 100 * 1024


def type7(plain, seed):
    return "%02d" % seed + "".join(
        "%02X" % (ord(c) ^ ord(TYPE7_KEY[(seed + i) % len(TYPE7_KEY)]))
        for i, c in enumerate(plain))


def tokenize(syntax):
    return re.findall(r"[{}\[\]|]|[^\s{}\[\]|]+", syntax)


def parse(tokens, pos=0, closer=None):
    """A list of alternatives, each a list of items; an item is
    ('w', text), ('alt', alts) or ('opt', alts)."""
    alts = [[]]
    while pos < len(tokens):
        t = tokens[pos]
        pos += 1
        if t == closer:
            return alts, pos
        if t == "|":
            alts.append([])
        elif t == "{":
            sub, pos = parse(tokens, pos, "}")
            alts[-1].append(("alt", sub))
        elif t == "[":
            sub, pos = parse(tokens, pos, "]")
            alts[-1].append(("opt", sub))
        else:
            alts[-1].append(("w", t))
    return alts, pos


class Grammar:
    def __init__(self, root):
        self.modes = {}         # name -> parent
        self.cmds = {}          # mode -> [(syntax tree, enters, first word)]
        self.words = set()
        files = []
        for d in ("grammar", "modes", "cli", "pki", "sipua"):
            files += sorted(glob.glob(os.path.join(root, d, "*.xml")))
        for f in files:
            top = ET.parse(f).getroot()
            for m in top.iter("mode"):
                self.modes[m.get("name")] = m.get("parent")
            for c in top.iter("command"):
                spellings = [c.get("syntax")]
                spellings += [a.get("syntax") for a in c.iter("alias")]
                for s in spellings:
                    toks = tokenize(s)
                    tree, _ = parse(toks)
                    self.cmds.setdefault(c.get("mode"), []).append(
                        (tree, c.get("enters")))
                    for t in toks:
                        w = t.split("$")[0]
                        if re.fullmatch(r"[a-z][a-z0-9-]*", w):
                            self.words.add(w)
        self.words = sorted(self.words)
        self.mode_names = sorted(self.cmds)


class Gen:
    def __init__(self, rng, gram, hexblocks):
        self.r = rng
        self.g = gram
        self.hex = hexblocks
        self.mode = "exec"
        self.password = False
        self.out = []

    # ---- argument values -------------------------------------------
    def number(self, lo, hi, what):
        r = self.r
        if what == "modulus" or (lo == 360 and hi == 4096):
            hi = 1024       # key generation time stays small
        x = r.random()
        if x < 0.6:
            return str(r.randint(lo, hi))
        self.bad = True
        return r.choice([str(lo), str(hi), str(lo - 1), str(hi + 1), "-1",
                         "0", "4294967296", "99999999999999999999", "0x10",
                         "1e3", "+5", "007", "", "٣"])

    def ipv4(self):
        r = self.r
        if r.random() < 0.7:
            return r.choice(["127.0.0.%d" % r.randint(0, 255),
                             "255.255.255.%d" % r.choice([0, 128, 255]),
                             "10.%d.0.1" % r.randint(0, 255), "0.0.0.0",
                             "010.001.1.1"])
        self.bad = True
        return r.choice(["256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3",
                         "-1.0.0.0", "a.b.c.d", "1.2.3.4 ", "4294967296.0.0.0",
                         "1.2.3.", ".1.2.3"])

    def pick(self, good, bad, p=0.75):
        if self.r.random() < p:
            return self.r.choice(good)
        self.bad = True
        return self.r.choice(bad)

    def value(self, ph, name, words):
        r = self.r
        ph = ph.split("$")[0]
        m = re.fullmatch(r"<(-?\d+)-(\d+)>", ph)
        if m:
            return self.number(int(m.group(1)), int(m.group(2)), name)
        if ph == "A.B.C.D":
            return self.ipv4()
        if ph == "IPV4TARGET":
            return self.pick(["ipv4:127.0.0.1", "ipv4:127.0.0.2:5061",
                              "ipv4:127.0.0.1:%d" % r.randint(1, 65535)],
                             ["ipv4:" + self.ipv4(), "ipv4:", "ipv4:1.2.3.4:0",
                              "ipv4:127.0.0.1:65536", "ipv4:127.0.0.1:",
                              "IPV4:127.0.0.1", "ipv6:[::1]"])
        if ph == "DNSNAME":
            return self.pick(["dns:gw.example.invalid"],
                             ["dns:", "dns:a..b", "dns:" + "x" * 300])
        if ph == "URL":
            return self.pick(["http://127.0.0.1:1/cgi-bin/pkiclient.exe",
                              "http://127.0.0.1:1", "http://[::1]:1/",
                              "tftp://127.0.0.1/f.cfg", "nvram:fz.pem"],
                             ["nvram:../x", "flash:", "x:", "http:",
                              "http://127.0.0.1:99999/", "nvram:" + "a" * 300])
        if ph == "HEX":
            return self.pick(["66", "01", "DEADBEEF", "1F"],
                             ["xyz", "0" * 100, "0x1", "-1"])
        if ph == "INTERFACE":
            return self.pick(["GigabitEthernet0/0", "gi 0/0", "Loopback0",
                              "fa0/1", "Serial0/0/0:1",
                              "GigabitEthernet0/0.100"],
                             ["Tunnel99999999999", "Vlan", "Ethernet",
                              "Loopback -1", "x0/0", "gi"])
        if ph == "SLOTPORT":
            return self.pick(["0/0", "1/0/1", "0/1"],
                             ["0/", "/0", "99999/99999", "0/0/0/0/0", "a/b"])
        if ph == "WORD":
            if name in ("hash",):
                return self.pick([PASSWORD5], ["$1$", "x"])
            return self.pick(["fz1", "tp1", "user1", "kp1", "TP1", "100",
                              "5.....", "*", "a" * 40, "-", "1"],
                             ["Ä", "..", "%s%n%x", "x" * 300, "a?b"])
        if ph == "LINE":
            return " ".join(r.choice(words) for _ in range(r.randint(1, 6)))
        return ph       # a keyword (possibly with $name)

    # ---- one expansion of a syntax tree -----------------------------
    def expand(self, alts):
        """[(word, is_keyword)] for a random alternative."""
        out = []
        for kind, v in self.r.choice(alts):
            if kind == "w":
                w, _, name = v.partition("$")
                if re.fullmatch(r"[a-z][a-z0-9-]*", w) and not \
                        (w.isupper()):
                    out.append((w, True))
                else:
                    out.append((self.value(w, name,
                                           self.g.words), False))
            elif kind == "alt":
                out += self.expand(v)
            elif self.r.random() < 0.5:
                out += self.expand(v)
        return out

    # ---- mangling ---------------------------------------------------
    def abbreviate(self, words):
        r = self.r
        return [(w[:r.randint(1, len(w))] if kw and r.random() < 0.5
                 else w, kw) for w, kw in words]

    def mangle(self, words, protected):
        """The line and whether it may no longer be the command."""
        r = self.r
        changed = False
        if r.random() < 0.25:
            words = self.abbreviate(words)
            changed = True      # an abbreviation may be ambiguous
        if protected:
            line = " ".join(w for w, _ in words)
            if r.random() < 0.1:
                return line + "?", True
            return line, changed
        x = r.random()
        if x < 0.28:
            changed = True
        if x < 0.08 and words:
            del words[r.randrange(len(words))]
        elif x < 0.14 and words:
            i = r.randrange(len(words))
            words.insert(i, words[i])
        elif x < 0.2:
            words.insert(r.randint(0, len(words)),
                         (r.choice(self.g.words), True))
        elif x < 0.24 and len(words) > 1:
            i = r.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif x < 0.28:
            words = [(w.upper() if kw else w, kw) for w, kw in words]
        text = [w for w, _ in words]
        if r.random() < 0.1:
            text.insert(0, r.choice(["no", "default", "do", "no no"]))
            changed = True
        sep = " "
        x = r.random()
        if x < 0.05:
            sep = "\t"
        elif x < 0.1:
            sep = "   "
        line = sep.join(text)
        x = r.random()
        if x < 0.17:
            changed = True
        if x < 0.08:
            line += "?"
        elif x < 0.12:
            line += " ?"
        elif x < 0.15 and line:
            i = r.randint(0, len(line))
            line = line[:i] + "?" + line[i:]
        elif x < 0.17 and text:
            # help on a partial word: "sh?" / "crypto pki tr?"
            line = " ".join(text[:-1] + [text[-1][:1] + "?"])
        if r.random() < 0.05 and text and text[0].lower().startswith("sh"):
            line += " | %s %s" % (
                r.choice(["include", "exclude", "begin", "section", "count",
                          "i", "inc", "redirect", ""]),
                r.choice(["ver", "^ ", "(", "[a-", "*a", "\\", "(a*)*b",
                          "a{99999}", ".*", "", "x | include y", "?"]))
            changed = True
        if r.random() < 0.04:
            line = "  " + line
        if r.random() < 0.04:
            line += "  "
        if r.random() < 0.03:
            line += "\r"
        return line, changed

    # ---- lines ------------------------------------------------------
    def emit(self, line):
        self.out.append(line if isinstance(line, bytes) else
                        line.encode("utf-8", "surrogateescape"))

    def password_line(self):
        r = self.r
        self.password = True
        return r.choice(["enable secret " + PASSWORD,
                         "enable secret 0 " + PASSWORD,
                         "enable secret 5 " + PASSWORD5,
                         "enable password " + PASSWORD,
                         "enable password 0 " + PASSWORD,
                         "enable password 7 " + type7(PASSWORD,
                                                      r.randint(0, 15))])

    def grammar_line(self, mode, any_mode=False):
        """A line of MODE's grammar and the mode it surely enters."""
        cmds = self.g.cmds.get(mode) or self.g.cmds["config"]
        tree, enters = self.r.choice(cmds)
        if enters == "config-pubkey":
            return "show version", None     # see cert_sequence()
        self.bad = False
        words = self.expand(tree)
        first = " ".join(w for w, _ in words[:2])
        if first in ("enable secret", "enable password"):
            return self.password_line(), None
        if words and words[0][0] == "reload" and self.r.random() < 0.7:
            return "show version", None
        if words and words[0][0] == "ping":
            # A ping waits for its echoes as IOS does (repeat x timeout):
            # random counts would outlast the run's time limit.
            return "ping 127.0.0.1 repeat 2 timeout 1", None
        protected = first.startswith("crypto key generate")
        line, changed = self.mangle(words, protected)
        if changed or self.bad or any_mode:
            enters = None
        return line, enters

    def soup_line(self):
        r = self.r
        words = [r.choice(self.g.words) for _ in range(r.randint(1, 8))]
        if "enable".startswith(words[0]) or words[0] == "do":
            words[0] = "show"
        line = " ".join(words)
        return line + r.choice(["", "", "?", " ?"])

    def garbage(self):
        r = self.r
        n = r.randint(1, 200)
        allowed = [b for b in range(256) if b != 10]
        if r.random() < 0.5:
            allowed = [b for b in allowed if b != 0]
        data = bytes(r.choice(allowed) for _ in range(n))
        if r.random() < 0.3:
            data = r.choice([b"show ", b"no ", b"crypto pki ",
                             b"interface "]) + data
        # vgw reads a line up to its first NUL: keep "q\0..." from
        # ending the run.
        head = data.split(b"\0")[0].decode("latin-1")
        if self.safe(head) != head:
            data = b"x" + data
        return data

    def long_line(self):
        r = self.r
        kind = r.randrange(7)
        if kind == 0:
            return "a" * LONG
        if kind == 1:
            return ("show " * (LONG // 5))
        if kind == 2:
            return "description " + "x" * LONG
        if kind == 3:
            return " " * LONG + "show version"
        if kind == 4:
            return "show " + "?" * LONG
        if kind == 5:
            return "no " * (LONG // 3) + "ip cef"
        return "hostname " + "h" * LONG

    def hex_lines(self):
        r = self.r
        x = r.random()
        if x < 0.35 and self.hex:
            lines = list(r.choice(self.hex))
            if r.random() < 0.4:    # corrupt a real certificate
                i = r.randrange(len(lines))
                op = r.randrange(4)
                if op == 0:
                    del lines[i:]
                elif op == 1:
                    lines[i] = lines[i].replace("0", "G", 1)
                elif op == 2:
                    lines[i] = lines[i][:len(lines[i]) // 2]
                else:
                    lines.insert(i, lines[i])
            return lines
        out = []
        for _ in range(r.randint(0, 12)):
            y = r.random()
            if y < 0.6:
                out.append("  " + " ".join(
                    "%08X" % r.getrandbits(32)
                    for _ in range(r.randint(1, 8))))
            elif y < 0.7:
                out.append("0" * r.choice([1, 3, 1000, LONG]))
            elif y < 0.8:
                out.append("end")
            elif y < 0.9:
                out.append(r.choice(["exit", "quitx", " quit extra",
                                     "QUIT", "?", "show version"]))
            else:
                out.append(self.garbage().decode("latin-1"))
        return out

    def answer(self):
        r = self.r
        return r.choice(["yes", "no", "y", "n", "", PASSWORD, "512",
                         "99999999999", "startup-config", "running-config",
                         "x" * 50, "?", "\x03", "YES", "confirm"])

    def enter(self, enters):
        """Follows a command that surely entered ENTERS; the hex of a
        certificate and (mostly) its `quit` follow at once."""
        if enters != "config-pubkey":
            self.mode = enters
            return
        for h in self.hex_lines():
            self.emit(h)
        if self.r.random() < 0.8:
            self.emit(self.r.choice(["quit", "  quit", "\tquit"]))
        # else still in (config-pubkey): what follows is hex
        self.mode = "config-cert-chain"

    def resync(self):
        """Lines that bring the session to (config) from any mode but
        (config-pubkey) or a question waiting for its answer."""
        self.emit("end")
        self.emit("enable")
        if self.password:
            self.emit(PASSWORD)
        self.emit("configure terminal")
        self.mode = "config"
        self.priv = 15

    def cert_sequence(self):
        r = self.r
        self.resync()
        self.emit(r.choice(["crypto pki certificate chain ",
                            "crypto ca certificate chain "]) +
                  r.choice(["tp1", "user1", "c9"]))
        serial = r.choice(["66", "01", "DEADBEEF", "1F"])
        self.emit(r.choice(["certificate ", "certificate ca ",
                            "certificate self-signed "]) + serial)
        self.enter("config-pubkey")

    def track(self, line):
        """Follows the mode through the lines that surely move it."""
        t = line.strip().lower() if isinstance(line, str) else ""
        if t in ("end", "end ") and self.mode != "exec":
            self.mode = "exec"
        elif t == "exit" and self.mode != "exec":
            self.mode = self.g.modes.get(self.mode) or "exec"
        elif t in ("configure terminal", "conf t", "configure") and \
                self.mode == "exec" and self.priv == 15:
            self.mode = "config"
        elif t == "disable" and self.mode == "exec":
            self.priv = 1
        elif t in ("enable", "en") and self.mode == "exec":
            if self.password:
                self.emit(PASSWORD)
            self.priv = 15
        elif t.startswith("reload"):
            self.mode = "exec"
            self.priv = 1

    def safe(self, line):
        """A line that does not end the run where the mode may be exec."""
        t = line.strip().lower() if isinstance(line, str) else ""
        for w in ("exit", "quit", "logout"):
            if t and w.startswith(t) and len(t) >= 2:
                if w == "exit" and self.mode not in ("exec", "config"):
                    return line
                return "show clock"
        if t in ("q", "l"):
            return "show clock"
        return line

    def put(self, line, enters=None):
        line = self.safe(line)
        self.emit(line)
        if enters is not None:
            self.enter(enters)
        else:
            self.track(line)

    def start(self, example):
        """Usually privileged, often in (config), sometimes with the
        feature module's example configuration pasted first."""
        r = self.r
        self.mode = "exec"
        self.priv = 1
        self.password = False
        self.out = []
        if r.random() < 0.9:
            self.put("enable")
            if r.random() < 0.8:
                self.put("configure terminal")
                if example and r.random() < 0.4:
                    for line in example:
                        self.emit(line)
                    self.mode = "exec"  # the example ends with `end`
                    self.put("configure terminal")

    def dialog(self):
        """A command that asks questions, its answer or pasted text (or
        nothing: the next line answers)."""
        r = self.r
        line = r.choice([
            "crypto key generate rsa label kp1 modulus 512",
            "crypto pki trustpoint tp1", "enrollment selfsigned",
            "crypto pki enroll tp1", "crypto pki authenticate tp1",
            "crypto pki import tp1 certificate",
            "crypto key export rsa kp1 pem terminal 3des fz1",
            "crypto key zeroize rsa", "write erase",
            "erase startup-config", "crypto pki export tp1 pem terminal",
            "show crypto pki certificates",
            "show sip-ua connections tcp tls detail", "reload",
            "clock set 10:00:00 1 March 2024", "sip-ua",
            "crypto signaling default trustpoint tp1"])
        self.put(line)
        if "import" in line and self.mode == "config" and r.random() < 0.5:
            for h in self.hex_lines():
                self.emit(h)
            self.emit("quit")
        elif r.random() < 0.6:
            self.put(self.answer())

    def chunk(self, nlines, example):
        r = self.r
        self.start(example)
        while len(self.out) < nlines:
            x = r.random()
            if x < 0.50:
                line, enters = self.grammar_line(self.mode)
                self.put(line, enters)
                if r.random() < 0.1:
                    self.put(self.answer())
            elif x < 0.62:
                line, _ = self.grammar_line(r.choice(self.g.mode_names),
                                            any_mode=True)
                self.put(line)
            elif x < 0.70:
                self.put(self.soup_line())
            elif x < 0.76:
                self.emit(self.garbage())
            elif x < 0.765:
                self.emit(self.long_line())
            elif x < 0.80:
                self.put(self.answer())
            elif x < 0.83:
                self.cert_sequence()
            elif x < 0.86:
                self.put(r.choice([
                    "end", "exit", "configure terminal", "enable", "disable",
                    "conf t", "", "!", "do show running-config", "en",
                    "write", "copy running-config startup-config", "wr mem",
                    "configure memory", "exit", "end"]))
            elif x < 0.88:
                if self.mode == "config":
                    self.put(self.password_line())
                else:
                    self.put("show history")
            elif x < 0.92:
                self.put(r.choice(["write memory", "do write memory",
                                   "show running-config",
                                   "do show running-config"]))
            else:
                self.dialog()
        if r.random() < 0.1:
            self.emit(r.choice(["exit", "quit", "logout"]))
            self.emit("show version")   # after the end: never read
        elif r.random() < 0.3:
            # a question left unanswered at end of input
            self.emit(r.choice(["crypto key generate rsa label kp9",
                                "crypto pki import tp1 certificate",
                                "write erase", "reload", "enable",
                                "crypto key zeroize rsa",
                                "copy startup-config running-config"]))
        data = b"\n".join(self.out)
        if r.random() < 0.8:
            data += b"\n"
        return data


def hex_blocks(path):
    blocks, cur = [], None
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        return blocks
    for line in lines:
        if re.fullmatch(r"\s+[0-9A-F]{2,8}( [0-9A-F]{2,8})*\s*", line):
            if cur is None:
                cur = []
            cur.append(line)
        else:
            if cur:
                blocks.append(cur)
            cur = None
    return blocks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--chunks", type=int, default=30)
    ap.add_argument("--lines", type=int, default=300)
    ap.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("outdir")
    a = ap.parse_args()
    gram = Grammar(a.root)
    if not gram.cmds.get("config") or not gram.cmds.get("exec"):
        sys.exit("gen_cli: no grammar found under " + a.root)
    example_path = os.path.join(a.root, "tests/examples/example-config.txt")
    try:
        example = open(example_path, encoding="utf-8").read().splitlines()
    except OSError:
        example = []
    rng = random.Random(a.seed)
    gen = Gen(rng, gram, hex_blocks(example_path))
    os.makedirs(a.outdir, exist_ok=True)
    total = 0
    for i in range(a.chunks):
        data = gen.chunk(a.lines, example)
        total += data.count(b"\n")
        with open(os.path.join(a.outdir, "chunk-%03d.in" % i), "wb") as f:
            f.write(data)
    print("%d chunks, %d lines, seed %d" % (a.chunks, total, a.seed))


if __name__ == "__main__":
    main()
