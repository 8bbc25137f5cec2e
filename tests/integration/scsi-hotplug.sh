#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_scsi and the host's changes: a LUN added and removed while the
# controller is offered (ENUMERATE_BUS -> rescan), a LUN grown (unit
# attention CAPACITY DATA HAS CHANGED -> new size), a disk over 2 TiB
# (READ/WRITE 16 at its end), and the controller rescinded while fio runs
# on it: the I/O fails, the disks go, nothing hangs, the module unloads.
#
#   LIO rd_mcp (16 MiB)             -- LUN 0 --+
#   LIO iblock on /dev/loopN (grows)-- LUN 1 --+- hvg2_sim_stor scsi.c0
#   LIO rd_mcp (8 MiB), hot added   -- LUN 2 --+   | VMBus
#   LIO fileio, sparse 3 TiB (tmpfs)-- LUN 3 --+ hvg2_scsi hostN -- sdW..sdZ
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
# shellcheck source-path=SCRIPTDIR source=lib/scsi.sh
. /hvg2/tests/lib/scsi.sh
img=/tmp/scsi-hotplug.img
big=/tmp/scsi-hotplug-3t.img
loop=
fio_pid=
sim_cleanup_extra() {
	[ -z "$fio_pid" ] || kill "$fio_pid" 2>/dev/null || true
	modprobe -r hvg2_scsi || true
	stor_cleanup
	[ -z "$loop" ] || losetup -d "$loop" || true
	rm -f "$img" "$big"
}

sim_start
modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
stor_start
run modprobe hvg2_scsi
truncate -s 16M "$img"
loop=$(losetup -f --show "$img")
stor_ctrl_add c0
stor_ram_add c0 0 16
stor_blk_add c0 1 "$loop"
stor_ctrl_enable c0
d=$(stor_dev c0)
d0=$(scsi_wait_disk c0 0)
d1=$(scsi_wait_disk c0 1)
log "LUN 0 is $d0, LUN 1 is $d1"

# hot add: the host tells the guest, the guest scans
stor_ram_add c0 2 8
echo 1 >"$d/rescan"
d2=$(scsi_wait_disk c0 2)
log "hot-added LUN 2 is $d2"
[ "$(cat "/sys/block/$d2/size")" = $((8 * 2048)) ] || fail "LUN 2 size"
[ "$(scsi_stat c0 unsolicited)" -gt 0 ] || fail "no ENUMERATE_BUS counted"

# hot remove
stor_lun_del c0 2
echo 1 >"$d/rescan"
wait_for scsi_no_disk c0 2 || fail "LUN 2 still there after removal"
log "LUN 2 removed"

# grow LUN 1: 16 -> 24 MiB; its next command gets the unit attention
truncate -s 24M "$img"
losetup -c "$loop"
stor_resize c0 1
dd if="/dev/$d1" of=/dev/null bs=4k count=1 iflag=direct status=none || true
wait_for test "$(cat "/sys/block/$d1/size")" = $((24 * 2048)) ||
	fail "LUN 1 still $(cat "/sys/block/$d1/size") sectors after growing"
log "LUN 1 grew to 24 MiB"

# a disk past 2 TiB: the last blocks need READ/WRITE 16
truncate -s 3T "$big"
stor_file_add c0 3 "$big" $((3 * 1024 * 1024))
echo 1 >"$d/rescan"
d3=$(scsi_wait_disk c0 3)
sectors=$(cat "/sys/block/$d3/size")
[ "$sectors" = $((3 * 1024 * 1024 * 2048)) ] || fail "LUN 3 has $sectors sectors"
dd if=/dev/urandom of=/tmp/scsi-hotplug.blk bs=64k count=1 status=none
dd if=/tmp/scsi-hotplug.blk of="/dev/$d3" bs=64k seek=$((sectors / 128 - 1)) \
	oflag=direct status=none
dd if="/dev/$d3" of=/tmp/scsi-hotplug.back bs=64k skip=$((sectors / 128 - 1)) \
	count=1 iflag=direct status=none
cmp /tmp/scsi-hotplug.blk /tmp/scsi-hotplug.back || fail "data at the end of 3 TiB"
rm -f /tmp/scsi-hotplug.blk /tmp/scsi-hotplug.back
log "wrote and read back the last 64 KiB of a 3 TiB disk"

# rescind under I/O: fio fails, disks disappear, no hang
fio --name=rescind --filename="/dev/$d0" --direct=1 --ioengine=libaio \
	--iodepth=32 --rw=randrw --bs=4k --time_based --runtime=120 \
	--output=/tmp/scsi-hotplug.fio >/dev/null 2>&1 &
fio_pid=$!
sleep 3
stor_ctrl_enable c0 0
rc=0
for _ in $(seq 300); do
	kill -0 "$fio_pid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$fio_pid" 2>/dev/null && fail "fio still running 30 s after the rescind"
wait "$fio_pid" || rc=$?
fio_pid=
[ "$rc" != 0 ] || fail "fio did not see the rescind"
wait_for scsi_no_disk c0 0 || fail "disk still there after rescind"
[ -z "$(ls -d /sys/bus/vmbus/devices/*/host* 2>/dev/null)" ] ||
	fail "a SCSI host survived the rescind"
log "rescind under I/O: fio failed with $rc, disks gone"

# offered again, it works again
stor_ctrl_enable c0 1
d0=$(scsi_wait_disk c0 0)
dd if="/dev/$d0" of=/dev/null bs=4k count=16 iflag=direct status=none
run modprobe -r hvg2_scsi
log "ok"
