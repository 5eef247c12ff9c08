#!/bin/sh
# The seed lab, up and ready (what `make lab` runs): the network, then the
# feature module's "same CA" procedure done for the student so that the
# gateways hold certificates from the CA router and user1 is registered:
#   1. vgw lab up labs/seed
#   2. the CA: `no shutdown` (passphrase dialog), grant auto
#   3. the registrar's certificate from the CA over SCEP (micromdm
#      scepclient, run in the registrar's namespace), then Kamailio starts
#   4. user1 (the module's example configuration, unchanged): its old
#      certificates from the module's CA go, its key pair kp1 is made, it
#      authenticates and enrolls with the CA at 172.18.193.103:80
#   5. far1, far2 and liotta enroll the same way
# Afterwards: `build/vgw lab exec seed user1 'csim start 9001'` and the
# shows the README names. `build/vgw lab down seed` removes it all.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
VGW=${VGW:-$HERE/../../build/vgw}
LAB=seed
x() { "$VGW" lab exec "$LAB" "$@"; }
state=${VGW_LAB_DIR:-/run/vgw-lab}/$LAB

"$VGW" lab up "$HERE"
# CAPTURE=1: every packet on the lab's bridge into $state/lab.pcap (tshark
# or tcpdump in the bridge namespace; lab down ends it by its PID).
if [ -n "${CAPTURE:-}" ]; then
	mkdir -p "$state/capture"
	if command -v tshark >/dev/null; then
		ip netns exec "vgwl-$LAB.bridge" tshark -q -i br0 \
		    -w "$state/lab.pcap" >/dev/null 2>&1 &
	else
		ip netns exec "vgwl-$LAB.bridge" tcpdump -q -i br0 \
		    -w "$state/lab.pcap" >/dev/null 2>&1 &
	fi
	echo $! >"$state/capture/pid"
fi
echo "--- the CA"
x ca 'configure terminal' 'crypto pki server CA' 'no shutdown' 'cisco123' \
    'cisco123' 'end' | grep -E 'Certificate Server enabled|%' || true

echo "--- the registrar's certificate (scepclient in its namespace)"
reg=$state/registrar/nvram
mkdir -p "$reg"
ip netns exec "vgwl-$LAB-registrar" timeout 30 scepclient \
    -server-url http://172.18.193.103/cgi-bin/pkiclient.exe -challenge lab \
    -private-key "$reg/server.key" -certificate "$reg/server.crt" \
    -cn 172.18.193.97 -organization lab >/dev/null 2>&1
cp "$reg/server.key" "$reg/client.key"
cp "$reg/server.crt" "$reg/client.crt"
x ca 'configure terminal' 'crypto pki export CA pem terminal' 'end' |
    sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' |
    sed -n '1,/-----END CERTIFICATE-----/p' >"$reg/ca.crt"
"$VGW" lab start "$LAB" registrar

echo "--- user1: the module's example configuration enrolls with the CA"
x user1 'configure terminal' 'crypto pki certificate chain user1' \
    'no certificate 66' 'yes' 'no certificate ca 01' 'yes' 'exit' \
    'crypto key generate rsa general-keys label kp1 modulus 1024' \
    'crypto pki authenticate user1' 'yes' 'crypto pki enroll user1' \
    'yes' 'end' | grep -E 'accepted|request sent|%PKI' || true
for gw in far1 far2 liotta; do
	echo "--- $gw enrolls"
	x $gw 'configure terminal' 'crypto pki authenticate CA' 'yes' \
	    'crypto pki enroll CA' 'lab' 'lab' 'yes' 'end' |
	    grep -E 'accepted|request sent' || true
done
echo "--- user1 registers 777 with the registrar (retried every 30 s)"
i=0
until x user1 'show sip-ua register status' | grep -q '^777 .* yes'; do
	i=$((i + 1))
	# The REGISTER sent at boot, before Kamailio ran, times out (Timer
	# F, 32 s) and is retried 30 s later.
	[ $i -le 100 ] || { echo "user1 did not register"; break; }
	sleep 1
done
x user1 'show sip-ua register status'
echo
echo "The seed lab is up. Try:"
echo "  $VGW lab exec seed user1 'show crypto pki certificates user1'"
echo "  $VGW lab exec seed user1 'show sip-ua register status'"
echo "  $VGW lab exec seed user1 'csim start 9001' 'show call active voice brief'"
echo "  $VGW lab exec seed user1 'show sip-ua connections tcp tls brief'"
echo "  $VGW lab console seed user1      (Ctrl-D leaves)"
echo "  $VGW lab down seed"
