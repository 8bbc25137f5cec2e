#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /sbin/init of the root file system on the hvg2_scsi disk (busybox only),
# started by switch_root from tests/host/scsi-boot.d/init.sh:
#
#   check: / is /dev/sdX, its SCSI host is hvg2_scsi's (proc_name) and the
#          VMBus device under it is bound to hvg2_scsi
#   write /scsi-boot.txt (the token from hvg2_scsi_boot= on the command
#         line), sync, drop the page cache, read it back, remount read-only
#   kmemleak scan, dmesg, verdict on ttyS1, power off
#
# The host then reads /scsi-boot.txt out of the image with debugfs: the
# write went through hvg2_scsi and LIO to the backing disk.
export PATH=/bin

exec 3>/dev/ttyS1
say() { echo "$*" >&3; }
verdict=PASS
fail() {
	echo "scsi-boot: FAIL: $*"
	verdict=FAIL
}

# the device mounted on /: the last "/" entry is the one on top
src=$(awk '$2 == "/" { d = $1; t = $3 } END { print d, t }' /proc/mounts)
echo "scsi-boot: / is $src"
# shellcheck disable=SC2086 # split into device and type
set -- $src
case "$1 $2" in
/dev/sd*" ext4") ;;
*) fail "/ is not an ext4 sd disk: $src" ;;
esac
disk=${1#/dev/}

# /sys/block/sdX/device is hostN/targetN:C:T/N:C:T:L; hostN's parent is
# the VMBus device of the controller.
lun=$(readlink -f "/sys/block/$disk/device")
host=${lun%/target*}
proc=$(cat "/sys/class/scsi_host/${host##*/}/proc_name" 2>/dev/null)
drv=$(readlink -f "${host%/*}/driver")
echo "scsi-boot: ${host##*/} proc_name=$proc, ${host%/*} driver=${drv##*/}"
[ "$proc" = hvg2_scsi ] || fail "the SCSI host of / is '$proc', not hvg2_scsi"
[ "${drv##*/}" = hvg2_scsi ] || fail "the controller is bound to '${drv##*/}'"

token=$(sed -n 's/.*hvg2_scsi_boot=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -n "$token" ] || fail "no hvg2_scsi_boot= token on the command line"
echo "$token" >/scsi-boot.txt || fail "write /scsi-boot.txt"
sync
echo 3 >/proc/sys/vm/drop_caches
[ "$(cat /scsi-boot.txt)" = "$token" ] || fail "read back /scsi-boot.txt"
mount -o remount,ro / || fail "remount / read-only"
sync

# hvg2_scsi holds the root and stays loaded; still, nothing may leak.
kmemleak=/sys/kernel/debug/kmemleak
if [ -e $kmemleak ]; then
	echo scan >$kmemleak
	sleep 6
	echo scan >$kmemleak
	leaks=$(cat $kmemleak)
	if [ -n "$leaks" ]; then
		say "HVG2 KMEMLEAK FAIL"
		echo "$leaks" | sed 's/^/HVG2 KMEMLEAK /' >&3
	else
		say "HVG2 KMEMLEAK PASS"
	fi
fi

say "HVG2 TEST $verdict scsi-boot $(cut -d. -f1 /proc/uptime)s"
say "HVG2 DMESG-BEGIN"
dmesg >&3
say "HVG2 DMESG-END"
say "HVG2 DONE"
poweroff -f
