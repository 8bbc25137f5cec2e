#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem: the vPMEM range becomes a libnvdimm bus, DIMM, region and
# /dev/pmem0, ndctl sees all three, and fio verifies data on the block
# device.
#
#   QEMU nvdimm (256 MiB file)          guest
#   --------------------------          -----------------------------------
#   NFIT: SPA range, memdev, DCR  --->  hvg2_pmem (ACPI0012, platform driver)
#   NVDIMM _DSM (Intel-like)             ndbus0 (provider hvg2_pmem)
#                                          nmem0   (no DSM family: no health)
#                                          region0 -> namespace0.0 -> pmem0
#                                                     fio randwrite + verify
set -e

log() { echo "pmem-basic: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "pmem-basic: FAIL: $*"; exit 1; }

cleanup() {
	local rc=$?
	[ $rc = 0 ] || dmesg | tail -n 40
	exit $rc
}
trap cleanup EXIT

# A previous test may have loaded us with other parameters.
if [ -d /sys/module/hvg2_pmem ]; then
	ndctl disable-region all >/dev/null 2>&1 || true
	modprobe -r hvg2_pmem
fi
[ ! -d /sys/module/nfit ] || fail "the kernel's nfit is loaded"
run modprobe hvg2_pmem
for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done
[ -b /dev/pmem0 ] || fail "/dev/pmem0 did not appear"

# ---- what libnvdimm and sysfs say ----
bus=$(basename "$(readlink -f /sys/bus/platform/drivers/hvg2_pmem/ACPI0012:00/ndbus*)")
log "bus $bus"
[ "$(cat /sys/bus/nd/devices/"$bus"/provider)" = hvg2_pmem ] ||
	fail "provider is not hvg2_pmem"
[ -e /sys/bus/nd/devices/"$bus"/nfit/revision ] || fail "no nfit/revision"
d=/sys/bus/nd/devices/nmem0
[ -e $d/nfit/handle ] || fail "nmem0 has no nfit/handle"
log "nmem0 handle $(cat $d/nfit/handle) id $(cat $d/nfit/id 2>/dev/null)"
# QEMU's DSM is not the Hyper-V family: no family, no health, no CALL
# (unless the pmem-hyperv fixture table gave it one)
if ! grep -lq HVDSM /sys/firmware/acpi/tables/SSDT* 2>/dev/null; then
	[ ! -e $d/nfit/family ] ||
		fail "nmem0 claims DSM family $(cat $d/nfit/family)"
	[ ! -e $d/hvg2/health ] || fail "health without a Hyper-V DSM"
	grep -qw cmd_call $d/commands && fail "nmem0 offers ND_CMD_CALL"
fi
r=/sys/bus/nd/devices/region0
[ "$(cat $r/size)" = $((256 << 20)) ] || fail "region0 size $(cat $r/size)"
[ "$(cat $r/persistence_domain)" = memory_controller ] ||
	fail "persistence domain '$(cat $r/persistence_domain)'"
log "region0 numa_node $(cat $r/numa_node) target_node $(cat $r/target_node 2>/dev/null)"
[ "$(cat $r/mappings)" = 1 ] || fail "region0 has $(cat $r/mappings) mappings"
grep -q 'Persistent Memory' /proc/iomem || fail "no iomem entry"
[ "$(cat /sys/block/pmem0/size)" = $((256 << 11)) ] || fail "pmem0 size"

# ---- what ndctl says ----
run ndctl list -BDRN -i | tee /tmp/ndctl.json
grep -Eq '"provider": ?"hvg2_pmem"' /tmp/ndctl.json || fail "ndctl: no bus"
grep -Eq '"dev": ?"nmem0"' /tmp/ndctl.json || fail "ndctl: no DIMM"
grep -Eq '"dev": ?"region0"' /tmp/ndctl.json || fail "ndctl: no region"
grep -Eq '"persistence_domain": ?"memory_controller"' /tmp/ndctl.json ||
	fail "ndctl: persistence domain"
# health on a non-Hyper-V DIMM: nothing to report, and no error
run ndctl list -DH >/tmp/health.json
if [ ! -e $d/nfit/family ] && grep -q '"health"' /tmp/health.json; then
	fail "health from a non-Hyper-V DIMM"
fi

# ---- data through the block device ----
run fio --name=blk --filename=/dev/pmem0 --ioengine=psync --direct=1 \
	--rw=randwrite --bs=4k --size=64M --offset=16M --verify=crc32c \
	--do_verify=1 --verify_fatal=1 --randrepeat=0 --eta=never --output=/tmp/fio.txt ||
	{ cat /tmp/fio.txt; fail "fio verify on /dev/pmem0"; }
grep -E 'WRITE:|READ:' /tmp/fio.txt
log "ok"
