#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem: data written to /dev/pmem0 is still there later.
#
#   phase (kernel command line hvg2_pmem_persist=...):
#     write   fio writes checksummed blocks, the guest powers off
#     read    a new guest on the same backing file verifies them
#     (none)  both in one boot, with the driver unloaded and reloaded
#             in between (the region and namespace are rebuilt from NFIT)
#
#   tests/host/pmem-persist.sh runs write and read in two boots.
#
#   fio --verify_only re-derives every block's expected content and header
#   (offset, seed, crc32c): a zeroed or stale range fails.
set -e

log() { echo "pmem-persist: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "pmem-persist: FAIL: $*"; exit 1; }

cleanup() {
	local rc=$?
	[ $rc = 0 ] || dmesg | tail -n 40
	exit $rc
}
trap cleanup EXIT

phase=$(sed -n 's/.*hvg2_pmem_persist=\([a-z]*\).*/\1/p' /proc/cmdline)
log "phase ${phase:-write+read}"

load() {
	if [ -d /sys/module/hvg2_pmem ]; then
		ndctl disable-region all >/dev/null
		run modprobe -r hvg2_pmem
	fi
	run modprobe hvg2_pmem
	for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done
	[ -b /dev/pmem0 ] || fail "/dev/pmem0 did not appear"
	[ "$(cat /sys/bus/nd/devices/namespace0.0/mode)" = raw ] ||
		fail "namespace0.0 is not raw"
}

# Same job both times: fio derives the data from the seed and the offset.
job=(--name=persist --filename=/dev/pmem0 --ioengine=psync --direct=1
     --rw=randwrite --bs=64k --offset=8M --size=48M --randseed=20261126
     --verify=crc32c --verify_fatal=1)

write() {
	run fio "${job[@]}" --do_verify=0 --output=/tmp/w.txt ||
		{ cat /tmp/w.txt; fail "write"; }
	grep 'WRITE:' /tmp/w.txt
}

verify() {
	run fio "${job[@]}" --verify_only --output=/tmp/r.txt ||
		{ cat /tmp/r.txt; fail "verify after $1"; }
	grep -E 'READ:' /tmp/r.txt
	grep -q 'err= 0' /tmp/r.txt || fail "fio reported errors"
	log "data intact after $1"
}

load
case $phase in
write)
	write
	;;
read)
	verify "power off and a new boot"
	;;
*)
	write
	load
	verify "driver reload"
	;;
esac
log "ok"
