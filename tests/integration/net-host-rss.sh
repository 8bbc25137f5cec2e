#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Receive-side scaling on the vSwitch port: a guest driver that asks for
# subchannels gets them (up to channels_max - 1), sets its RSS key and
# indirection table, and the host spreads the flows it receives over the
# channels by the Toeplitz hash of each flow; the payload still arrives.
#
#    guest (init netns, 2 CPUs)                netns hvs_r<i>
#    +-------------------------+  primary +   +--------------------+
#    | <guest if> 10.<i>.0.1   |<-subchans--->| hvs-r<i> 10.<i>.0.2 |
#    | iperf3 -s               |              | iperf3 -c -P 8      |
#    +-------------------------+              +--------------------+
#
# A driver that does not ask for subchannels is reported and skipped.
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
drivers=$(net_drivers)
net_start
ran=0

net_cleanup_extra() {
	pkill -x iperf3 2>/dev/null || true
}

i=0
for drv in $drivers; do
	i=$((i + 1))
	n=r$i
	net_up "$drv" $n $i channels_max=4
	if ! wait_for sh -c "[ \$(awk '\$1 == \"subchannels\" { print \$2 }' $cfg/net.$n/stats) -gt 0 ]"; then
		log "$drv: asked for no subchannels; skipped"
		net_down "$drv" $n
		continue
	fi
	log "$drv: $(net_stat $n subchannels) subchannel(s)"
	iperf3 -s -1 -D -p 5201
	sleep 1
	run net_in $n iperf3 -c "10.$i.0.1" -p 5201 -P 8 -t 3 >/dev/null
	stats=$(tr '\n' ' ' <"$cfg/net.$n/stats")
	log "stats: $stats"
	used=$(awk '$1 ~ /^rx_channel/ && $2 > 100 { c++ } END { print c + 0 }' "$cfg/net.$n/stats")
	[ "$used" -ge 2 ] || fail "$drv: 8 flows landed on $used channel(s): $stats"
	for k in bad_nvsp bad_rndis bad_completions; do
		[ "$(net_stat $n $k)" = 0 ] || fail "$drv: $k: $stats"
	done
	log "$drv: 8 flows over $used channels"
	ran=1
	net_down "$drv" $n
done
[ $ran = 1 ] || exit 77
