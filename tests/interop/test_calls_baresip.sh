#!/bin/sh
# baresip (a real SIP softphone, OpenSSL inside) auto-answers a `sips:`
# call from vgw over TLS (interop.md §5.1): csim start through a dial-peer
# with `voice-class sip url sips` and `session transport tcp tls`, the
# call connects, RTP flows both ways (vgw's counters), and `clear call
# voice` ends it with BYE. baresip's own certificate comes from the test
# CA, which vgw trusts; its audio is an 8 kHz tone file. Loopback, kernel
# ports, bounded, ended by PID.
VGW=${VGW:-${BUILD:-build}/vgw}
for t in baresip certtool openssl; do
	command -v $t >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
[ -f /usr/lib/baresip/modules/g711.so ] ||
	{ echo "SKIP: baresip modules missing"; exit 77; }
exec timeout 120 /usr/bin/python3 - "$VGW" <<'EOF'
import math, os, re, shutil, struct, subprocess, sys, tempfile, time, wave

vgw = os.path.abspath(sys.argv[1])
sys.path.insert(0, "tests")
import free_port
from vgw_lab import Checks, Pki, Router, stop_all
tmp = tempfile.mkdtemp(prefix="vgw-baresip-")
check = Checks()
fails = check.fails
procs = []

pki = Pki(tmp)
pki.ca("ca", "baresip Test CA")
pki.leaf("gw", "ca", "gw.test", 2)
pki.leaf("phone", "ca", "phone.test", 3)
with open(pki.path("phone.pem"), "w") as f:
    f.write(open(pki.path("phone.crt")).read() +
            open(pki.path("phone.key")).read())

sip = free_port.pair()          # baresip: UDP/TCP sip, TLS sip + 1
rtp = free_port.pair()
cfg = os.path.join(tmp, "bcfg")
os.makedirs(cfg)
open(os.path.join(cfg, "config"), "w").write(
    "poll_method\t\tepoll\nsip_listen\t\t127.0.0.1:%d\n"
    "net_interface\t\t127.0.0.1\nrtp_ports\t\t%d-%d\n"
    "sip_certificate\t\t%s\nsip_cafile\t\t%s\ncall_local_timeout\t20\n"
    "call_max_calls\t\t4\naudio_player\t\taubridge,nil\n"
    "audio_source\t\taufile,%s\naudio_alert\t\taubridge,nil\n"
    "audio_level\t\tno\nmodule_path\t\t/usr/lib/baresip/modules\n"
    "module\t\t\tg711.so\nmodule\t\t\taufile.so\nmodule\t\t\taubridge.so\n"
    "module_tmp\t\taccount.so\nmodule_app\t\tmenu.so\n"
    % (sip, rtp, rtp + 1, pki.path("phone.pem"), pki.path("ca.crt"),
       os.path.join(tmp, "tone8k.wav")))
open(os.path.join(cfg, "accounts"), "w").write(
    "<sip:2000@127.0.0.1;transport=tls>;regint=0;answermode=auto;"
    "audio_codecs=pcmu\n")
open(os.path.join(cfg, "contacts"), "w").write("")
w = wave.open(os.path.join(tmp, "tone8k.wav"), "wb")
w.setnchannels(1)
w.setsampwidth(2)
w.setframerate(8000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(
    2 * math.pi * 440 * i / 8000))) for i in range(8000 * 20)))
w.close()

bp = subprocess.Popen(["baresip", "-f", cfg, "-t", "25"],
                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                      stderr=subprocess.STDOUT, text=True, cwd=tmp)
procs.append(bp)
r = Router(vgw, os.path.join(tmp, "nv"))
try:
    r.send("enable", "configure terminal")
    pki.import_identity(r, "gwid", "ca", "gw")
    r.send("sip-ua", " crypto signaling default trustpoint gwid", " exit",
           "dial-peer voice 9 voip", " destination-pattern 2000",
           " voice-class sip url sips", " session protocol sipv2",
           " session transport tcp tls",
           " session target ipv4:127.0.0.1:%d" % (sip + 1),
           " codec g711ulaw", " end")
    time.sleep(2)
    start = r.mark()
    r.send("csim start 2000")
    time.sleep(3)
    b = r.show("show call active voice brief")
    m = re.search(r"pid:9 Originate 2000 active\n dur \S+ tx:(\d+)/\d+ "
                  r"rx:(\d+)/\d+", b)
    check(m is not None, "baresip answers the sips call from vgw")
    check(m is not None and int(m.group(1)) > 50 and int(m.group(2)) > 50,
          "RTP both ways (tx/rx packets %s)" %
          (repr(m.groups()) if m else None))
    r.send("clear call voice causecode 16")
    got = r.wait_for(start, r"call attempted = 1", 10)
    check("setup failed = 0" in got, "clear call voice ends it")
    time.sleep(1)
    h = r.show("show call history voice brief")
    check("10  (normal call clearing (16))" in h, "history: cause 16")
finally:
    r.stop()
    stop_all(procs)
    out = bp.stdout.read() if bp.stdout else ""
    if fails:
        print(out[-3000:])
    shutil.rmtree(tmp, ignore_errors=True)

check.done()
EOF
