#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_scsi features a filesystem relies on, end to end through LIO:
# discard (UNMAP punches holes in the backing file), a write-back cache
# with flush and FUA (writes with fsync and O_DSYNC survive the
# controller going away and coming back), and blk-mq poll queues
# (io_uring IOPOLL, fio --hipri) reaping completions without interrupts.
#
#   LIO fileio, sparse 64 MiB file (emulate_tpu=1, emulate_write_cache=1)
#        -- LUN 0 -- hvg2_sim_stor scsi.c0
#        | VMBus (simulated host)
#   hvg2_scsi poll_queues=1 hostN -- sdX: blkdiscard, fio (libaio, io_uring)
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
# shellcheck source-path=SCRIPTDIR source=lib/scsi.sh
. /hvg2/tests/lib/scsi.sh
img=/tmp/scsi-features.img
sim_cleanup_extra() {
	modprobe -r hvg2_scsi || true
	stor_cleanup
	rm -f "$img"
}

sim_start
modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
stor_start
run modprobe hvg2_scsi poll_queues=1
stor_ctrl_add c0
# thin provisioning (UNMAP) and a write-back cache with FUA
stor_attrib="emulate_tpu=1 emulate_write_cache=1" stor_file_add c0 0 "$img" 64
stor_ctrl_enable c0
disk=$(scsi_wait_disk c0 0)
q=/sys/block/$disk/queue

# what the block layer learnt from LIO through us
[ "$(cat "$q/write_cache")" = "write back" ] || fail "write_cache: $(cat "$q/write_cache")"
[ "$(cat "$q/fua")" = 1 ] || fail "no FUA"
[ "$(cat "$q/discard_max_bytes")" -gt 0 ] || fail "no discard"
log "write back cache, FUA, discard up to $(cat "$q/discard_max_bytes") bytes"
# the VPD pages came through: sd discards with UNMAP
mode=$(cat "/sys/block/$disk/device/scsi_disk/"*/provisioning_mode)
[ "$mode" = unmap ] || fail "provisioning mode $mode, not unmap"

# discard: the backing file loses its blocks
dd if=/dev/urandom of="/dev/$disk" bs=1M count=8 oflag=direct status=none
sync
before=$(du -k "$img" | cut -f1)
run blkdiscard -o 0 -l $((8 * 1024 * 1024)) "/dev/$disk"
after=$(du -k "$img" | cut -f1)
log "backing file: $before KiB allocated before discard, $after after"
[ "$after" -lt "$before" ] || fail "discard freed nothing"

# flush and FUA: synchronous writes, then the controller goes and comes back
scsi_fio --name=fsync --filename="/dev/$disk" --direct=1 --ioengine=libaio \
	--iodepth=1 --rw=randwrite --bs=4k --size=2M --fsync=4 \
	--verify=crc32c --do_verify=0 || fail "fio with fsync"
scsi_fio --name=fua --filename="/dev/$disk" --offset=4M --direct=1 \
	--ioengine=libaio --iodepth=4 --rw=write --bs=16k --size=2M --sync=1 \
	--verify=crc32c --do_verify=0 || fail "fio with O_DSYNC"
stor_ctrl_enable c0 0
wait_for scsi_no_disk c0 0 || fail "disk still there after rescind"
stor_ctrl_enable c0 1
disk=$(scsi_wait_disk c0 0)
scsi_fio --name=fsync --filename="/dev/$disk" --direct=1 --ioengine=libaio \
	--iodepth=1 --rw=randwrite --bs=4k --size=2M --verify=crc32c \
	--verify_only=1 || fail "fsync'd data lost"
scsi_fio --name=fua --filename="/dev/$disk" --offset=4M --direct=1 \
	--ioengine=libaio --iodepth=4 --rw=write --bs=16k --size=2M \
	--verify=crc32c --verify_only=1 || fail "O_DSYNC data lost"
log "synchronous writes survived the controller's rescind"

# io_uring IOPOLL on the poll queue: completions found by polling
[ "$(scsi_stat c0 poll_queues)" = 1 ] || fail "no poll queue"
p0=$(scsi_stat c0 polls)
scsi_fio --name=hipri --filename="/dev/$disk" --direct=1 --ioengine=io_uring \
	--hipri=1 --iodepth=8 --rw=randrw --bs=4k --size=4M --verify=crc32c \
	--verify_fatal=1 --do_verify=1 || fail "fio --hipri"
p=$(($(scsi_stat c0 polls) - p0))
log "io_uring IOPOLL: $p polls found completions"
# a poll queue with a channel of its own is never interrupted: it must poll
if [ "$(scsi_stat c0 poll_channels)" -gt 0 ]; then
	[ "$p" -gt 0 ] || fail "IOPOLL never found a completion by polling"
fi

run modprobe -r hvg2_scsi
log "ok"
