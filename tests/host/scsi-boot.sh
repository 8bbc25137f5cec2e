#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot from hvg2_scsi: the guest's root file system on a disk of the
# simulated host's SCSI controller, reached from the initramfs.
#
#   host                               guest
#   root.img: mkfs.ext4 -d of       -> virtio-blk /dev/vda
#     busybox + /sbin/init             initramfs: scsi-boot.d/init.sh (rdinit=)
#     (scsi-boot.d/root-init.sh)         LIO iblock over /dev/vda, LUN 0 of
#                                        hvg2_sim_stor controller 0
#                                        -> hvg2_scsi -> /dev/sdX
#                                        mount, switch_root
#                                      /sbin/init on /dev/sdX:
#                                        / is hvg2_scsi's disk, write the
#                                        token, sync, verdict on ttyS1
#   debugfs: the token in root.img  <-
#
# A boot of its own with the harness's hooks: HVG2_TESTS (the two guest
# scripts and tests/integration/lib), HVG2_APPEND (a later rdinit= wins,
# and the token), HVG2_QEMU_ARGS (the virtio disk), HVG2_ROOT=cpio (the
# initramfs holds the tools; /dev/vda is the disk). HVG2_TIMEOUT (default
# 900 s) is passed on; HVG2_OUT=DIR keeps the image and logs.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"
hvg2_need_pkgs busybox-static e2fsprogs

# HVG2_OUT=DIR keeps the image and the guest's logs there.
if [ -n "${HVG2_OUT:-}" ]; then
	work=$HVG2_OUT
	rm -rf "$work/tree" "$work/tests" "$work/run"
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/hvg2-scsi-boot.XXXXXX)
	trap 'rm -rf "$work"' EXIT
fi
here=$top/tests/host/scsi-boot.d

# ---- the root file system: busybox and /sbin/init, nothing else ----
tree=$work/tree
mkdir -p "$tree"/{bin,sbin,dev,proc,sys,run,tmp}
cp "$(command -v busybox)" "$tree/bin/busybox"
for a in $(busybox --list); do
	[ -e "$tree/bin/$a" ] || ln -s busybox "$tree/bin/$a"
done
install -m 755 "$here/root-init.sh" "$tree/sbin/init"
img=$work/root.img
truncate -s 64M "$img"
mkfs.ext4 -q -F -E root_owner=0:0 -L hvg2-root -d "$tree" "$img"

# ---- the guest ----
mkdir -p "$work/tests"
install -m 755 "$here/init.sh" "$work/tests/scsi-boot-init.sh"
cp -r "$top/tests/integration/lib" "$work/tests/"
token=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
start=$(date +%s)
out=$(HVG2_ONLY=scsi-boot HVG2_QUIET=1 HVG2_OUT="$work/run" HVG2_ROOT=cpio \
	HVG2_TESTS="$work/tests" HVG2_TIMEOUT="${HVG2_TIMEOUT:-900}" \
	HVG2_APPEND="rdinit=/hvg2/tests/scsi-boot-init.sh hvg2_scsi_boot=$token" \
	HVG2_QEMU_ARGS="-drive if=none,id=root,format=raw,file=$img -device virtio-blk-pci,drive=root" \
	"$top/tests/qemu/run.sh" 2>&1) || true
secs=$(( $(date +%s) - start ))
echo "$out" | grep -E '^(not )?ok - ' || true
grep -h '^scsi-boot' "$work/run/console.log" || true

# ---- the host's view of the disk ----
fail=
echo "$out" | grep -q '^ok - integration scsi-boot (' || fail="guest verdict"
echo "$out" | grep -q '^[0-9]* passed, 0 failed, 0 skipped' || fail="guest run"
got=$(debugfs -R 'cat /scsi-boot.txt' "$img" 2>/dev/null || true)
if [ "$got" = "$token" ]; then
	echo "ok - scsi-boot: the guest's write is in the backing image"
else
	echo "not ok - scsi-boot: /scsi-boot.txt in the image is '$got', not '$token'"
	fail="${fail:+$fail, }backing image"
fi
if e2fsck -fn "$img" >"$work/fsck.log" 2>&1; then
	echo "ok - scsi-boot: e2fsck of the image after the guest"
else
	cat "$work/fsck.log"
	echo "not ok - scsi-boot: e2fsck of the image after the guest"
	fail="${fail:+$fail, }e2fsck"
fi
hvg2_log "boot from hvg2_scsi: $secs s (guest $(cat "$work/run/seconds" 2>/dev/null || echo ?) s)"
if [ -z "$fail" ]; then
	echo "1 passed, 0 failed"
else
	echo "$out" | tail -n 20
	echo "0 passed, 1 failed ($fail)"
	exit 1
fi
