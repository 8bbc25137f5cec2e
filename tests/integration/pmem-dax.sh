#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem: fsdax namespace, ext4 mounted with -o dax, fio through a DAX
# file with mmap (loads and stores straight to the vPMEM), and an unload
# attempt that must be refused while the filesystem is mounted.
#
#   region0 -> namespace0.0 (fsdax, struct pages in RAM) -> /dev/pmem0
#                                                            ext4 -o dax
#                                                            /mnt/pmem/f
#                                                  fio mmap randwrite+verify
#   modprobe -r hvg2_pmem   -> refused (region pins the module)
set -e

mnt=/mnt/pmem
log() { echo "pmem-dax: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "pmem-dax: FAIL: $*"; exit 1; }

cleanup() {
	local rc=$?
	mountpoint -q $mnt && umount $mnt
	# back to the raw namespace other tests expect
	ndctl create-namespace -f -e namespace0.0 -m raw >/dev/null 2>&1 || true
	[ $rc = 0 ] || dmesg | tail -n 40
	exit $rc
}
trap cleanup EXIT

if [ ! -d /sys/module/hvg2_pmem ] ||
   [ "$(cat /sys/module/hvg2_pmem/parameters/labels)" != N ]; then
	ndctl disable-region all >/dev/null 2>&1 || true
	modprobe -r hvg2_pmem 2>/dev/null || true
	run modprobe hvg2_pmem
fi
for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done

# A label-less namespace can still change mode: the pfn info block lives
# in the namespace itself.
run ndctl create-namespace -f -e namespace0.0 -m fsdax --map=mem
for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done
[ "$(cat /sys/block/pmem0/queue/dax)" = 1 ] || fail "pmem0 is not DAX capable"

run mkfs.ext4 -q -F -b 4096 /dev/pmem0
mkdir -p $mnt
run mount -o dax /dev/pmem0 $mnt
grep " $mnt " /proc/mounts
grep " $mnt " /proc/mounts | grep -q dax || fail "mounted without dax"

# ---- loads and stores through the DAX mapping ----
run fio --name=daxmmap --directory=$mnt --ioengine=mmap --rw=randwrite \
	--bs=4k --size=64M --verify=crc32c --do_verify=1 --verify_fatal=1 \
	--output=/tmp/fio-dax.txt || { cat /tmp/fio-dax.txt; fail "fio mmap"; }
grep -E 'WRITE:|READ:' /tmp/fio-dax.txt
run fio --name=daxseq --directory=$mnt --ioengine=psync --rw=write \
	--bs=1M --size=64M --verify=md5 --do_verify=1 --verify_fatal=1 \
	--output=/tmp/fio-dax2.txt || { cat /tmp/fio-dax2.txt; fail "fio seq"; }

# ---- the filesystem pins us ----
if modprobe -r hvg2_pmem 2>/tmp/rmmod.err; then
	fail "hvg2_pmem unloaded under a mounted DAX filesystem"
fi
log "unload refused: $(cat /tmp/rmmod.err)"
echo still-here >$mnt/after
sync
[ "$(cat $mnt/after)" = still-here ] || fail "fs broken after refusals"

run umount $mnt
run fsck.ext4 -f -n /dev/pmem0
log "ok"
