# SPDX-License-Identifier: GPL-2.0
#
# The guest side of the scsi-*.sh scripts: hvg2_scsi's hosts and disks.
# Sourced after lib/sim.sh and lib/stor.sh, never run on its own:
#
#   scsi_host C          the SCSI host (hostN) of controller C, once probed
#   scsi_disk C LUN      the block device (sdX) of LUN LUN of controller C
#   scsi_wait_disk C LUN wait (up to ten seconds) for it, print it
#   scsi_no_disk C LUN   true when that LUN has no block device
#   scsi_stat C NAME     a counter of controller C's host (sysfs)
#   scsi_fio ARGS...     fio with the common arguments, quiet unless failing
#   scsi_fs_check DISK   mkfs.ext4 on /dev/DISK, a 2 MiB file written, fsck
#                        -fn, the file read back (mounted on /mnt/<script>)

# hostN under the controller's VMBus device
scsi_host() {
	local relid dev h
	relid=$(cat "$(stor_dev "$1")/relid")
	[ "$relid" -gt 0 ] || return 1
	dev=$(dev_of_relid "$relid") || return 1
	for h in "$dev"/host*; do
		[ -d "$h" ] && { basename "$h"; return 0; }
	done
	return 1
}

scsi_disk() {
	local h n b
	h=$(scsi_host "$1") || return 1
	n=${h#host}
	for b in /sys/class/scsi_device/"$n":0:0:"$2"/device/block/*; do
		[ -d "$b" ] && { basename "$b"; return 0; }
	done
	return 1
}

scsi_wait_disk() {
	wait_for scsi_disk "$1" "$2" >/dev/null || fail "no disk for $1 LUN $2"
	scsi_disk "$1" "$2"
}

scsi_no_disk() { ! scsi_disk "$1" "$2" >/dev/null; }

scsi_stat() {
	cat "/sys/class/scsi_host/$(scsi_host "$1")/$2"
}

scsi_fio() {
	local out
	echo "+ fio $*"
	out=$(fio "$@" 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -E 'IOPS=|err=' | head -n 4
}

scsi_fs_check() {
	local m=/mnt/$t data=/tmp/$t.data
	run mkfs.ext4 -q -F "/dev/$1"
	mkdir -p "$m"
	run mount "/dev/$1" "$m"
	dd if=/dev/urandom of="$data" bs=64k count=32 status=none
	cp "$data" "$m/data"
	run umount "$m"
	echo 3 >/proc/sys/vm/drop_caches
	run fsck.ext4 -fn "/dev/$1"
	run mount "/dev/$1" "$m"
	cmp "$data" "$m/data" || fail "file changed on disk"
	run umount "$m"
	rm -f "$data"
}
