#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vSwitch port of the simulated host carries a guest NIC's traffic,
# with every guest NIC driver this guest has (hvg2_net; the kernel's own
# hv_netvsc on hvg2_hvapi, the protocol referee):
#
#    guest (init netns)                        netns hvs_b<i>
#    +-------------------+   hvg2_sim_net   +--------------------+
#    | <guest if>        |<---------------->| hvs-b<i> (port)    |
#    | 10.<i>.0.1/24     |                  | 10.<i>.0.2/24      |
#    +-------------------+                  +--------------------+
#
# For each driver: ping both ways; a 4 MiB file each way over TCP, its
# sha256 compared; the link taken down and up from the host (the guest
# sees carrier follow); MTU 4000 on both ends and a 3900-byte ping that
# must not fragment (the guest driver re-runs the whole NVSP handshake);
# then the NIC is rescinded and the guest's interface goes away. The
# host's counters must show traffic and no protocol error.
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
drivers=$(net_drivers)
net_start

# sha256 of a file the guest sends to the netns, and back
tcp_both_ways() {
	local n=$1 s=$2 a b
	dd if=/dev/urandom of=/tmp/net-tx bs=1M count=4 status=none
	net_in "$n" sh -c 'busybox nc -l -p 5001 >/tmp/net-rx' &
	net_send /tmp/net-tx "10.$s.0.2" 5001
	wait $!
	a=$(sha256sum </tmp/net-tx)
	b=$(sha256sum </tmp/net-rx)
	[ "$a" = "$b" ] || fail "guest -> host: payload differs"
	log "guest -> host: 4 MiB, sha256 equal"

	busybox nc -l -p 5002 >/tmp/net-rx2 &
	net_send -n "$n" /tmp/net-tx "10.$s.0.1" 5002
	wait $!
	b=$(sha256sum </tmp/net-rx2)
	[ "$a" = "$b" ] || fail "host -> guest: payload differs"
	log "host -> guest: 4 MiB, sha256 equal"
	rm -f /tmp/net-tx /tmp/net-rx /tmp/net-rx2
}

check_stats() {
	local n=$1 k
	for k in tx_frames rx_frames; do
		[ "$(net_stat "$n" $k)" -gt 0 ] || fail "$k is 0: $(cat "$cfg/net.$n/stats")"
	done
	for k in bad_nvsp bad_rndis bad_completions; do
		[ "$(net_stat "$n" $k)" = 0 ] || fail "$k: $(cat "$cfg/net.$n/stats")"
	done
}

i=0
for drv in $drivers; do
	i=$((i + 1))
	n=b$i
	net_up "$drv" $n $i
	gif=$NIC_IF
	port=$NIC_PORT

	run ping -c 3 -W 5 "10.$i.0.2"
	run net_in $n ping -c 3 -W 5 "10.$i.0.1"
	tcp_both_ways $n $i

	echo 0 >"$cfg/net.$n/link"
	wait_for sh -c "ip link show $gif | grep -q NO-CARRIER" ||
		fail "guest carrier still up after link down"
	echo 1 >"$cfg/net.$n/link"
	wait_for sh -c "ip link show $gif | grep -q LOWER_UP" ||
		fail "guest carrier not back after link up"
	wait_for ping -c 1 -W 1 "10.$i.0.2" >/dev/null || fail "no ping after link flap"
	log "link down/up: carrier followed"

	run net_in $n ip link set "$port" mtu 4000
	run ip link set "$gif" mtu 4000
	wait_for ping -c 1 -W 1 -M "do" -s 3900 "10.$i.0.2" >/dev/null ||
		fail "no 3900-byte ping at MTU 4000"
	log "MTU 4000: unfragmented 3900-byte ping"

	check_stats $n
	log "stats: $(tr '\n' ' ' <"$cfg/net.$n/stats")"

	echo 0 >"$cfg/net.$n/enable"
	wait_for sh -c "! ip link show $gif >/dev/null 2>&1" ||
		fail "guest interface $gif still there after rescind"
	log "rescind: $gif gone"
	net_down "$drv" $n
done
