# SPDX-License-Identifier: GPL-2.0
# Demo: a synthetic NIC. The simulated host's vSwitch port (hvg2_sim_net)
# is a net device in its own namespace; hvg2_net drives the guest end.
# Ping, then a 4 MiB file each way over TCP with its sha256 checked.
show() { echo "\$ $*"; "$@"; }
. /hvg2/tests/lib/net.sh
net_up hvg2_net d0 9
gif=$NIC_IF
show ip -br addr show dev "$gif"
show ping -c 3 10.9.0.2
dd if=/dev/urandom of=/tmp/demo-tx bs=1M count=4 status=none
a=$(sha256sum </tmp/demo-tx)
net_in d0 sh -c 'busybox nc -l -p 5001 >/tmp/demo-rx' &
for _ in $(seq 100); do
	net_in d0 ss -lnt | grep -q ':5001 ' && break
	sleep 0.1
done
cat /tmp/demo-tx >/dev/tcp/10.9.0.2/5001
wait $!
[ "$(sha256sum </tmp/demo-rx)" = "$a" ] && echo "4 MiB guest -> host port: sha256 equal"
busybox nc -l -p 5002 >/tmp/demo-rx2 &
for _ in $(seq 100); do
	ss -lnt | grep -q ':5002 ' && break
	sleep 0.1
done
net_in d0 bash -c "cat /tmp/demo-tx >/dev/tcp/10.9.0.1/5002"
wait $!
[ "$(sha256sum </tmp/demo-rx2)" = "$a" ] && echo "4 MiB host port -> guest: sha256 equal"
show ethtool -S "$gif"
rm -f /tmp/demo-tx /tmp/demo-rx /tmp/demo-rx2
net_down hvg2_net d0
