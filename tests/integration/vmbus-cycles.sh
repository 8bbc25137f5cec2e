#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 1000 close/open cycles of an echo channel (unbind/bind: GPADL, OPEN,
# CLOSE, TEARDOWN each time) with no leak (kmemleak runs after the tests)
# and traffic still flowing. About 15 minutes under KASAN and TCG.
#
#   hvg2_echo unbind -> CLOSECHANNEL, GPADL_TEARDOWN, rings freed
#   hvg2_echo bind   -> rings, GPADL_HEADER/BODY, OPENCHANNEL
set -e

log() { echo "vmbus-cycles: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "vmbus-cycles: FAIL: $*"; exit 1; }

cfg=/sys/kernel/config/hvg2_sim
cleanup() {
	local rc=$?
	[ $rc = 0 ] || dmesg | tail -n 60
	rmdir $cfg/e0 2>/dev/null || true
	modprobe -r hvg2_echo hvg2_sim 2>/dev/null || true
	exit $rc
}
trap cleanup EXIT

# the device with this relid on the vmbus bus
dev_of_relid() {
	local d
	for d in /sys/bus/vmbus/devices/*; do
		[ "$(cat "$d/id" 2>/dev/null)" = "$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

wait_for() {
	local i
	for i in $(seq 100); do "$@" && return 0; sleep 0.1; done
	return 1
}

run modprobe hvg2_sim
# configfs may be a module, loaded just now: mount it if /init could not
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
run modprobe hvg2_echo
mkdir $cfg/e0
echo echo >$cfg/e0/class
echo 1 >$cfg/e0/enable
relid=$(cat $cfg/e0/relid)
[ "$relid" -gt 0 ] || fail "no relid"
wait_for dev_of_relid "$relid" >/dev/null || fail "device for relid $relid missing"
dev=$(dev_of_relid "$relid")
log "device $dev"
wait_for test -e "$dev/echo_run" || fail "hvg2_echo did not bind"

# ---- 1000 close/open cycles ----
drv=/sys/bus/vmbus/drivers/hvg2_echo
name=$(basename "$dev")
for i in $(seq 1000); do
	echo "$name" >$drv/unbind
	echo "$name" >$drv/bind
done
[ "$(cat $cfg/e0/open)" = 1 ] || fail "channel not open after the cycles"
run sh -c "echo '1000 16 128' >$dev/echo_run"
log "1000 open/close cycles done; traffic flows"
exit 0
