#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem and the kernel's nfit, unbind/rebind, unload.
#
#   1. nfit bound first      -> hvg2_pmem's probe refuses (-EBUSY), no bus
#   2. nfit gone, bind us    -> /dev/pmem0 back, data written before intact
#   3. unbind                -> bus, DIMM, region, iomem entry all gone
#      bind                  -> all back, data intact
#   4. ext4 -o dax mounted, unbind -> the fs sees I/O errors, nothing
#      worse; umount, bind    -> the fs is intact (fsck, file content)
#   5. region enabled        -> modprobe -r refused; disabled -> unloads
set -e

dev=ACPI0012:00
drv=/sys/bus/platform/drivers/hvg2_pmem
log() { echo "pmem-unbind: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "pmem-unbind: FAIL: $*"; exit 1; }

cleanup() {
	local rc=$?
	mountpoint -q /mnt/pmem-unbind && umount /mnt/pmem-unbind
	{ [ ! -d $drv ] || [ -e $drv/$dev ] || echo $dev >$drv/bind; } 2>/dev/null || true
	ndctl create-namespace -f -e namespace0.0 -m raw >/dev/null 2>&1 || true
	if [ -d /sys/module/nfit ]; then
		ndctl disable-region all >/dev/null 2>&1 || true
		modprobe -r nfit || true
	fi
	[ $rc = 0 ] || dmesg | tail -n 40
	exit $rc
}
trap cleanup EXIT

wait_pmem() {
	for _ in $(seq 50); do [ -b /dev/pmem0 ] && return 0; sleep 0.1; done
	fail "/dev/pmem0 did not appear"
}

if [ -d /sys/module/hvg2_pmem ]; then
	ndctl disable-region all >/dev/null
	run modprobe -r hvg2_pmem
fi

# ---- 1. the kernel's nfit owns the device: we stand aside ----
if modprobe nfit 2>/dev/null; then
	wait_pmem
	[ "$(cat /sys/bus/nd/devices/ndbus0/provider)" = ACPI.NFIT ] ||
		fail "nfit did not take the device"
	dmesg -C
	run modprobe hvg2_pmem
	dmesg | grep -q "already driven by nfit" || fail "no refusal message"
	[ ! -e $drv/$dev ] || fail "hvg2_pmem bound beside nfit"
	[ "$(find /sys/bus/nd/devices/ -name 'ndbus*' | wc -l)" = 1 ] ||
		fail "two nvdimm buses"
	log "refused beside nfit: $(dmesg | grep 'already driven')"
	run ndctl disable-region all
	run modprobe -r nfit
	run sh -c "echo $dev > $drv/bind"
else
	log "no nfit module in this kernel; skipping the coexistence check"
	run modprobe hvg2_pmem
fi
wait_pmem
[ "$(cat /sys/bus/nd/devices/ndbus*/provider)" = hvg2_pmem ] ||
	fail "not our bus"

# ---- 3. unbind and bind while idle; data survives ----
echo "hvg2-unbind-$$" | dd of=/dev/pmem0 bs=4k seek=100 conv=fsync,sync status=none
run sh -c "echo $dev > $drv/unbind"
[ ! -b /dev/pmem0 ] || fail "/dev/pmem0 survived unbind"
left=$(find /sys/bus/nd/devices/ -mindepth 1)
[ -z "$left" ] || fail "nd devices left: $left"
grep -q 'Persistent Memory' /proc/iomem && fail "iomem entry left behind"
run sh -c "echo $dev > $drv/bind"
wait_pmem
got=$(dd if=/dev/pmem0 bs=4k skip=100 count=1 status=none | tr -d '\0' | head -n1)
[ "$got" = "hvg2-unbind-$$" ] || fail "data after rebind: '$got'"

# ---- 4. unbind under a mounted DAX filesystem ----
mnt=/mnt/pmem-unbind
run ndctl create-namespace -f -e namespace0.0 -m fsdax --map=mem
wait_pmem
run mkfs.ext4 -q -F -b 4096 /dev/pmem0
mkdir -p $mnt
run mount -o dax /dev/pmem0 $mnt
echo "before-unbind" >$mnt/f
sync
run sh -c "echo $dev > $drv/unbind"
if cat $mnt/f 2>/dev/null; then
	fail "read from a DAX file whose device is gone"
fi
log "I/O after unbind fails, as it must"
run umount $mnt
run sh -c "echo $dev > $drv/bind"
wait_pmem
run mount -o dax /dev/pmem0 $mnt
[ "$(cat $mnt/f)" = before-unbind ] || fail "file lost over unbind/bind"
run umount $mnt
# after the journal replay on mount, the filesystem must be consistent
run fsck.ext4 -f -n /dev/pmem0
run ndctl create-namespace -f -e namespace0.0 -m raw

# ---- 5. unload: refused while a region is enabled ----
if modprobe -r hvg2_pmem 2>/dev/null; then
	fail "unloaded with region0 enabled"
fi
run ndctl disable-region all
run modprobe -r hvg2_pmem
[ ! -d /sys/module/hvg2_pmem ] || fail "still loaded"
log "ok"
