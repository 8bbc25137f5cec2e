#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-vmbus: through one channel of hvg2_sim, echo round trips at
# queue depths 1 and 32 (small and 1 KiB packets, interrupt and polled),
# one-way throughput at depths 1 and 32 (no answers; a publish per depth
# packets), and round trips with a host queue depth of 1 (the host answers
# packet by packet). Prints messages/s, signals and interrupts per
# message; fails only if the transport fails (figures are reported, not
# asserted: TCG timing is not ours).
#
#   hvg2_echo --packets--> guest ring --> sim echo (host wq) --> guest ring
#   oneway:   --packets--> guest ring --> sim echo consumes them
set -e

SIM_DEVS="b0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
sim_offer b0
sim_bound echo_run

bench() {	# count depth len [poll|oneway]
	local p ns s i
	echo "$*" >"$dev/echo_run"
	read -r _ p _ ns _ s _ i _ <"$dev/echo_stats"
	awk -v p="$p" -v ns="$ns" -v s="$s" -v i="$i" -v d="$2" -v l="$3" -v m="${4:+ $4}" \
		-v h="$(cat $cfg/b0/queue_depth)" 'BEGIN {
		printf "vmbus-bench: depth %2d len %4d%-7s host %3d: %8.0f msg/s  %.3f signals/msg  %.3f interrupts/msg\n",
			d, l, m, h, p / (ns / 1e9), s / p, i / p }'
}
bench 2000 1 64
bench 20000 32 64
bench 2000 1 1024
bench 20000 32 1024
bench 20000 32 64 poll
bench 2000 1 64 oneway
bench 20000 32 64 oneway
bench 20000 32 1024 oneway
echo 1 >$cfg/b0/queue_depth
bench 20000 32 64
echo 256 >$cfg/b0/queue_depth
exit 0
