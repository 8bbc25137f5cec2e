#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The storage interop oracle: the kernel's own hv_storvsc, unmodified, on
# hvg2_hvapi, drives the simulated host's disks. It was written against
# Hyper-V, so what passes here is the real protocol: both LUNs linked
# before the controller is offered (no bus notice during the handshake),
# a filesystem (mkfs.ext4, fsck), fio with crc32c verification at queue
# depth 1 and 32, discard (UNMAP frees the backing file's blocks), a LUN
# hot added and hot removed (the disk appears and goes), then
# hv_storvsc and the shim unloading.
#
#   LIO rd_mcp (32 MiB)                 -- LUN 0 --+
#   LIO fileio on tmpfs (32 MiB), UNMAP -- LUN 1 --+- hvg2_sim_stor scsi.c0
#   LIO rd_mcp (8 MiB), hot added       -- LUN 2 --+   | VMBus
#   hvg2_vmbus -- hvg2_hvapi (classes=scsi) -- hv_storvsc hostN -- sdX..
#
# Skips (77) only when the kernel has no hv_storvsc (or no LIO).
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
# shellcheck source-path=SCRIPTDIR source=lib/scsi.sh
. /hvg2/tests/lib/scsi.sh
# shellcheck source-path=SCRIPTDIR source=lib/hvapi.sh
. /hvg2/tests/lib/hvapi.sh
img=/tmp/oracle-scsi.img
sim_cleanup_extra() {
	# $rc: sim_cleanup's exit status
	umount "/mnt/$t" 2>/dev/null || true
	[ -e "${d:-}/srbs" ] && [ "${rc:-0}" != 0 ] &&
		grep . "$d"/{srbs,srb_errors,bad_packets,refused,resets,protocol} 2>/dev/null
	rmmod hv_storvsc 2>/dev/null || true
	hvapi_unload || true
	stor_cleanup
	rm -f "$img"
}

# hv_storvsc's SCSI host (proc_name storvsc_host), and its disk for a LUN
oracle_host() {
	local h
	for h in /sys/class/scsi_host/host*; do
		[ "$(cat "$h/proc_name" 2>/dev/null)" = storvsc_host ] &&
			{ basename "$h"; return 0; }
	done
	return 1
}

oracle_disk() {
	local h b
	h=$(oracle_host) || return 1
	for b in /sys/class/scsi_device/"${h#host}":0:0:"$1"/device/block/*; do
		[ -d "$b" ] && { basename "$b"; return 0; }
	done
	return 1
}

oracle_wait_disk() {
	wait_for oracle_disk "$1" >/dev/null || fail "hv_storvsc has no disk for LUN $1"
	oracle_disk "$1"
}

oracle_no_disk() { ! oracle_disk "$1" >/dev/null; }

modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
hvapi_ko hv_storvsc >/dev/null || { log "the kernel has no hv_storvsc"; exit 77; }
hvapi_ko hvg2_hvapi >/dev/null || fail "no hvg2_hvapi"
sim_start
# our own driver must not take the controller
modprobe -r hvg2_scsi 2>/dev/null || true
stor_start
stor_ctrl_add c0
d=$(stor_dev c0)
stor_ram_add c0 0 32
stor_attrib="emulate_tpu=1" stor_file_add c0 1 "$img" 32
hvapi_load scsi
hvapi_insmod hv_storvsc
stor_ctrl_enable c0
d0=$(oracle_wait_disk 0)
d1=$(oracle_wait_disk 1)
h=$(oracle_host)
drv=$(basename "$(readlink -f "$(dev_of_relid "$(cat "$d/relid")")/driver")")
[ "$drv" = hvg2_hvapi ] || fail "the controller is bound to $drv"
log "hv_storvsc $h: LUN 0 is $d0, LUN 1 is $d1, vstor $(cat "$d/protocol")"
[ "$(cat "/sys/block/$d0/size")" = $((32 * 2048)) ] ||
	fail "LUN 0 has $(cat "/sys/block/$d0/size") sectors"

# a filesystem, written and checked
scsi_fs_check "$d0"

# raw random I/O, every block verified, one and 32 in flight
for depth in 1 32; do
	scsi_fio --name=v$depth --filename="/dev/$d0" --direct=1 \
		--ioengine=libaio --iodepth=$depth --rw=randrw --bs=4k \
		--size=8M --verify=crc32c --verify_fatal=1 --do_verify=1 ||
		fail "fio at depth $depth"
done
# large requests, split at the host's transfer limit
scsi_fio --name=seq --filename="/dev/$d0" --direct=1 --ioengine=libaio \
	--iodepth=4 --rw=write --bsrange=4k-1m --size=8M --verify=crc32c \
	--verify_fatal=1 --do_verify=1 || fail "fio mixed sizes"

# discard: sd found UNMAP in the VPD pages, the backing file loses blocks
mode=$(cat "/sys/block/$d1/device/scsi_disk/"*/provisioning_mode)
[ "$mode" = unmap ] || fail "LUN 1 provisioning mode $mode, not unmap"
dd if=/dev/urandom of="/dev/$d1" bs=1M count=8 oflag=direct status=none
before=$(du -k "$img" | cut -f1)
run blkdiscard -o 0 -l $((8 * 1024 * 1024)) "/dev/$d1"
after=$(du -k "$img" | cut -f1)
log "LUN 1 backing file: $before KiB allocated before discard, $after after"
[ "$after" -lt "$before" ] || fail "discard freed nothing"

# hot add: linking the LUN sends ENUMERATE_BUS, hv_storvsc scans
stor_ram_add c0 2 8
d2=$(oracle_wait_disk 2)
[ "$(cat "/sys/block/$d2/size")" = $((8 * 2048)) ] || fail "LUN 2 size"
dd if=/dev/zero of="/dev/$d2" bs=64k count=16 oflag=direct status=none ||
	fail "write to the hot-added LUN"
log "hot-added LUN 2 is $d2"

# hot remove: hv_storvsc probes its LUNs with TEST UNIT READY on the notice
stor_lun_del c0 2
wait_for oracle_no_disk 2 || fail "LUN 2 still there after removal"
log "LUN 2 removed"
# the others are still there and work
oracle_no_disk 0 && fail "LUN 0 went with LUN 2"
dd if="/dev/$d0" of=/dev/null bs=64k count=16 iflag=direct status=none ||
	fail "LUN 0 unreadable after the hot remove"

for c in bad_packets refused; do
	[ "$(cat "$d/$c")" = 0 ] || fail "host counted $c $(cat "$d/$c")"
done

# unload: hv_storvsc lets go of the bound controller, then the shim goes
run rmmod hv_storvsc
wait_for oracle_no_disk 0 || fail "LUN 0 still there without hv_storvsc"
hvapi_unload
stor_ctrl_enable c0 0
log "ok"
