#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_net against a hostile vSwitch port: each fault knob of the
# simulated host makes it write something wrong; the guest must drop the
# frame, count it under the right reason, and keep working.
#
#    guest (init netns)                        netns hvs_f1
#    +-------------------+   hvg2_sim_net   +--------------------+
#    | <guest if>        |<---------------->| hvs-f1 (port)      |
#    | 10.1.0.1/24       |  + fault knobs   | 10.1.0.2/24        |
#    +-------------------+                  +--------------------+
#
#   corrupt_rndis     RNDIS length past its range   -> rx_drop_bad_rndis
#   bad_rx_offset     range outside the buffer      -> rx_drop_bad_xfer
#   forge_completion  completion never asked for    -> rx_drop_bad_completion
#   stall + rescind   NIC s1 offered by a host that reads nothing, then
#                     rescinded while the guest's probe waits for NVSP
#                     INIT: the probe ends at the rescind (-ENODEV or
#                     -EIO), not at its 5 s timeout (-ETIMEDOUT)
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
net_drivers | grep -qw hvg2_net || { log "SKIP: no hvg2_net"; exit 77; }
net_start hvg2_net
net_nic f1
net_ns f1 1
gif=$NIC_IF

stat() { ethtool -S "$gif" | awk -v k="$1:" '$1 == k { print $2 }'; }

# knob $1 fires $2 times during pings; counter $3 must grow by >= 1
fault() {
	local knob=$1 n=$2 ctr=$3 before after
	before=$(stat "$ctr")
	echo "$n" >"$cfg/net.f1/$knob"
	# the host's replies carry the faults; some pings get lost
	ping -c 20 -i 0.05 -W 1 10.1.0.2 >/dev/null 2>&1 || true
	after=$(stat "$ctr")
	[ "$after" -gt "$before" ] || fail "$knob: $ctr stayed $before"
	# and the NIC still works
	wait_for ping -c 1 -W 1 10.1.0.2 >/dev/null || fail "$knob: no ping after"
	log "$knob x$n: $ctr $before -> $after, NIC still up"
}

run ping -c 2 -W 5 10.1.0.2
fault corrupt_rndis 3 rx_drop_bad_rndis
fault bad_rx_offset 3 rx_drop_bad_xfer
fault forge_completion 3 rx_drop_bad_completion
ethtool -S "$gif" | grep -E "drop|rejected"
dmesg | grep -i "hvg2_net" | tail -5 || true

# a probe waiting on a host that will never answer ends at the rescind
mkdir "$cfg/net.s1"
NET_NICS="$NET_NICS s1"
echo 1 >"$cfg/net.s1/stall"
echo 1 >"$cfg/net.s1/enable"
wait_for test "$(cat "$cfg/net.s1/guest_signals")" -gt 0 ||
	fail "stalled NIC: the guest sent nothing"
echo 1 >"$cfg/net.s1/rescind"
wait_for sh -c 'dmesg | grep -q "NVSP version negotiation failed"' ||
	fail "stalled NIC: probe still waiting after the rescind"
err=$(dmesg | grep "NVSP version negotiation failed" | tail -1)
log "stalled NIC, rescinded: $err"
case $err in
*": -19" | *": -5") ;;
*) fail "stalled NIC: probe did not end at the rescind" ;;
esac
run modprobe -r hvg2_net
