# SPDX-License-Identifier: GPL-2.0
#
# Disks of the simulated host's SCSI controllers, made the way targetcli
# would make them, with nothing but configfs (the guest has no targetcli).
# Sourced after lib/sim.sh, never run on its own:
#
#   stor_start                    load LIO and hvg2_sim_stor (after sim_start)
#   stor_ctrl_add C               controller C: sim device scsi.C, its WWN and
#                                 TPG in LIO; not offered yet
#   stor_ctrl_enable C [0|1]      offer (hot add) or rescind the controller
#   stor_ram_add C LUN MIB        a ramdisk (rd_mcp) of MIB MiB as LUN LUN
#                                 (every *_add: backstore attributes from
#                                 stor_attrib="name=value ...", if set)
#   stor_file_add C LUN PATH MIB  a file (fileio), created sparse if missing
#   stor_blk_add C LUN DEV        a block device (iblock)
#   stor_lun_del C LUN            unlink LUN LUN and delete its backstore
#   stor_resize C LUN             tell the guest that LUN's capacity changed
#                                 (after growing its block device or file)
#   stor_disk C LUN               the guest's block device (sdX) for that LUN,
#                                 or fail (wrap in wait_for)
#   stor_guest C MIB [DRIVER]     all of it for a test with a guest driver
#                                 (default hvg2_scsi): skip (77) when a
#                                 module is missing, load, controller C
#                                 with a MIB MiB ramdisk as LUN 0, offered;
#                                 sets $d (its sim dir) and $disk (sdX)
#   stor_ctrl_del C               every LUN, the LIO WWN, the sim device
#   stor_cleanup                  every controller (and the guest driver
#                                 stor_guest loaded); call it from
#                                 sim_cleanup_extra, before hvg2_sim goes
#
# What each step writes (the raw configfs recipe) is in Documentation/sim.rst.

stor_tgt=/sys/kernel/config/target
stor_fab=$stor_tgt/hvg2_stor

stor_start() {
	run modprobe target_core_mod
	run modprobe hvg2_sim_stor
	mkdir -p "$stor_fab"
}

# the sim device and the LIO TPG of controller $1
stor_dev() { echo "$cfg/scsi.$1"; }
stor_tpg() { echo "$stor_fab/scsi.$1/tpgt_1"; }

stor_ctrl_add() {
	run mkdir "$(stor_dev "$1")"
	run mkdir -p "$(stor_tpg "$1")"
}

stor_ctrl_enable() {
	echo "${2:-1}" >"$(stor_dev "$1")/enable"
}

# stor_lun_link C LUN HBA: make backstore HBA/NAME (its control string in
# $stor_control), enable it, give it a unit serial number and the
# attributes in $stor_attrib ("name=value ..."), link it as LUN LUN of
# controller C. LIO lists its VPD pages (Block Limits, Logical Block
# Provisioning: how sd learns about UNMAP) only once the serial is set,
# and refuses the serial once the backstore is exported: targetcli's order.
stor_lun_link() {
	local c=$1 lun=$2 hba=$3 name="hvg2_$1_$2" bs a
	bs=$stor_tgt/core/$hba/$name
	run mkdir -p "$bs"
	echo "$stor_control" >"$bs/control"
	echo 1 >"$bs/enable"
	cat /proc/sys/kernel/random/uuid >"$bs/wwn/vpd_unit_serial"
	for a in ${stor_attrib:-}; do
		echo "${a#*=}" >"$bs/attrib/${a%%=*}"
	done
	run mkdir "$(stor_tpg "$c")/lun/lun_$lun"
	run ln -s "$bs" "$(stor_tpg "$c")/lun/lun_$lun/$name"
}

stor_ram_add() {
	stor_control="rd_pages=$(($3 * 256))"
	stor_lun_link "$1" "$2" rd_mcp_0
}

stor_file_add() {
	[ -e "$3" ] || truncate -s "$4M" "$3"
	stor_control="fd_dev_name=$3,fd_dev_size=$(($4 * 1024 * 1024))"
	stor_lun_link "$1" "$2" fileio_0
}

stor_blk_add() {
	stor_control="udev_path=$3"
	stor_lun_link "$1" "$2" iblock_0
}

stor_lun_del() {
	local l bs
	l=$(stor_tpg "$1")/lun/lun_$2
	[ -d "$l" ] || return 0
	for bs in "$l"/*; do
		[ -L "$bs" ] || continue
		local target
		target=$(readlink -f "$bs")
		run rm "$bs"
		run rmdir "$l"
		run rmdir "$target"
		return 0
	done
	run rmdir "$l"
}

stor_disk() {
	local relid dev b
	relid=$(cat "$(stor_dev "$1")/relid")
	[ "$relid" -gt 0 ] || return 1
	dev=$(dev_of_relid "$relid") || return 1
	for b in "$dev"/host*/target*/*:0:0:"$2"/block/*; do
		[ -e "$b" ] && { echo "${b##*/}"; return 0; }
	done
	return 1
}

stor_resize() {
	echo "$2" >"$(stor_dev "$1")/capacity_changed"
}

stor_ctrl_del() {
	local l
	# rescind first: the guest lets go of the disks before they vanish
	rmdir "$(stor_dev "$1")" 2>/dev/null || true
	for l in "$(stor_tpg "$1")"/lun/lun_*; do
		[ -d "$l" ] && stor_lun_del "$1" "${l##*lun_}"
	done
	rmdir "$(stor_tpg "$1")" 2>/dev/null || true
	rmdir "$stor_fab/scsi.$1" 2>/dev/null || true
}

stor_guest() {
	local drv=${3:-hvg2_scsi}
	modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
	modinfo "$drv" >/dev/null 2>&1 || { log "no $drv"; exit 77; }
	stor_guest_drv=$drv
	sim_start "$drv"
	stor_start
	stor_ctrl_add "$1"
	stor_ram_add "$1" 0 "$2"
	stor_ctrl_enable "$1"
	d=$(stor_dev "$1")
	wait_for stor_disk "$1" 0 >/dev/null || fail "no disk for LUN 0"
	disk=$(stor_disk "$1" 0)
	log "LUN 0 of $1 is /dev/$disk, protocol $(cat "$d/protocol")"
}

stor_cleanup() {
	local w
	# rescind first, so that the guest driver lets go and can unload
	for w in "$cfg"/scsi.*; do
		[ -e "$w/enable" ] && echo 0 >"$w/enable" 2>/dev/null
	done
	[ -n "${stor_guest_drv:-}" ] && modprobe -r "$stor_guest_drv" 2>/dev/null
	for w in "$stor_fab"/scsi.*; do
		[ -d "$w" ] && stor_ctrl_del "${w##*/scsi.}"
	done
	# the HBAs we used, if empty now
	rmdir "$stor_tgt"/core/rd_mcp_0 "$stor_tgt"/core/fileio_0 \
		"$stor_tgt"/core/iblock_0 2>/dev/null || true
	rmdir "$stor_fab" 2>/dev/null || true
	modprobe -r hvg2_sim_stor 2>/dev/null || true
}
