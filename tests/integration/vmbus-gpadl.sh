#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GPADLs from one page to the largest one message header can describe
# (range_buflen is 16 bits: 8190 pages, 32 MiB - 8 KiB), each created and
# torn down by the echo driver; one page more is refused cleanly (E2BIG).
#
#   hvg2_echo gpadl_test N --GPADL_HEADER + BODY x k--> sim host (checks PFNs)
#                          <--GPADL_CREATED-------------
#                          --GPADL_TEARDOWN / TORNDOWN->
set -e

log() { echo "vmbus-gpadl: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "vmbus-gpadl: FAIL: $*"; exit 1; }

cfg=/sys/kernel/config/hvg2_sim
cleanup() {
	local rc=$?
	[ $rc = 0 ] || dmesg | tail -n 60
	rmdir $cfg/g0 2>/dev/null || true
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

run modprobe hvg2_sim
# configfs may be a module, loaded just now: mount it if /init could not
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
run modprobe hvg2_echo
mkdir $cfg/g0
echo 1 >$cfg/g0/enable
wait_for dev_of_relid "$(cat $cfg/g0/relid)" >/dev/null || fail "no device"
dev=$(dev_of_relid "$(cat $cfg/g0/relid)")
wait_for test -e "$dev/gpadl_test" || fail "hvg2_echo did not bind"

for pages in 1 2 26 27 54 55 256 4096 8190; do
	run sh -c "echo $((pages * 4096)) >$dev/gpadl_test" || fail "$pages pages"
done
if echo $((8191 * 4096)) >"$dev/gpadl_test" 2>/tmp/gpadl.err; then
	fail "8191 pages accepted"
fi
grep -q 'too long' /tmp/gpadl.err || fail "8191 pages: $(cat /tmp/gpadl.err)"
log "1 .. 8190 pages ok, 8191 refused"
exit 0
