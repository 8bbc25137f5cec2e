#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_scsi data path: the handshake and the host's limits, a filesystem
# (mkfs.ext4, fsck), fio with crc32c verification at queue depth 1 and 32
# (and at 32 with every doorbell deferred that may be),
# a smaller transfer limit and an older protocol honoured, the counters,
# and the module unloading afterwards.
#
#   LIO rd_mcp ramdisk (64 MiB) -- LUN 0 -- hvg2_sim_stor scsi.c0
#        | VMBus (simulated host)
#   hvg2_scsi hostN -- sdX: ext4, fio
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
# shellcheck source-path=SCRIPTDIR source=lib/scsi.sh
. /hvg2/tests/lib/scsi.sh
sim_cleanup_extra() {
	umount "/mnt/$t" 2>/dev/null || true
	modprobe -r hvg2_scsi || true
	stor_cleanup
}

sim_start
modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
stor_start
run modprobe hvg2_scsi
stor_ctrl_add c0
stor_ram_add c0 0 64
stor_ctrl_enable c0
disk=$(scsi_wait_disk c0 0)
h=$(scsi_host c0)
log "c0 LUN 0 is $disk on $h"

[ "$(scsi_stat c0 vstor_version)" = 6.2 ] ||
	fail "negotiated $(scsi_stat c0 vstor_version), not 6.2"
[ "$(cat "/sys/block/$disk/size")" = $((64 * 2048)) ] ||
	fail "size $(cat "/sys/block/$disk/size") sectors"
xfer=$(scsi_stat c0 max_transfer_bytes)
[ "$(cat "/sys/block/$disk/queue/max_hw_sectors_kb")" = $((xfer / 1024)) ] ||
	fail "max_hw_sectors_kb does not follow max_transfer_bytes $xfer"

# a filesystem, written and checked
scsi_fs_check "$disk"

# raw random I/O, every block verified, one and 32 in flight
r0=$(scsi_stat c0 requests)
s0=$(scsi_stat c0 signals)
i0=$(scsi_stat c0 interrupts)
for depth in 1 32; do
	scsi_fio --name=v$depth --filename="/dev/$disk" --direct=1 \
		--ioengine=libaio --iodepth=$depth --rw=randrw --bs=4k \
		--size=4M --verify=crc32c --verify_fatal=1 --do_verify=1 ||
		fail "fio at depth $depth"
done
# mixed sizes up to the transfer limit, sequential
scsi_fio --name=seq --filename="/dev/$disk" --direct=1 --ioengine=libaio \
	--iodepth=8 --rw=write --bsrange=4k-$((xfer / 1024))k --size=8M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 || fail "fio mixed sizes"
r=$(($(scsi_stat c0 requests) - r0))
s=$(($(scsi_stat c0 signals) - s0))
i=$(($(scsi_stat c0 interrupts) - i0))
log "fio: $r requests, $s signals, $i interrupts"
[ "$r" -gt 2048 ] || fail "only $r requests counted"
[ "$s" -le "$r" ] || fail "more signals ($s) than requests ($r)"

# deferred doorbells: from one request of an earlier batch in flight on
# the channel, a batch leaves its signal to the next reap; every block
# still arrives and is verified, and no request waits for a signal that
# never comes: none times out (iotmo_cnt), which a stranded request would
# after 30 s before error handling's reset freed it. The second job
# submits 16 at a time: one blk-mq batch, whose own requests must not
# count as "in flight" for its doorbell.
p=/sys/module/hvg2_scsi/parameters/coalesce_depth
depth0=$(cat "$p")
o0=$(scsi_stat c0 doorbells_deferred)
tmo0=$(cat "/sys/block/$disk/device/iotmo_cnt")
echo 1 >"$p"
scsi_fio --name=owe --filename="/dev/$disk" --direct=1 --ioengine=libaio \
	--iodepth=32 --rw=randrw --bs=4k --size=8M --verify=crc32c \
	--verify_fatal=1 --do_verify=1 || fail "fio with deferred doorbells"
scsi_fio --name=owe-batch --filename="/dev/$disk" --direct=1 \
	--ioengine=libaio --iodepth=32 --iodepth_batch_submit=16 \
	--iodepth_batch_complete_min=1 --rw=randwrite --bs=4k --size=4M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 ||
	fail "fio with deferred doorbells, 16 per submission"
echo "$depth0" >"$p"
tmo=$(cat "/sys/block/$disk/device/iotmo_cnt")
[ "$tmo" = "$tmo0" ] ||
	fail "requests timed out with deferred doorbells (iotmo_cnt $tmo0 -> $tmo)"
o=$(($(scsi_stat c0 doorbells_deferred) - o0))
log "coalesce_depth 1: $o doorbells deferred, $(scsi_stat c0 doorbells_paid) paid by a reap in all"
[ "$o" -gt 0 ] || fail "no doorbell deferred at depth 32 with coalesce_depth 1"
for c in forged_ids stale_ids bad_lengths bad_packets failed; do
	[ "$(scsi_stat c0 $c)" = 0 ] || fail "$c is $(scsi_stat c0 $c)"
done

# the host's limits and versions, on a fresh offer
stor_ctrl_enable c0 0
wait_for scsi_no_disk c0 0 || fail "disk still there after rescind"
d=$(stor_dev c0)
echo 65536 >"$d/max_transfer"
echo 0x0600 >"$d/max_version"
stor_ctrl_enable c0 1
disk=$(scsi_wait_disk c0 0)
[ "$(scsi_stat c0 vstor_version)" = 6.0 ] ||
	fail "negotiated $(scsi_stat c0 vstor_version) with a 6.0 host"
[ "$(cat "/sys/block/$disk/queue/max_hw_sectors_kb")" = 64 ] ||
	fail "max_hw_sectors_kb $(cat "/sys/block/$disk/queue/max_hw_sectors_kb") with a 64 KiB host"
scsi_fio --name=small --filename="/dev/$disk" --direct=1 --ioengine=libaio \
	--iodepth=4 --rw=write --bs=256k --size=4M --verify=crc32c \
	--verify_fatal=1 --do_verify=1 || fail "fio across the 64 KiB limit"
echo 0x0501 >"$d/max_version"
stor_ctrl_enable c0 0
wait_for scsi_no_disk c0 0 || fail "disk still there after rescind"
stor_ctrl_enable c0 1
scsi_wait_disk c0 0 >/dev/null
[ "$(scsi_stat c0 vstor_version)" = 5.1 ] ||
	fail "negotiated $(scsi_stat c0 vstor_version) with a 5.1 host"

run modprobe -r hvg2_scsi
log "ok"
