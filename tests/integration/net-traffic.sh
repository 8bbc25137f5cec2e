#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_net carries real traffic through the simulated vSwitch port, with
# the payload checked end to end and the driver's counters read back:
#
#    guest (init netns)                        netns hvs_t1
#    +-------------------+   hvg2_sim_net   +--------------------+
#    | <guest if>        |<---------------->| hvs-t1 (port)      |
#    | 10.1.0.1/24       |  NVSP / RNDIS    | 10.1.0.2/24        |
#    +-------------------+                  +--------------------+
#
# ping both ways; TCP both ways (a file's sha256 across nc) at MTU 1500
# and 9000, with offloads on and then off (ethtool -K), and after new
# buffer sizes (ethtool -G); 4 MiB to the guest with RSC (lro) on and off,
# the host's and guest's RSC counters moving only when on; UDP both ways;
# UDP segmentation (the host's USO extension) negotiated and used by a
# UDP_SEGMENT send, segmented by the host; with every doorbell deferred
# that may be (tx_defer_depth=1), four streams at once, TCP and UDP,
# payloads intact; the counters: frames copied once on receive, no drops
# by reason, fewer signals than packets; receive completions sent without
# a doorbell, and every receive section back at the host (backstop). Then the interface is removed while traffic flows
# (rescind) and the driver unloads.
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
net_drivers | grep -qw hvg2_net || { log "SKIP: no hvg2_net"; exit 77; }
net_start hvg2_net
net_nic t1
net_ns t1 1
gif=$NIC_IF

stat() { ethtool -S "$gif" | awk -v k="$1:" '$1 == k { print $2 }'; }

# wait until something listens on TCP/UDP port $2 ("t" or "u" in $1),
# in the host's netns when $3 is set (nc starts slowly under TCG)
listening() { ${3:+net_in t1} ss -ln"$1" | grep -q ":$2 "; }

# /tmp/nt-tx host -> guest over TCP; sha256 must match
tcp_to_guest() {
	local a b
	a=$(sha256sum </tmp/nt-tx)
	busybox nc -l -p 5002 >/tmp/nt-rx2 &
	wait_for listening t 5002 || fail "no listener on 5002"
	net_in t1 bash -c "cat /tmp/nt-tx >/dev/tcp/10.1.0.1/5002"
	wait $!
	b=$(sha256sum </tmp/nt-rx2)
	[ "$a" = "$b" ] || fail "TCP host -> guest: payload differs"
}

# $1 KiB guest -> host over TCP, then back; sha256 must match
tcp_file() {
	local kb=$1 a b
	dd if=/dev/urandom of=/tmp/nt-tx bs=1K count="$kb" status=none
	a=$(sha256sum </tmp/nt-tx)
	net_in t1 sh -c 'busybox nc -l -p 5001 >/tmp/nt-rx' &
	wait_for listening t 5001 host || fail "no listener on 5001"
	cat /tmp/nt-tx >/dev/tcp/10.1.0.2/5001
	wait $!
	b=$(sha256sum </tmp/nt-rx)
	[ "$a" = "$b" ] || fail "TCP guest -> host: payload differs"
	tcp_to_guest
	log "TCP ${kb} KiB each way at MTU $(cat "/sys/class/net/$gif/mtu"): sha256 equal"
	rm -f /tmp/nt-tx /tmp/nt-rx /tmp/nt-rx2
}

# RSC ($1 on/off): 4 MiB host -> guest; with RSC the host sends chains
# (its rx_rsc) and the guest joins them (rx_rsc_*), without none move
rsc_file() {
	local g0 h0 g1 h1
	g0=$(stat rx_rsc_packets); h0=$(net_stat t1 rx_rsc)
	dd if=/dev/urandom of=/tmp/nt-tx bs=1K count=4096 status=none
	tcp_to_guest
	rm -f /tmp/nt-tx /tmp/nt-rx2
	g1=$(stat rx_rsc_packets); h1=$(net_stat t1 rx_rsc)
	if [ "$1" = on ]; then
		[ "$g1" -gt "$g0" ] || fail "RSC on: guest rx_rsc_packets $g0 -> $g1"
		[ "$h1" -gt "$h0" ] || fail "RSC on: host rx_rsc $h0 -> $h1"
	else
		[ "$g1" = "$g0" ] || fail "RSC off: guest rx_rsc_packets $g0 -> $g1"
		[ "$h1" = "$h0" ] || fail "RSC off: host rx_rsc $h0 -> $h1"
	fi
	log "TCP 4 MiB host -> guest, RSC $1: sha256 equal, $((g1 - g0)) chains of $(stat rx_rsc_frags) fragments so far"
}

# UDP datagrams of $1 bytes, both ways, every one checked by content
udp_both_ways() {
	local len=$1 a b
	head -c "$len" /dev/urandom >/tmp/nt-u
	a=$(sha256sum </tmp/nt-u)
	# netcat-openbsd: -W 1 ends after one datagram
	net_in t1 sh -c 'timeout 20 nc -u -l -W 1 5003 >/tmp/nt-urx' &
	wait_for listening u 5003 host || fail "no listener on 5003"
	nc -u -w 1 10.1.0.2 5003 </tmp/nt-u || true
	wait $! || true
	b=$(sha256sum </tmp/nt-urx)
	[ "$a" = "$b" ] || fail "UDP guest -> host: datagram differs"
	timeout 20 nc -u -l -W 1 5004 >/tmp/nt-urx2 &
	wait_for listening u 5004 || fail "no listener on 5004"
	net_in t1 sh -c "nc -u -w 1 10.1.0.1 5004 </tmp/nt-u" || true
	wait $! || true
	b=$(sha256sum </tmp/nt-urx2)
	[ "$a" = "$b" ] || fail "UDP host -> guest: datagram differs"
	log "UDP $len-byte datagram each way: sha256 equal"
	rm -f /tmp/nt-u /tmp/nt-urx /tmp/nt-urx2
}

# USO end to end: one 8000-byte UDP_SEGMENT send (python3) leaves the
# guest as one GSO frame (tx_uso), the host segments it and its port
# receives eight 1000-byte datagrams carrying the payload's bytes
uso_send() {
	local u0 h0 a b
	u0=$(stat tx_uso)
	h0=$(net_stat t1 tx_uso)
	net_in t1 timeout 30 python3 -c '
import hashlib, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.1.0.2", 5005))
s.settimeout(20)
got = [s.recv(65536) for _ in range(8)]
print(" ".join(str(len(d)) for d in got),
      hashlib.sha256(b"".join(got)).hexdigest())' >/tmp/nt-uso &
	wait_for listening u 5005 host || fail "no listener on 5005"
	a=$(python3 -c '
import hashlib, os, socket
data = os.urandom(8000)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_UDP, 103, 1000)	# UDP_SEGMENT
s.sendto(data, ("10.1.0.2", 5005))
print(hashlib.sha256(data).hexdigest())')
	wait $! || fail "USO: the port did not receive 8 datagrams"
	b=$(cat /tmp/nt-uso)
	[ "$b" = "$(printf '1000 %.0s' 1 2 3 4 5 6 7 8)$a" ] ||
		fail "USO: port received '$b', sent sha256 $a"
	[ "$(stat tx_uso)" -gt "$u0" ] || fail "USO: tx_uso did not move"
	[ "$(net_stat t1 tx_uso)" -gt "$h0" ] ||
		fail "USO: the host's tx_uso did not move"
	log "USO: 8000 bytes in one send, 8 datagrams of 1000 at the port: sha256 equal"
	rm -f /tmp/nt-uso
}

ethtool -i "$gif"
# USO (an hvgen2 extension, net.rst): the simulated host advertises it,
# so the driver offers UDP segmentation to the stack
ethtool -k "$gif" | grep -q "tx-udp-segmentation: on" ||
	fail "USO not negotiated with the simulated host"
run ping -c 3 -W 5 10.1.0.2
run net_in t1 ping -c 3 -W 5 10.1.0.1

tcp_file 2048
udp_both_ways 1200
uso_send
# RSC is on by default (NVSP 6.1): ethtool -K lro turns it off and on
ethtool -k "$gif" | grep -q "large-receive-offload: on$" || fail "lro not on"
rsc_file on

# jumbo frames: the send path switches to page ranges above a section
run net_in t1 ip link set hvs-t1 mtu 9000
run ip link set "$gif" mtu 9000
run ping -c 2 -W 5 -M "do" -s 8972 10.1.0.2
tcp_file 2048
udp_both_ways 8000
run ip link set "$gif" mtu 1500
run net_in t1 ip link set hvs-t1 mtu 1500

# offloads off: the stack checksums and segments, no per-packet info
run ethtool -K "$gif" tx off tso off rx off lro off
tcp_file 1024
rsc_file off
run ethtool -K "$gif" tx on tso on rx on lro on
tcp_file 1024

# doorbells deferred whenever one earlier send is in flight: a doorbell
# stranded would stall the transfer (the host never looks at the ring:
# the timeouts end it, the payload check fails); four streams at once
# keep sends in flight
par_send() {
	local i
	for i in 1 2 3 4; do
		dd if=/dev/urandom of=/tmp/nt-p$i bs=1K count=1024 status=none
		net_in t1 timeout 90 sh -c \
			"busybox nc -l -p $((5100 + i)) >/tmp/nt-q$i" &
	done
	for i in 1 2 3 4; do
		wait_for listening t $((5100 + i)) host || fail "no listener $i"
	done
	for i in 1 2 3 4; do
		timeout 60 bash -c \
			"cat /tmp/nt-p$i >/dev/tcp/10.1.0.2/$((5100 + i))" &
	done
	wait
	for i in 1 2 3 4; do
		[ "$(sha256sum </tmp/nt-p$i)" = "$(sha256sum </tmp/nt-q$i)" ] ||
			fail "stream $i: payload differs"
	done
	log "four 1 MiB streams at once guest -> host: payloads equal"
	rm -f /tmp/nt-p? /tmp/nt-q?
}
# (How many doorbells are deferred depends on the pace of host and guest:
# one is deferred only when the host has read everything and the guest
# has not yet reaped a completion. The count is shown, not asserted.)
par=/sys/module/hvg2_net/parameters/tx_defer_depth
d0=$(cat "$par") f0=$(stat tx_doorbells_deferred)
echo 1 >"$par"
par_send
tcp_file 1024
udp_both_ways 1200
echo "$d0" >"$par"
log "tx_defer_depth 1: payloads intact, $(($(stat tx_doorbells_deferred) - f0)) doorbells deferred"

# other buffer sizes: a new NVSP connection under the same interface
ethtool -g "$gif"
run ethtool -G "$gif" rx 600 tx 64
ethtool -g "$gif" | grep -A4 "Current" | grep -q "TX:[[:space:]]*64" ||
	fail "tx sections not 64 after -G"
wait_for ping -c 1 -W 1 10.1.0.2 >/dev/null || fail "no ping after -G"
tcp_file 1024

# one snapshot: a frame (neighbour discovery) may come between two reads
snap=$(ethtool -S "$gif")
echo "$snap"
rxp=$(awk '$1 == "rx_packets:" { print $2 }' <<<"$snap")
rxc=$(awk '$1 == "rx_copied_bytes:" { print $2 }' <<<"$snap")
rxb=$(awk '$1 == "rx_bytes:" { print $2 }' <<<"$snap")
txp=$(stat tx_packets); sig=$(stat signals)
[ "$rxp" -gt 1000 ] || fail "rx_packets $rxp"
[ "$txp" -gt 1000 ] || fail "tx_packets $txp"
# one copy per received payload byte, no more
[ "$rxc" = "$rxb" ] || fail "rx_copied_bytes $rxc != rx_bytes $rxb"
for k in rx_drop_bad_xfer rx_drop_bad_rndis rx_drop_bad_completion \
	 rx_rsc_drops tx_drop_error rejected_ids; do
	[ "$(stat $k)" = 0 ] || fail "$k = $(stat $k)"
done
[ "$sig" -lt $((rxp + txp)) ] || fail "signals $sig for $((rxp + txp)) packets"
log "rx $rxp tx $txp packets, $sig signals, $(stat interrupts) interrupts"
for k in bad_nvsp bad_rndis bad_completions; do
	[ "$(net_stat t1 $k)" = 0 ] || fail "host $k: $(cat "$cfg/net.t1/stats")"
done

# Receive completions wait for the host's next pass, and the backstop
# timer pays the last ones: frames to an address the guest is not (it
# drops them, and answers nothing that would ring the doorbell), then
# every receive section must come back to the host. With a 3 s backstop
# the last completion waits for the timer; stranded, it would never come.
sections_back() { [ "$(net_stat t1 rx_sections_busy)" = 0 ]; }
comp_backstop() {
	local us=$1 d0 n mac t0
	d0=$(stat rx_completion_deferred)
	mac=$(cat "/sys/class/net/$gif/address")
	echo "$us" >/sys/module/hvg2_net/parameters/rx_comp_defer_us
	net_in t1 ip neigh replace 10.1.0.99 lladdr "$mac" dev "$NIC_PORT" \
		nud permanent
	net_in t1 bash -c 'for i in $(seq 40); do echo x >/dev/udp/10.1.0.99/9; done'
	t0=$(date +%s%N)
	wait_for sections_back ||
		fail "rx_comp_defer_us $us: $(net_stat t1 rx_sections_busy) receive sections never completed"
	n=$(($(stat rx_completion_deferred) - d0))
	[ "$n" -gt 0 ] || fail "rx_comp_defer_us $us: no poll deferred its completions"
	log "rx_comp_defer_us $us: all sections back after $((($(date +%s%N) - t0) / 1000000)) ms, $n polls deferred their doorbell"
}
defer_us=$(cat /sys/module/hvg2_net/parameters/rx_comp_defer_us)
comp_backstop 3000000
comp_backstop "$defer_us"

# rescind while a flood runs: the interface goes, nothing hangs
ping -f -c 100000 -W 1 10.1.0.2 >/dev/null 2>&1 &
flood=$!
sleep 2
echo 0 >"$cfg/net.t1/enable"
wait_for sh -c "! ip link show $gif >/dev/null 2>&1" ||
	fail "guest interface $gif still there after rescind"
kill $flood 2>/dev/null || true
wait $flood 2>/dev/null || true
log "rescind under traffic: $gif gone"
run modprobe -r hvg2_net
