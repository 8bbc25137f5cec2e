# SPDX-License-Identifier: GPL-2.0
# Demo: a synthetic SCSI disk. The simulated host's storage service
# (hvg2_sim_stor) serves a 64 MiB LIO ramdisk as LUN 0 of controller d0;
# hvg2_scsi drives it. A filesystem is made, mounted, written and checked.
show() { echo "\$ $*"; "$@"; }
SIM_DEVS=""
. /hvg2/tests/lib/sim.sh
. /hvg2/tests/lib/stor.sh
sim_cleanup_extra() {
	umount /mnt/demo 2>/dev/null || true
	stor_cleanup
}
stor_guest d0 64
show lsscsi
show cat "/sys/block/$disk/device/vendor" "/sys/block/$disk/device/model"
show mkfs.ext4 -q "/dev/$disk"
mkdir -p /mnt/demo
show mount "/dev/$disk" /mnt/demo
dd if=/dev/urandom of=/mnt/demo/data bs=1M count=8 status=none
sum=$(sha256sum </mnt/demo/data)
show umount /mnt/demo
show fsck.ext4 -fn "/dev/$disk"
show mount "/dev/$disk" /mnt/demo
[ "$(sha256sum </mnt/demo/data)" = "$sum" ] && echo "8 MiB file read back: sha256 equal"
show df -h /mnt/demo
h=$(ls -d /sys/class/scsi_host/host*/requests | head -n1)
h=${h%/requests}
for c in requests signals interrupts; do
	[ -e "$h/$c" ] && printf '%-10s %s\n' "$c" "$(cat "$h/$c")"
done
