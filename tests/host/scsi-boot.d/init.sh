#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Initramfs stage of the boot-from-SCSI guest (tests/host/scsi-boot.sh),
# run as PID 1 instead of the harness's /init (rdinit= on the command line):
#
#   /dev/vda (QEMU virtio-blk, the ext4 root image made on the host)
#     -> LIO iblock backstore -> LUN 0 of the simulated host's SCSI
#        controller 0 (hvg2_sim_stor)
#     -> VMBus -> hvg2_scsi -> /dev/sdX
#   mount /dev/sdX, switch_root to it, exec its /sbin/init
#   (tests/host/scsi-boot.d/root-init.sh), which gives the verdict.
#
# PID 1 must never exit: a failure here reports on the verdict channel
# (ttyS1) and powers off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /run
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug
mount -t configfs configfs /sys/kernel/config

exec 3>/dev/ttyS1
say() { echo "$*" >&3; }
say "HVG2 BOOT $(uname -r) mode=scsi-boot"

die() {
	echo "scsi-boot: FAIL: $*"
	say "HVG2 TEST FAIL scsi-boot (initramfs: $*)"
	say "HVG2 DMESG-BEGIN"
	dmesg >&3
	say "HVG2 DMESG-END"
	say "HVG2 DONE"
	busybox poweroff -f
}

# Boot's own allocations are not ours to leak-check (as the harness does):
# the root stage scans again at the end.
kmemleak=/sys/kernel/debug/kmemleak
if [ -e $kmemleak ]; then
	echo scan >$kmemleak
	echo clear >$kmemleak
fi

# The configfs recipe of the integration tests; their EXIT trap and
# exiting fail() are not for PID 1.
. /hvg2/tests/lib/sim.sh
. /hvg2/tests/lib/stor.sh
trap - EXIT
fail() { die "$*"; }

for m in hvg2_sim hvg2_scsi target_core_iblock; do
	run modprobe $m || die "modprobe $m"
done
stor_start || die "LIO and hvg2_sim_stor"
stor_ctrl_add 0 || die "controller 0"
stor_blk_add 0 0 /dev/vda || die "iblock backstore over /dev/vda"
stor_ctrl_enable 0 || die "offer controller 0"

# Probe and the SCSI scan run asynchronously (slowly under TCG).
disk=
for _ in $(seq 600); do
	disk=$(stor_disk 0 0) && break
	sleep 0.1
done
[ -b "/dev/${disk:-none}" ] || die "no sd disk for LUN 0"
log "LUN 0 is /dev/$disk"

mkdir -p /newroot
run mount -t ext4 "/dev/$disk" /newroot || die "mount /dev/$disk"
[ -x /newroot/sbin/init ] || die "no /sbin/init on /dev/$disk"
echo "scsi-boot: switch_root to /dev/$disk"
# util-linux switch_root moves /dev, /proc, /sys and /run (with configfs
# and debugfs under it) into the new root and frees the initramfs.
# shellcheck disable=SC2093 # the die is for an exec that failed
exec switch_root /newroot /sbin/init
die "switch_root"
