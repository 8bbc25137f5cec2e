#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_hvapi: a driver written against the kernel's own VMBus API
# (hvg2_hvapi_echo) on our transport and the simulated host's echo class,
# in each callback mode; every echo checked, request ids matched with
# vmbus_request_addr, forged ids refused; the upstream helpers' view of the
# rings coherent; subchannels through vmbus_set_sc_create_callback; load,
# bind, unbind and unload clean.
#
#   configfs hvg2_sim/h0 (class echo)
#        |  OFFERCHANNEL
#        v
#   /sys/bus/vmbus/devices/<guid>  <-- hvg2_hvapi (classes=echo)
#        |  an hv_device on the hvg2_hvapi bus
#        v
#   /sys/bus/hvg2_hvapi/devices/<guid>  <-- hvg2_hvapi_echo (vmbus_open,
#        |                                  vmbus_sendpacket, foreach_vmbus_pkt)
#   run "count depth len"
set -e

SIM_DEVS="h0 echo.h1"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/hvapi.sh
. /hvg2/tests/lib/hvapi.sh

sim_cleanup_extra() {
	rmmod hvg2_hvapi_echo 2>/dev/null || true
	rmdir "$cfg/h0" "$cfg/echo.h1" 2>/dev/null || true
	hvapi_unload
}

# shellcheck disable=SC2119 # no driver of ours to load
sim_start
hvapi_ko hvg2_hvapi >/dev/null || { log "hvg2_hvapi not installed"; exit 77; }

# without classes it refuses (what a depmod-driven load would get)
if insmod "$(hvapi_ko hvg2_hvapi)" 2>/dev/null; then
	fail "hvg2_hvapi loaded with no class to take"
fi
hvapi_load echo

sim_offer h0 echo
vdev=$dev
guid=$(basename "$vdev")
wait_for test -e /sys/bus/hvg2_hvapi/devices/"$guid" || fail "no hv_device"
[ "$(basename "$(readlink "$vdev/driver")")" = hvg2_hvapi ] ||
	fail "the echo device is not bound to hvg2_hvapi"

hdev=/sys/bus/hvg2_hvapi/devices/$guid

# traffic "count depth len": on failure, what the channels looked like
traffic() {
	echo "+ run $1"
	if ! echo "$1" >"$hdev/run"; then
		grep -H . "$vdev"/channels/*/* 2>/dev/null | head -40
		dmesg | tail -n 20
		fail "run $1: $(cat "$hdev/stats" 2>/dev/null)"
	fi
}
for mode in 0 1 2; do
	run insmod "$(hvapi_ko hvg2_hvapi_echo)" mode=$mode
	wait_for test -e "$hdev/run" || fail "hvg2_hvapi_echo did not bind (mode $mode)"
	traffic "500 1 64"
	traffic "3000 32 200"
	# sizes up to the packet buffer: many wrap the two-page ring's end
	traffic "2000 8 1999"
	st=$(cat "$hdev/stats")
	log "mode $mode: $st"
	# shellcheck disable=SC2086 # split the counters into $1..
	set -- $st
	[ "$2" = 5500 ] || fail "mode $mode: $2 echoes, not 5500"
	[ "$4" = 0 ] || fail "mode $mode: $4 echoes with wrong content"
	[ "$6" = 0 ] || fail "mode $mode: $6 ids refused"
	# idle: the upstream view says both rings empty, private = published
	if [ "$8" != 0 ] || [ "${10}" != 0 ]; then
		fail "mode $mode: rings not empty: $st"
	fi
	if [ "${12}" != "${14}" ] || [ "${14}" != "${16}" ]; then
		fail "mode $mode: priv_read_index/read_index/write_index differ: $st"
	fi
	run rmmod hvg2_hvapi_echo
done

# a forged completion id is refused, its request never completes
run insmod "$(hvapi_ko hvg2_hvapi_echo)"
wait_for test -e "$hdev/run" || fail "hvg2_hvapi_echo did not bind"
echo 1 >$cfg/h0/forge_tid
if sh -c "echo '20 1 64' >$hdev/run" 2>/dev/null; then
	fail "forge_tid: the run completed"
fi
# shellcheck disable=SC2046 # split the counters into $1..
set -- $(cat "$hdev/stats")
[ "$6" = 1 ] || fail "forge_tid: $6 ids refused, not 1"
log "forge_tid: refused"
run rmmod hvg2_hvapi_echo

# rescind while the upstream driver is bound: it is removed cleanly
run insmod "$(hvapi_ko hvg2_hvapi_echo)"
wait_for test -e "$hdev/run" || fail "hvg2_hvapi_echo did not bind"
traffic "100 4 64"
run rmdir $cfg/h0
wait_for sh -c "! test -e $hdev" || fail "hv_device still there after rescind"
run rmmod hvg2_hvapi_echo

# ---- subchannels: offered after the primary opens, opened by the driver ----
NSUB=3
run insmod "$(hvapi_ko hvg2_hvapi_echo)"
s=$cfg/echo.h1
mkdir $s
echo $NSUB >$s/subchannels
echo 1 >$s/enable
wait_for dev_of_relid "$(cat $s/relid)" >/dev/null || fail "no device for echo.h1"
vdev=$(dev_of_relid "$(cat $s/relid)")
hdev=/sys/bus/hvg2_hvapi/devices/$(basename "$vdev")
wait_for test -e "$hdev/run" || fail "hvg2_hvapi_echo did not bind (echo.h1)"
all_channels() { grep -q "channels $((NSUB + 1))\$" "$hdev/stats"; }
wait_for all_channels || fail "channels: $(cat "$hdev/stats")"
traffic "4000 32 128"
log "subchannels: $(cat "$hdev/stats")"
for c in "$vdev"/channels/*; do
	n=$(cat "$c/in_packets")
	[ "$n" -ge 900 ] || fail "channel $(basename "$c"): $n packets"
done
# shellcheck disable=SC2046 # split the counters into $1..
set -- $(cat "$hdev/stats")
if [ "$2" != 4000 ] || [ "$4" != 0 ] || [ "$6" != 0 ]; then
	fail "subchannels: $*"
fi
# rescind with every channel open
run rmdir $s
wait_for sh -c "! test -e $hdev" || fail "hv_device still there after rescind"
run rmmod hvg2_hvapi_echo
hvapi_unload
log "ok"
