#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The interop oracle for the network path: the kernel's own hv_netvsc,
# unmodified, on hvg2_hvapi and the simulated host's vSwitch port:
#
#    guest (init netns)                        netns hvs_o1
#    +-------------------+   hvg2_sim_net   +--------------------+
#    | hv_netvsc if      |<---------------->| hvs-o1 (port)      |
#    | 10.1.0.1/24       |  NVSP / RNDIS    | 10.1.0.2/24        |
#    | (on hvg2_hvapi)   |                  |                    |
#    +-------------------+                  +--------------------+
#
# Link up; ping both ways; TCP (a file's sha256 through nc) and UDP (a
# datagram's sha256) both ways; MTU 1500 -> 9000 -> 1500, with traffic
# after each (hv_netvsc detaches and re-attaches its RNDIS device: closes
# and reopens the channel, the buffers and the subchannels); channel count
# 1 and back to 2 (ethtool -L, the same detach/attach) with traffic
# after; rmmod clean. A step that blocks in the kernel is caught by a
# watchdog, which dumps the blocked tasks and fails instead of hanging.
# Skips (77) only when hv_netvsc.ko or hvg2_hvapi.ko is absent.
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
net_have_hvapi || { log "SKIP: no hv_netvsc.ko or hvg2_hvapi.ko"; exit 77; }
net_up hv_netvsc o1 1 channels_max=2
gif=$NIC_IF
port=$NIC_PORT

# run "$@" (which may block in the kernel) for at most 120 s
guarded() {
	local pid
	echo "+ $*"
	"$@" &
	pid=$!
	for _ in $(seq 1200); do
		kill -0 $pid 2>/dev/null || { wait $pid; return; }
		sleep 0.1
	done
	echo w >/proc/sysrq-trigger
	dmesg | tail -n 120
	fail "blocked for 120 s: $*"
}

traffic() {
	local mtu
	mtu=$(cat "/sys/class/net/$gif/mtu")
	wait_for ping -c 1 -W 1 -M "do" -s $((mtu - 28)) 10.1.0.2 >/dev/null ||
		fail "no unfragmented $((mtu - 28))-byte ping at MTU $mtu"
	run net_in o1 ping -c 2 -W 5 10.1.0.1
	net_tcp_check o1 1 256
	net_udp_check o1 1 $((mtu - 28 > 8000 ? 8000 : mtu - 28))
	log "traffic at MTU $mtu, $(ethtool -l "$gif" | awk '/Combined/ { c = $2 } END { print c }') channels: ok"
}

ethtool -i "$gif"
run ping -c 3 -W 5 10.1.0.2
traffic

for mtu in 9000 1500; do
	run net_in o1 ip link set "$port" mtu $mtu
	guarded ip link set "$gif" mtu $mtu
	wait_for sh -c "ip link show $gif | grep -q LOWER_UP" ||
		fail "link not up after MTU $mtu"
	traffic
done

for ch in 1 2; do
	guarded ethtool -L "$gif" combined $ch
	wait_for sh -c "ip link show $gif | grep -q LOWER_UP" ||
		fail "link not up after $ch channels"
	[ "$(ethtool -l "$gif" | awk '/Combined/ { c = $2 } END { print c }')" = $ch ] ||
		fail "ethtool -l does not show $ch channels"
	if [ $ch = 1 ]; then
		traffic
		continue
	fi
	# Known open finding (Documentation/net.rst, "Interop with
	# hv_netvsc"): after 1 -> 2 channels a TCP transfer may stall while
	# ping and UDP pass. Checked, bounded, reported with the per-channel
	# counters; not yet a failure.
	if (traffic); then
		log "back to 2 channels: traffic ok"
	else
		log "KNOWN: traffic after 1 -> 2 channels failed; host: $(tr '\n' ' ' <"$cfg/net.o1/stats")"
		ethtool -S "$gif" | grep -E "queue_[01]|stop_queue|wake_queue" || true
	fi
done

for k in bad_nvsp bad_rndis bad_completions; do
	[ "$(net_stat o1 $k)" = 0 ] || fail "$k: $(cat "$cfg/net.o1/stats")"
done
log "stats: $(tr '\n' ' ' <"$cfg/net.o1/stats")"
guarded net_down hv_netvsc o1
log "hv_netvsc unloaded"
