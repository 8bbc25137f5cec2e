#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vRSS in hvg2_net: a 2-channel NIC (primary + 1 subchannel, one per vCPU),
# many flows from the host spread over both queues by the RSS key and
# indirection table hvg2_net gave the host, as its per-queue counters show:
#
#    guest (init netns, 2 CPUs)                netns hvs_s1
#    +-------------------------+  primary +   +---------------------+
#    | <guest if> 10.1.0.1     |<-subchannel->| hvs-s1 10.1.0.2     |
#    | iperf3 -s, nc -l        |              | iperf3 -c -P 8, nc  |
#    +-------------------------+              +---------------------+
#
# Then: ethtool -L combined 1 and back to 2 with traffic working each time;
# ethtool -X equal 1 sends every flow to queue 0; files cross the
# multi-queue link with their sha256 intact; -L and -G twelve times under
# a flood ping from the guest; the driver unloads.
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
net_drivers | grep -qw hvg2_net || { log "SKIP: no hvg2_net"; exit 77; }
[ "$(nproc)" -ge 2 ] || { log "SKIP: one vCPU, one queue"; exit 77; }
pids=""
net_cleanup_extra() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -f /tmp/nr-*
}
net_start hvg2_net
net_nic s1 channels_max=2
net_ns s1 1
gif=$NIC_IF

stat() { ethtool -S "$gif" | awk -v k="$1:" '$1 == k { print $2 }'; }
channels() {
	ethtool -l "$gif" | awk '/^Current/ { c = 1 } c && /^Combined:/ { print $2 }'
}
listening() { ss -ln"$1" | grep -q ":$2 "; }

# 8 TCP flows then 8 UDP flows, host -> guest
flows() {
	iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
	pids="$pids $!"
	wait_for listening t 5201 || fail "no iperf3 server"
	run net_in s1 iperf3 -c 10.1.0.1 -p 5201 -P 8 -t 3 >/dev/null
	wait
	iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
	pids="$pids $!"
	wait_for listening t 5201 || fail "no iperf3 server"
	run net_in s1 iperf3 -c 10.1.0.1 -p 5201 -u -b 1M -P 8 -t 2 >/dev/null
	wait
}

# per-queue receive counters, as "q0 q1"
rxq() { echo "$(stat rx_queue_0_packets) $(stat rx_queue_1_packets)"; }

# both queues received at least $1 frames more than in "$2"
spread() {
	local a b c d
	read -r a b <<<"$2"
	read -r c d <<<"$(rxq)"
	log "rx queue 0: $((c - a)), queue 1: $((d - b)) frames"
	[ $((c - a)) -ge "$1" ] && [ $((d - b)) -ge "$1" ]
}

# 4 files host -> guest on 4 connections at once, each checked
files() {
	local i p
	for i in 1 2 3 4; do
		head -c $((512 * 1024 + i)) /dev/urandom >/tmp/nr-tx$i
		busybox nc -l -p $((5300 + i)) >/tmp/nr-rx$i &
		p="$p $!"
	done
	pids="$pids $p"
	for i in 1 2 3 4; do
		wait_for listening t $((5300 + i)) || fail "no listener $i"
	done
	for i in 1 2 3 4; do
		net_in s1 bash -c "cat /tmp/nr-tx$i >/dev/tcp/10.1.0.1/$((5300 + i))" &
	done
	wait
	for i in 1 2 3 4; do
		[ "$(sha256sum </tmp/nr-tx$i)" = "$(sha256sum </tmp/nr-rx$i)" ] ||
			fail "file $i: payload differs"
	done
	log "4 files over 4 connections: sha256 equal"
}

# the subchannels open after probe, when the host's offers are in
channels_are() {
	local i
	for i in $(seq 300); do
		[ "$(channels)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
channels_are 2 || fail "$(channels) channels, not 2"
ethtool -l "$gif"
[ "$(net_stat s1 subchannels)" = 1 ] || fail "host gave $(net_stat s1 subchannels) subchannels"
ethtool -x "$gif" | head -n 4

before=$(rxq)
flows
spread 20 "$before" || fail "8 flows did not reach both queues"
files

run ethtool -L "$gif" combined 1
channels_are 1 || fail "$(channels) channels after -L 1"
[ -z "$(stat rx_queue_1_packets)" ] || fail "queue 1 still counted"
wait_for ping -c 1 -W 1 10.1.0.2 >/dev/null || fail "no ping after -L 1"
flows
files

run ethtool -L "$gif" combined 2
channels_are 2 || fail "$(channels) channels after -L 2"
wait_for ping -c 1 -W 1 10.1.0.2 >/dev/null || fail "no ping after -L 2"
before=$(rxq)
flows
spread 20 "$before" || fail "flows did not reach both queues after -L 2"

# every bucket to queue 0: queue 1 receives nothing
run ethtool -X "$gif" equal 1
ethtool -x "$gif" | awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) if ($i != 0) exit 1 }' ||
	fail "indirection table not all 0"
before=$(rxq)
flows
read -r a b <<<"$before"
read -r c d <<<"$(rxq)"
log "equal 1: rx queue 0: $((c - a)), queue 1: $((d - b)) frames"
[ $((c - a)) -ge 20 ] || fail "queue 0 got $((c - a)) frames"
[ $((d - b)) = 0 ] || fail "queue 1 got $((d - b)) frames with equal 1"
run ethtool -X "$gif" default
before=$(rxq)
flows
spread 20 "$before" || fail "flows did not reach both queues after -X default"
files

# reconnect while the guest transmits: between detach and attach there
# are no send buffers, so xmit must find its queue stopped
ping -f -s 64 10.1.0.2 >/dev/null 2>&1 &
fp=$!
pids="$pids $fp"
rings=$(ethtool -g "$gif" | awk '/^Current/ { c = 1 } c && /^TX:/ { print $2 }')
for i in 1 2 3; do
	run ethtool -L "$gif" combined 1
	run ethtool -G "$gif" tx $((rings / 2))
	run ethtool -L "$gif" combined 2
	run ethtool -G "$gif" tx "$rings"
done
kill "$fp" 2>/dev/null || true
wait "$fp" 2>/dev/null || true
kill -0 "$fp" 2>/dev/null && fail "flood ping still running"
channels_are 2 || fail "$(channels) channels after the flood"
wait_for ping -c 1 -W 1 10.1.0.2 >/dev/null || fail "no ping after the flood"
log "12 reconnects under a flood ping: link works"
files

# Send sections are the device's, not a queue's. Fill them all from one
# queue while the host reads nothing, then send on the other queue: it
# stops with nothing of its own in flight, so no completion of its own
# will come. Once the host reads again, the first queue's completions
# must wake it. Nothing else may poll the second queue: every receive
# bucket goes to queue 0, and the echo requests go to addresses nobody
# has (static neighbours), so nothing answers them. An unconnected
# socket's frames hash by their headers alone (a connected one's by a
# random per-socket hash), so a fixed address and ICMP id pick a fixed
# queue.
txq() { stat "tx_queue_$1_packets"; }
echo_to() { ping -q -n -c "$2" -i 0.002 -W 0.1 -e 7 "10.1.0.$1" >/dev/null 2>&1 || true; }
# a fake address whose echo requests leave on queue $1
addr_for() {
	local a b c o=$((1 - $1))
	for a in $(seq 10 41); do
		b=$(txq "$1")
		c=$(txq "$o")
		echo_to "$a" 1
		[ "$(txq "$1")" -gt "$b" ] && [ "$(txq "$o")" = "$c" ] &&
			{ echo "$a"; return 0; }
	done
	return 1
}
run ethtool -G "$gif" tx 11
channels_are 2 || fail "$(channels) channels after -G tx 11"
wait_for ping -c 1 -W 1 10.1.0.2 >/dev/null || fail "no ping after -G tx 11"
run ethtool -X "$gif" equal 1
# sends dropped at the reconnects never complete: count from here
sleep 1
unsent() { echo $(($(stat tx_packets) - $(stat tx_completions))); }
u0=$(unsent)
for a in $(seq 10 41); do
	ip neigh replace "10.1.0.$a" lladdr "02:00:00:00:00:$a" dev "$gif"
done
aa=$(addr_for 0) || fail "no address maps to queue 0"
ab=$(addr_for 1) || fail "no address maps to queue 1"
settled() { [ "$(unsent)" = "$u0" ]; }
# queue 1 has just sent: the watchdog cannot find it stopped for 5 s in
# the time this step takes, so only queue 0's completions can wake it
echo_to "$ab" 1
wait_for settled || fail "$(($(unsent) - u0)) sends not completed"
t0=$(stat tx_timeouts)
echo 1 >"$cfg/net.s1/stall"
b0=$(stat tx_busy)
r1=$(stat rx_queue_1_packets)
q1=$(txq 1)
echo_to "$aa" 16
[ "$(txq 1)" = "$q1" ] || fail "echoes to 10.1.0.$aa left on queue 1"
echo_to "$ab" 1
[ "$(txq 1)" = "$q1" ] || fail "queue 1 found a section the host held"
[ "$(stat tx_busy)" -gt "$b0" ] || fail "no queue stopped with 11 sections held"
echo 0 >"$cfg/net.s1/stall"
echo 1 >"$cfg/net.s1/kick"
queue1_sent() { [ "$(txq 1)" -gt "$q1" ]; }
wait_for queue1_sent ||
	fail "queue 1 stopped for sections queue 0 held; never woken"
[ "$(stat rx_queue_1_packets)" = "$r1" ] ||
	fail "queue 1 received $(($(stat rx_queue_1_packets) - r1)) frames: test void"
[ "$(stat tx_timeouts)" = "$t0" ] ||
	fail "queue 1 woken by the transmit watchdog, not by completions"
log "queue 1, starved of sections by queue 0, woken by its completions"

# The same, but the host stays stalled: the stack's transmit watchdog
# finds a queue stopped for 5 s, and the driver reports it.
wait_for settled || fail "$(($(unsent) - u0)) sends not completed"
t0=$(stat tx_timeouts)
echo 1 >"$cfg/net.s1/stall"
echo_to "$aa" 16
echo_to "$ab" 1
timed_out() { [ "$(stat tx_timeouts)" -gt "$t0" ]; }
for _ in $(seq 30); do timed_out && break; sleep 1; done
timed_out || fail "queues stopped 30 s: no transmit timeout reported"
dmesg | grep -q "$gif: transmit queue [01] stuck: [0-9]* sends not completed" ||
	fail "no transmit timeout report in the kernel log"
n=0
for f in /sys/class/net/"$gif"/queues/tx-*/tx_timeout; do
	n=$((n + $(cat "$f")))
done
[ "$n" -ge "$(($(stat tx_timeouts) - t0))" ] ||
	fail "the stack counted $n transmit timeouts, the driver $(stat tx_timeouts)"
echo 0 >"$cfg/net.s1/stall"
echo 1 >"$cfg/net.s1/kick"
wait_for settled || fail "$(($(unsent) - u0)) sends not completed after the stall"
log "transmit timeout reported: $(dmesg | grep -o "transmit queue [01] stuck.*" | tail -1)"
for a in $(seq 10 41); do ip neigh del "10.1.0.$a" dev "$gif"; done
run ethtool -X "$gif" default
run ethtool -G "$gif" tx "$rings"
channels_are 2 || fail "$(channels) channels after -G tx $rings"
wait_for ping -c 1 -W 1 10.1.0.2 >/dev/null || fail "no ping after -G tx $rings"

ethtool -S "$gif" | grep -E "queue|drop|rejected"
# the per-queue counters add up to the device's
sum=0
for i in 0 1; do sum=$((sum + $(txq $i))); done
[ "$sum" = "$(stat tx_packets)" ] ||
	fail "tx_queue_*_packets add up to $sum, tx_packets is $(stat tx_packets)"
for k in rx_drop_bad_xfer rx_drop_bad_rndis rx_drop_bad_completion \
	 tx_drop_error rejected_ids; do
	[ "$(stat $k)" = 0 ] || fail "$k = $(stat $k)"
done
for k in bad_nvsp bad_rndis bad_completions; do
	[ "$(net_stat s1 $k)" = 0 ] || fail "host $k: $(cat "$cfg/net.s1/stats")"
done
net_down hvg2_net s1
log "hvg2_net unloaded"
