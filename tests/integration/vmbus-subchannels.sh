#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Subchannels end to end: the sim offers them once the guest opened the
# primary, the transport attaches them to the primary's device (not new
# devices), spreads them over the CPUs and shows them in sysfs; echo
# traffic flows on every one of them; unbind/bind cycles close and reopen
# them all; a rescind with all of them open and busy ends cleanly; the
# modules unload. kmemleak runs after the tests.
#
#   configfs hvg2_sim/echo.s0 (subchannels 3)
#        |  OFFERCHANNEL (primary)          hvg2_echo opens it
#        |  OFFERCHANNEL x3 (sub_channel_index 1..3, own relids)
#        v
#   /sys/bus/vmbus/devices/<instance>/channels/{relid0,relid1,relid2,relid3}
#   echo_run: packets spread over the 4 rings, depth in flight on each
set -e

SIM_DEVS="echo.s0"
NSUB=3
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
s=$cfg/echo.s0
mkdir $s
[ -e $s/subchannels ] || fail "echo.s0 has no subchannels attribute"
echo $NSUB >$s/subchannels
echo 1 >$s/enable
wait_for dev_of_relid "$(cat $s/relid)" >/dev/null || fail "no device"
dev=$(dev_of_relid "$(cat $s/relid)")
name=$(basename "$dev")
drv=/sys/bus/vmbus/drivers/hvg2_echo

# all_channels: the driver uses the primary and every subchannel
all_channels() {
	[ "$(cat "$dev/echo_channels" 2>/dev/null)" = $((NSUB + 1)) ]
}
wait_for all_channels || fail "echo_channels $(cat "$dev/echo_channels" 2>/dev/null)"

# ---- offers: one device, one channels/<relid> per channel ----
[ "$(ls /sys/bus/vmbus/devices | wc -l)" = 1 ] ||
	fail "subchannels became devices: $(ls /sys/bus/vmbus/devices)"
[ "$(cat $s/nchannels)" = $((NSUB + 1)) ] || fail "sim nchannels $(cat $s/nchannels)"
[ "$(ls "$dev/channels" | wc -l)" = $((NSUB + 1)) ] ||
	fail "channels/: $(ls "$dev/channels")"
ids=$(cat "$dev"/channels/*/subchannel_id | sort -n | tr '\n' ' ')
[ "$ids" = "0 1 2 3 " ] || fail "subchannel ids: $ids"
[ "$(wc -l <"$dev/channel_vp_mapping")" = $((NSUB + 1)) ] ||
	fail "channel_vp_mapping: $(cat "$dev/channel_vp_mapping")"
cpus=$(cat "$dev"/channels/*/cpu | sort -u | wc -l)
want=$(( $(nproc) < NSUB + 1 ? $(nproc) : NSUB + 1 ))
[ "$cpus" = "$want" ] || fail "channels on $cpus CPUs, want $want"
log "channels: $(tr '\n' ' ' <"$dev/channel_vp_mapping")on $cpus CPUs"

# ---- traffic on every channel ----
run sh -c "echo '4000 32 64' >$dev/echo_run"
for c in "$dev"/channels/*; do
	n=$(cat "$c/in_packets")
	[ "$n" -ge 1000 ] || fail "channel $(basename "$c"): $n packets"
done
log "traffic: $(cat "$dev/echo_stats")"
run sh -c "echo '2000 16 256 poll' >$dev/echo_run"
log "polled: $(cat "$dev/echo_stats")"

# ---- open/close cycles: every subchannel is closed and offered again ----
for n in $(seq 20); do
	echo "$name" >$drv/unbind
	[ "$(cat $s/open)" = 0 ] || fail "cycle $n: primary still open"
	echo "$name" >$drv/bind
	wait_for all_channels || fail "cycle $n: echo_channels $(cat "$dev/echo_channels")"
	echo "400 8 64" >"$dev/echo_run" || fail "cycle $n: traffic"
done
# closed subchannels are rescinded and their relids released: no pile-up
wait_for sh -c "[ \$(ls $dev/channels | wc -l) = $((NSUB + 1)) ]" ||
	fail "channels/ after cycles: $(ls "$dev/channels")"
log "20 unbind/bind cycles with $NSUB subchannels each"

# ---- rescind with every subchannel open and busy ----
for n in 1 2 3; do
	( echo "100000000 32 256" >"$dev/echo_run" ) 2>/tmp/subch.err &
	pid=$!
	sleep 0.$((RANDOM % 9 + 1))
	echo 1 >$s/rescind
	if wait $pid; then
		fail "round $n: the run survived the rescind"
	fi
	log "round $n: run failed with: $(cat /tmp/subch.err)"
	wait_for sh -c "! test -e $dev" || fail "round $n: device stayed"
	[ "$(cat $s/nchannels)" = 0 ] || fail "round $n: sim nchannels $(cat $s/nchannels)"
	echo 1 >$s/enable
	wait_for dev_of_relid "$(cat $s/relid)" >/dev/null || fail "round $n: no device"
	dev=$(dev_of_relid "$(cat $s/relid)")
	wait_for all_channels || fail "round $n: echo_channels after re-offer"
done
run sh -c "echo '1000 8 64' >$dev/echo_run"

# ---- unload: the driver with subchannels open, then the host ----
run modprobe -r hvg2_echo
[ "$(cat $s/open)" = 0 ] || fail "primary open after unload"
wait_for sh -c "[ \$(cat $s/nchannels) = 1 ]" || fail "subchannels not taken back"
run modprobe hvg2_echo
wait_for all_channels || fail "echo_channels after reload"
rmdir $s
SIM_DEVS=""
run modprobe -r hvg2_echo hvg2_sim
[ -z "$(ls /sys/bus/vmbus/devices 2>/dev/null)" ] || fail "devices left after unload"
log "ok"
exit 0
