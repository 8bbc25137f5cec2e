#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Offers become devices on the vmbus bus with upstream's attributes, the
# modalias resolves to the right driver, and devices come and go at
# runtime (hot add, hot remove, re-add).
#
#   configfs hvg2_sim/{e0,i0,n0,s0}  --OFFERCHANNEL-->  /sys/bus/vmbus/devices/<guid>
#     enable 0                       --RESCIND------->  device removed, RELID_RELEASED
#
# n0 and s0 are the built-in placeholders (no backend loaded): they answer
# nothing, so hvg2_net and hvg2_scsi, autoloaded by their modalias, fail
# their probe on a timeout some seconds later. The hot add/remove loop
# therefore uses echo (bound) and ide (no driver), whose removal does not
# wait behind a probe.
set -e

SIM_DEVS="e0 i0 n0 s0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start
[ -d /sys/bus/vmbus ] || fail "no vmbus bus"
for spec in e0:echo i0:ide n0:net s0:scsi; do
	mkdir $cfg/${spec%%:*}
	echo ${spec#*:} >$cfg/${spec%%:*}/class
	echo 1 >$cfg/${spec%%:*}/enable
done

check() {	# name class-guid
	local relid dev
	relid=$(cat $cfg/$1/relid)
	wait_for dev_of_relid "$relid" >/dev/null || fail "$1: no device for relid $relid"
	dev=$(dev_of_relid "$relid")
	[ "$(cat "$dev/class_id")" = "{$2}" ] || fail "$1: class_id $(cat "$dev/class_id")"
	[ "$(cat "$dev/device_id")" = "{$(basename "$dev")}" ] || fail "$1: device_id"
	grep -Eq '^vmbus:[0-9a-f]{32}$' "$dev/modalias" || fail "$1: modalias"
	grep -q "^MODALIAS=$(cat "$dev/modalias")$" "$dev/uevent" || fail "$1: uevent"
	[ "$(cat "$dev/channel_vp_mapping" | cut -d: -f1)" = "$relid" ] || fail "$1: vp mapping"
	[ -d "$dev/channels/$relid" ] || fail "$1: channels/$relid"
	log "$1: relid $relid $(cat "$dev/modalias") ok"
}
check e0 8c2eaf3a-6e2b-4d9b-9a8e-68766732ec40
check i0 32412632-86cb-44a2-9b5c-50d1417354f5
check n0 f8615163-df3e-46c5-913f-f2d2f965ed0e
check s0 ba6163d9-04a1-4d29-b605-72e2ffb1dc7f

# ---- monitor pages: the slot the host filled in for a monitored channel ----
# hvg2_sim monitors every channel whose relid has a slot (< 128), with
# monitor_id = relid, latency 100 and the channel's connection id
# (0x10000 + relid) in both pages.
relid=$(cat $cfg/e0/relid)
dev=$(dev_of_relid "$relid")
[ "$(cat "$dev/monitor_id")" = "$relid" ] || fail "monitor_id $(cat "$dev/monitor_id")"
for side in server client; do
	[ "$(cat "$dev/${side}_monitor_latency")" = 100 ] ||
		fail "$side latency $(cat "$dev/${side}_monitor_latency")"
	[ "$(cat "$dev/${side}_monitor_conn_id")" = $((0x10000 + relid)) ] ||
		fail "$side conn_id $(cat "$dev/${side}_monitor_conn_id")"
	cat "$dev/${side}_monitor_pending" >/dev/null || fail "$side pending"
done
log "monitor slot $relid: latency 100, conn_id $((0x10000 + relid)) ok"

# ---- autoload: the echo modalias names hvg2_echo ----
dev=$(dev_of_relid "$(cat $cfg/e0/relid)")
alias=$(cat "$dev/modalias")
[ "$(modprobe --resolve-alias "$alias")" = hvg2_echo ] || fail "alias $alias does not resolve"
run modprobe "$alias"
wait_for test -e "$dev/driver" || fail "hvg2_echo did not bind"
[ "$(cat $cfg/e0/open)" = 1 ] || fail "echo channel not opened"

# ---- hot remove and re-add, bound and unbound ----
for _ in 1 2 3; do
	for name in e0 i0; do
		d=$(dev_of_relid "$(cat $cfg/$name/relid)")
		echo 0 >$cfg/$name/enable
		wait_for sh -c "! test -e $d" || fail "$name: device stayed after rescind"
		echo 1 >$cfg/$name/enable
		wait_for dev_of_relid "$(cat $cfg/$name/relid)" >/dev/null || fail "$name: not re-added"
	done
done
log "hot add/remove ok"
# s0's removal waits for hvg2_scsi's probe of it to give up (its own
# timeout): allow for that.
rmdir $cfg/s0
ndev() { [ "$(ls /sys/bus/vmbus/devices | wc -l)" = "$1" ]; }
for _ in $(seq 60); do ndev 3 && break; sleep 1; done
ndev 3 || fail "$(ls /sys/bus/vmbus/devices | wc -l) devices after removing s0"
exit 0
