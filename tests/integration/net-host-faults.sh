#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vSwitch port's fault knobs, against each guest NIC driver: the
# guest drops what is bad and counts it; nothing hangs, nothing leaks
# (kmemleak runs after the tests), and traffic flows again afterwards.
#
#    guest (init netns)                        netns hvs_f<i>
#    +-------------------+   hvg2_sim_net   +--------------------+
#    | <guest if>        |<---------------->| hvs-f<i> (port)    |
#    | 10.<i>.0.1/24     |                  | 10.<i>.0.2/24      |
#    +-------------------+                  +--------------------+
#
#   knob              what the host does                      guest
#   corrupt_rndis     a received RNDIS message whose length    drops it
#                     runs past its range
#   bad_rx_offset     a transfer-page range outside the        drops it,
#                     receive buffer                           completes it
#   forge_completion  a completion of a packet never sent      ignores it
#   stall (sim core)  stops reading the guest's ring           recovers
#                     until kicked
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
drivers=$(net_drivers)
net_start

# fire KNOB once under ping traffic; the host counts it, traffic resumes
fire() {
	local n=$1 s=$2 knob=$3 before
	before=$(net_stat "$n" faults)
	echo 1 >"$cfg/net.$n/$knob"
	ping -c 4 -i 0.3 -W 1 "10.$s.0.2" >/dev/null 2>&1 || true
	wait_for sh -c "[ \$(awk '\$1 == \"faults\" { print \$2 }' $cfg/net.$n/stats) -gt $before ]" ||
		fail "$knob: did not fire ($(tr '\n' ' ' <"$cfg/net.$n/stats"))"
	wait_for ping -c 1 -W 1 "10.$s.0.2" >/dev/null ||
		fail "$knob: no traffic afterwards"
	log "$knob: fired, dropped, traffic flows again"
}

i=0
for drv in $drivers; do
	i=$((i + 1))
	n=f$i
	net_up "$drv" $n $i
	run ping -c 2 -W 5 "10.$i.0.2"

	fire $n $i corrupt_rndis
	fire $n $i bad_rx_offset
	fire $n $i forge_completion

	if [ -e "$cfg/net.$n/stall" ]; then
		echo 1 >"$cfg/net.$n/stall"
		if ping -c 2 -W 1 "10.$i.0.2" >/dev/null 2>&1; then
			fail "stall: ping went through a stalled host"
		fi
		echo 0 >"$cfg/net.$n/stall"
		[ -e "$cfg/net.$n/kick" ] && echo 1 >"$cfg/net.$n/kick"
		wait_for ping -c 1 -W 1 "10.$i.0.2" >/dev/null ||
			fail "stall: no traffic after un-stalling"
		log "stall: traffic stopped, then resumed"
	fi
	log "stats: $(tr '\n' ' ' <"$cfg/net.$n/stats")"

	net_down "$drv" $n
done
