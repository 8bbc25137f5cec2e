#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem label mode: several namespaces on one vPMEM device.
#
#   256 MiB range
#   |<------------- region0 (256 MiB - 128 KiB) ------------->|<labels>|
#   | fsdax 64M (pmem0) | devdax 64M (dax0.N) | sector 32M | free     |
#
#   phase (kernel command line hvg2_pmem_labels=...):
#     create  make the three namespaces, power off
#     check   a new boot finds the same three (by uuid and mode)
#     (none)  create, reload the driver, check, destroy one and recreate
#             it, then wipe the labels and go back to label-less mode
set -e

log() { echo "pmem-labels: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "pmem-labels: FAIL: $*"; exit 1; }
phase=$(sed -n 's/.*hvg2_pmem_labels=\([a-z]*\).*/\1/p' /proc/cmdline)
state=/tmp/pmem-labels.list

unload() {
	[ -d /sys/module/hvg2_pmem ] || return 0
	ndctl disable-region all >/dev/null
	run modprobe -r hvg2_pmem
}

load_labels() {
	unload
	run modprobe hvg2_pmem labels=1
	for _ in $(seq 50); do [ -e /sys/bus/nd/devices/region0 ] && break; sleep 0.1; done
	[ -e /sys/bus/nd/devices/region0 ] || fail "no region0"
	udevadm settle 2>/dev/null || sleep 1
}

cleanup() {
	local rc=$?
	if [ -z "$phase" ]; then
		# wipe labels so later tests see the label-less device
		ndctl destroy-namespace -f all >/dev/null 2>&1 || true
		ndctl disable-region all >/dev/null 2>&1 || true
		ndctl zero-labels nmem0 >/dev/null 2>&1 || true
		modprobe -r hvg2_pmem 2>/dev/null || true
	fi
	[ $rc = 0 ] || { ndctl list -NRD 2>&1; dmesg | tail -n 60; }
	exit $rc
}
trap cleanup EXIT

# "uuid mode size" per namespace with a uuid, sorted; sysfs names the
# modes memory (fsdax), dax (devdax), safe (sector) and raw
snapshot() {
	local ns
	for ns in /sys/bus/nd/devices/namespace0.*; do
		[ -e "$ns/uuid" ] || continue
		[ "$(cat "$ns/size")" != 0 ] || continue
		echo "$(cat "$ns/uuid") $(cat "$ns/mode" 2>/dev/null) $(cat "$ns/size")"
	done | sort
}

# the namespace whose sysfs mode is $1
snapshot_dev() {
	local ns
	for ns in /sys/bus/nd/devices/namespace0.*; do
		[ "$(cat "$ns/mode" 2>/dev/null)" = "$1" ] && basename "$ns"
	done | head -n1
}

create() {
	local size
	size=$(cat /sys/bus/nd/devices/region0/size)
	[ "$size" = $(((256 << 20) - (128 << 10))) ] ||
		fail "region0 size $size: label area not carved"
	d=/sys/bus/nd/devices/nmem0
	log "label area $(cat $d/hvg2/label_area)"
	grep -qw get_data $d/commands || fail "no config-data commands"
	run ndctl create-namespace -r region0 -m fsdax -s 64M
	run ndctl create-namespace -r region0 -m devdax -s 64M
	run ndctl create-namespace -r region0 -m sector -s 32M
	run ndctl list -N -i
	[ "$(snapshot | wc -l)" = 3 ] || fail "expected 3 namespaces"
	ls -l /dev/pmem* /dev/dax* || true
	ls /dev/dax* >/dev/null 2>&1 || fail "no devdax device"
	run ndctl check-labels nmem0 || true
}

load_labels
case $phase in
create)
	create
	snapshot | tee /dev/console
	;;
check)
	run ndctl list -N -i
	[ "$(snapshot | wc -l)" = 3 ] || fail "namespaces lost over power off"
	[ "$(snapshot | awk '{print $2}' | sort | tr '\n' ' ')" = \
	  "dax memory safe " ] || fail "modes changed: $(snapshot)"
	;;
*)
	create
	snapshot >$state
	load_labels
	snapshot | diff -u $state - || fail "namespaces differ after reload"
	dax=$(snapshot_dev dax)
	[ -n "$dax" ] || fail "no devdax namespace"
	run ndctl destroy-namespace -f "$dax"
	[ "$(snapshot | wc -l)" = 2 ] || fail "destroy left $(snapshot | wc -l)"
	run ndctl create-namespace -r region0 -m devdax -s 64M
	[ "$(snapshot | wc -l)" = 3 ] || fail "recreate"
	load_labels
	[ "$(snapshot | wc -l)" = 3 ] || fail "recreated namespace lost on reload"
	;;
esac
log "ok"
