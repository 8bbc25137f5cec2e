#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-vmbus: echo round trips through one channel of hvg2_sim at
# queue depths 1 and 32, small and 1 KiB packets. Prints messages/s,
# signals and interrupts per message; fails only if the transport fails
# (figures are reported, not asserted: TCG timing is not ours).
#
#   hvg2_echo --packets--> guest ring --> sim echo (host wq) --> guest ring
set -e

SIM_DEVS="b0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
mkdir $cfg/b0
echo 1 >$cfg/b0/enable
wait_for dev_of_relid "$(cat $cfg/b0/relid)" >/dev/null || fail "no device"
dev=$(dev_of_relid "$(cat $cfg/b0/relid)")
wait_for test -e "$dev/echo_run" || fail "not bound"

bench() {	# count depth len [poll]
	local p ns s i
	echo "$*" >"$dev/echo_run"
	read -r _ p _ ns _ s _ i _ <"$dev/echo_stats"
	awk -v p="$p" -v ns="$ns" -v s="$s" -v i="$i" -v d="$2" -v l="$3" -v m="${4:+ $4}" 'BEGIN {
		printf "vmbus-bench: depth %2d len %4d%s: %8.0f msg/s  %.3f signals/msg  %.3f interrupts/msg\n",
			d, l, m, p / (ns / 1e9), s / p, i / p }'
}
bench 2000 1 64
bench 20000 32 64
bench 2000 1 1024
bench 20000 32 1024
bench 20000 32 64 poll
exit 0
