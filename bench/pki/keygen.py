# Times RSA key generation per key: vgw (one script-mode process generating
# KEYS keys, minus the same process generating none) against KEYS runs of
# certtool --generate-privkey. Rounds alternate the two so machine noise
# hits both; RSA prime search varies a lot, so the totals over all rounds
# are compared.
import os, shutil, subprocess, sys, tempfile, time

vgw, keys, rounds = os.path.abspath(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
tmp = tempfile.mkdtemp(prefix="vgw-bench-pki-")
port = 40000 + os.getpid() % 10000

def run_vgw(bits, n):
    nv = os.path.join(tmp, "nv")
    shutil.rmtree(nv, ignore_errors=True)
    os.makedirs(nv)
    lines = ["enable", "configure terminal"]
    lines += ["crypto key generate rsa label k%d modulus %d" % (i, bits)
              for i in range(n)]
    t = time.perf_counter()
    r = subprocess.run([vgw, "--nvram", nv, "--sip-port", str(port),
                        "--tls-port", str(port + 1)],
                       input="\n".join(lines) + "\n", capture_output=True,
                       text=True)
    dt = time.perf_counter() - t
    if r.stdout.count("[OK]") != n:
        sys.exit("vgw did not generate %d keys:\n%s" % (n, r.stdout[-2000:]))
    return dt

def run_certtool(bits, n):
    t = time.perf_counter()
    for i in range(n):
        subprocess.run(["certtool", "--generate-privkey", "--bits", str(bits),
                        "--outfile", os.path.join(tmp, "k.pem")],
                       capture_output=True, check=True)
    return time.perf_counter() - t

def certtool_startup(n=20):
    t = time.perf_counter()
    for i in range(n):
        subprocess.run(["certtool", "--version"], capture_output=True)
    return (time.perf_counter() - t) / n

start = certtool_startup()
print("| bits | keys | vgw s/key | certtool s/key | ratio vgw/certtool |"
      " ratio without certtool start-up |")
print("|---|---|---|---|---|---|")
for bits in (1024, 2048):
    v = c = 0.0
    for r in range(rounds):
        if r % 2 == 0:
            v += run_vgw(bits, keys) - run_vgw(bits, 0)
            c += run_certtool(bits, keys)
        else:
            c += run_certtool(bits, keys)
            v += run_vgw(bits, keys) - run_vgw(bits, 0)
    n = keys * rounds
    print("| %d | %d | %.4f | %.4f | %.2f | %.2f |" % (bits, n, v / n, c / n,
          v / c, v / (c - n * start)))
print()
print("certtool start-up (certtool --version): %.4f s" % start)
shutil.rmtree(tmp, ignore_errors=True)
