#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-net: iperf3 through each guest NIC driver this guest has and
# through a veth pair (the kernel's software limit), same topology:
#
#    guest (init netns)                        netns hvs_<x> / nb_veth
#    +-------------------+                  +--------------------+
#    | hvg2_net | netvsc |<-- hvg2_sim_net->| hvs-<x> (port)     |
#    | or veth0          |<---- veth ------>| veth1              |
#    | 10.<i>.0.1        |                  | 10.<i>.0.2 iperf3 -s|
#    +-------------------+                  +--------------------+
#
# Per driver: TCP one stream and four, UDP 64-byte datagrams, each both
# ways (-R: the netns sends). For hvg2_net also the driver's counters, per
# measurement ("BENCH-COST": signals, interrupts and deferred doorbells
# per 1000 packets) and over the whole run (signals and interrupts per
# packet, receive bytes copied per payload byte); for each NIC the
# simulated host's counters ("BENCH-HOST": drops at the port, say); for
# each TCP measurement of every driver, retransmissions and backlog drops
# ("BENCH-LOSS") and both sides' timeouts, tail-loss probes, D-SACKs,
# delayed ACKs, zero-window events, receive-queue collapses and prunes and
# out-of-order arrivals ("BENCH-TCP"). One line per measurement, "BENCH <driver>
# <test> <value> <unit>", for the table in Documentation/net.rst. Under TCG the
# absolute figures mean little; the ratios between drivers are the point.
#
# With hvg2_net_bench=1 on the kernel command line (make bench-net): 5 s
# per measurement, three rounds in which every driver takes its turn (all
# NICs stay up), so that the TCG machine's drift, 5x and more within
# minutes, hits every driver alike; "BENCH-MEDIAN" lines give each
# figure's median, "BENCH-RATIO" lines the median of the ratios taken
# within one round. Without it (make check): a smoke test of hvg2_net only,
# 1 s per measurement, one stream each way and UDP each way, that fails
# only when hvg2_net moves nothing; the comparison is bench-net's job.
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
bench_on=$(sed -n 's/.*hvg2_net_bench=\([0-9]*\).*/\1/p' /proc/cmdline)
SECS=1
ROUNDS=1
[ "${bench_on:-0}" = 1 ] && { SECS=5; ROUNDS=3; }
round=1
out=/tmp/net-bench.res
: >"$out"
# a measurement: on the console and in $out
rec() { echo "$*"; echo "$*" >>"$out"; }

net_cleanup_extra() {
	ip netns del nb_veth 2>/dev/null || true
	ip link del veth0 2>/dev/null || true
}

# bench NAME IP NETNS: iperf3 in the guest against a server in NETNS
bench() {
	local name=$1 ip=$2 netns=$3 spid
	ip netns exec "$netns" iperf3 -s -p 5202 >/dev/null 2>&1 &
	spid=$!
	wait_for sh -c "ip netns exec $netns ss -ltn | grep -q ':5202 '"
	one() {
		local label=$1 unit=$2 v
		shift 2
		snap_begin "$name"
		loss_begin
		ge0=$(tcpev) he0=$(tcpev "$netns")
		iperf3 -c "$ip" -p 5202 -t "$SECS" -J "$@" >/tmp/nb.json 2>&1 || true
		v=$(tr -d ' \n\t' </tmp/nb.json |
		    grep -o '"sum_received":{[^}]*' |
		    grep -o "\"$unit\":[0-9.e+]*" | head -1 | cut -d: -f2)
		[ -n "$v" ] || tail -c 400 /tmp/nb.json
		rec "BENCH $name $label ${v:-0} $unit round $round"
		snap_end "$name" "$label"
		loss_end "$name" "$label"
		rec "BENCH-TCP $name $label guest $(evdiff "$(tcpev)" "$ge0") host $(evdiff "$(tcpev "$netns")" "$he0") round $round"
		[ "$name" != hvg2_net ] || [ "${v:-0}" != 0 ] ||
			fail "$name $label: nothing moved"
	}
	one tcp1_tx bits_per_second
	one tcp1_rx bits_per_second -R
	if [ "$SECS" != 1 ]; then
		one tcp4_tx bits_per_second -P 4
		one tcp4_rx bits_per_second -P 4 -R
	fi
	# datagrams that arrived: sent minus lost, per second
	udp() {
		local label=$1 sum n l
		shift
		snap_begin "$name"
		sum=$(iperf3 -c "$ip" -p 5202 -t "$SECS" -u -l 64 -b 0 -J "$@" \
			2>/dev/null | tr -d ' \n\t' | grep -o '"sum":{[^}]*' | tail -1)
		n=$(grep -o '"packets":[0-9]*' <<<"$sum" | cut -d: -f2)
		l=$(grep -o '"lost_packets":[0-9]*' <<<"$sum" | cut -d: -f2)
		rec "BENCH $name $label $(( (${n:-0} - ${l:-0}) / SECS )) pps round $round"
		snap_end "$name" "$label"
	}
	udp udp64_tx
	udp udp64_rx -R
	kill $spid 2>/dev/null || true
	wait $spid 2>/dev/null || true
}

stat() { ethtool -S "$1" | awk -v k="$2:" '$1 == k { print $2 }'; }

# Where a TCP measurement lost time: the sender's retransmissions
# (iperf3's, for -R the server's) and the frames the kernel's per-CPU
# backlog dropped (netif_rx: the port receiving the guest's frames, veth).
# "BENCH-LOSS <driver> <test> <retransmits> <backlog drops> round <r>"
backlog_drops() {
	local n=0 a b
	while read -r a b _; do
		n=$((n + 16#$b))
	done </proc/net/softnet_stat
	echo "$n"
}
loss_begin() { bd0=$(backlog_drops); }

# TCP events so far, in the guest or in netns $1: RTOs, tail-loss probes,
# D-SACKs received (a probe or retransmit that was not needed) and
# delayed ACKs sent
tcpev() {
	local f='$1 == "TcpExt:" { if (!h) { for (i = 2; i <= NF; i++) c[$i] = i; h = 1 }
		else print $c["TCPTimeouts"], $c["TCPLossProbes"],
			   $c["TCPDSACKRecv"], $c["DelayedACKs"],
			   $c["TCPWantZeroWindowAdv"], $c["TCPWinProbe"],
			   $c["TCPRcvCollapsed"], $c["PruneCalled"],
			   $c["TCPOFOQueue"] }'
	if [ -n "${1:-}" ]; then
		ip netns exec "$1" awk "$f" /proc/net/netstat
	else
		awk "$f" /proc/net/netstat
	fi
}
# the fields of "a b c ..." minus those of "x y z ..."
evdiff() {
	local -a x y
	local i out=
	read -r -a x <<<"$1"
	read -r -a y <<<"$2"
	for i in "${!x[@]}"; do
		out="$out${out:+ }$((x[i] - ${y[i]:-0}))"
	done
	echo "$out"
}
loss_end() {
	local r
	r=$(tr -d ' \n\t' </tmp/nb.json | grep -o '"sum_sent":{[^}]*' |
	    grep -o '"retransmits":[0-9]*' | head -1 | cut -d: -f2)
	rec "BENCH-LOSS $1 $2 ${r:-0} $(($(backlog_drops) - bd0)) round $round"
}

# hvg2_net's signals, interrupts and deferred doorbells per 1000 packets
# of one measurement: "BENCH-COST hvg2_net <test> <signals> <interrupts>
# <deferred> per1000 round <r>"
snap() {
	ethtool -S "$gif" | awk '$1 == "signals:" { s = $2 }
		$1 == "interrupts:" { q = $2 } $1 == "rx_packets:" { r = $2 }
		$1 == "tx_packets:" { t = $2 }
		$1 == "tx_doorbells_deferred:" { d = $2 }
		END { print s, q, d, r + t }'
}
snap_begin() {
	[ "$1" = hvg2_net ] || return 0
	read -r ss0 sq0 sd0 sp0 < <(snap)
}
snap_end() {
	local s q d p
	[ "$1" = hvg2_net ] || return 0
	read -r s q d p < <(snap)
	p=$((p - sp0))
	[ "$p" -gt 0 ] || return 0
	rec "BENCH-COST hvg2_net $2 $(( (s - ss0) * 1000 / p )) $(( (q - sq0) * 1000 / p )) $(( (d - sd0) * 1000 / p )) per1000 round $round"
}

i=0
drivers=$(net_drivers)
[ "$SECS" != 1 ] || drivers=hvg2_net
targets=
for drv in $drivers; do
	i=$((i + 1))
	net_start "$drv"
	net_nic "b$i"
	net_ns "b$i" "$i"
	targets="$targets $drv:10.$i.0.2:hvs_b$i"
	if [ "$drv" = hvg2_net ]; then
		gif=$NIC_IF
		s0=$(stat "$gif" signals); q0=$(stat "$gif" interrupts)
		r0=$(stat "$gif" rx_packets); t0=$(stat "$gif" tx_packets)
		c0=$(stat "$gif" rx_copied_bytes); b0=$(stat "$gif" rx_bytes)
	fi
done

# the software limit: a veth pair, one end in a netns
if [ "$SECS" != 1 ]; then
	run ip link add veth0 type veth peer name veth1
	run ip netns add nb_veth
	run ip link set veth1 netns nb_veth
	run ip netns exec nb_veth ip link set lo up
	run ip netns exec nb_veth ip addr add 10.99.0.2/24 dev veth1
	run ip netns exec nb_veth ip link set veth1 up
	run ip addr add 10.99.0.1/24 dev veth0
	run ip link set veth0 up
	targets="$targets veth:10.99.0.2:nb_veth"
fi

for round in $(seq "$ROUNDS"); do
	log "round $round of $ROUNDS"
	for tg in $targets; do
		IFS=: read -r drv ip ns <<<"$tg"
		bench "$drv" "$ip" "$ns"
	done
done

# the simulated host's side of each NIC (drops at the port, for one)
for n in $(seq "$i"); do
	echo "BENCH-HOST b$n $(tr -s '\n' ' ' <"$cfg/net.b$n/stats")"
done

# hvg2_net's counters over all its runs
if [ -n "${gif:-}" ]; then
	p=$(( $(stat "$gif" rx_packets) - r0 + $(stat "$gif" tx_packets) - t0 ))
	echo "BENCH hvg2_net signals_per_kpkt $(( ($(stat "$gif" signals) - s0) * 1000 / p )) per1000"
	echo "BENCH hvg2_net interrupts_per_kpkt $(( ($(stat "$gif" interrupts) - q0) * 1000 / p )) per1000"
	echo "BENCH hvg2_net rx_copies_per_byte_x1000 $(( ($(stat "$gif" rx_copied_bytes) - c0) * 1000 / ($(stat "$gif" rx_bytes) - b0 + 1) )) per1000"
fi

[ "$ROUNDS" -gt 1 ] || exit 0

# medians (the lower middle of an even count)
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
awk '$1 == "BENCH" { print $2, $3, $5 }' "$out" | sort -u | while read -r d l u; do
	echo "BENCH-MEDIAN $d $l $(awk -v d="$d" -v l="$l" '$1 == "BENCH" && $2 == d && $3 == l { print $4 }' "$out" | med) $u"
done
# hvg2_net over $1, per round, then the median
for base in hv_netvsc veth; do
	awk '$1 == "BENCH" && $2 == "hvg2_net" { print $3 }' "$out" | sort -u | while read -r l; do
		r=$(for round in $(seq "$ROUNDS"); do
			awk -v b="$base" -v l="$l" -v r="$round" '
				$1 == "BENCH" && $3 == l && $7 == r && $2 == "hvg2_net" { a = $4 }
				$1 == "BENCH" && $3 == l && $7 == r && $2 == b { c = $4 }
				END { if (a != "" && c > 0) printf "%.2f\n", a / c }' "$out"
		done | med)
		[ -z "$r" ] || echo "BENCH-RATIO hvg2_net/$base $l $r"
	done
done
