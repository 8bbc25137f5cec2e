#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CPU offline with channels on it: the transport moves them away with
# MODIFYCHANNEL before the CPU goes (the kernel's own transport refuses),
# traffic keeps flowing, and nothing targets the offline CPU.
#
#   echo devices c0, c1: channels spread over CPU 0 and 1
#   CPU 1 offline  --MODIFYCHANNEL x n--> sim (acks, 5.3)  ==> all on CPU 0
set -e

log() { echo "vmbus-cpu: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "vmbus-cpu: FAIL: $*"; exit 1; }

cfg=/sys/kernel/config/hvg2_sim
cpu1=/sys/devices/system/cpu/cpu1/online
cleanup() {
	local rc=$?
	[ $rc = 0 ] || dmesg | tail -n 60
	[ -e $cpu1 ] && echo 1 >$cpu1 2>/dev/null || true
	rmdir $cfg/c0 $cfg/c1 2>/dev/null || true
	modprobe -r hvg2_echo hvg2_sim 2>/dev/null || true
	exit $rc
}
trap cleanup EXIT

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

if [ ! -w $cpu1 ]; then
	log "no hotpluggable CPU 1: skipped"
	exit 0
fi
run modprobe hvg2_sim
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
run modprobe hvg2_echo
devs=()
for n in c0 c1; do
	mkdir $cfg/$n
	echo 1 >$cfg/$n/enable
	wait_for dev_of_relid "$(cat $cfg/$n/relid)" >/dev/null || fail "$n: no device"
	d=$(dev_of_relid "$(cat $cfg/$n/relid)")
	wait_for test -e "$d/echo_run" || fail "$n: not bound"
	devs+=("$d")
done
cpus() { cat /sys/bus/vmbus/devices/*/channels/*/cpu | sort | tr '\n' ' '; }
log "channel CPUs before: $(cpus)"
cpus | grep -q 1 || fail "no channel on CPU 1 to move"

# traffic on both while CPU 1 goes away
pids=()
for d in "${devs[@]}"; do
	( echo "20000 16 64" >"$d/echo_run" ) &
	pids+=($!)
done
sleep 0.5
run sh -c "echo 0 >$cpu1"
for p in "${pids[@]}"; do
	wait "$p" || fail "traffic failed across the CPU offline"
done
log "channel CPUs after: $(cpus)"
cpus | grep -q 1 && fail "a channel still targets the offline CPU"
for d in "${devs[@]}"; do
	run sh -c "echo '1000 8 64' >$d/echo_run"
done
run sh -c "echo 1 >$cpu1"
log "ok"
exit 0
