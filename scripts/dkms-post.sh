#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dkms-post.sh install|remove KERNELVER
#
# DKMS runs this after it installs or removes our modules for one kernel.
# It refreshes that kernel's initramfs so the stack that drives the root
# disk is the one modprobe will choose at boot (scripts/initramfs/).
#
# DKMS calls POST_INSTALL before its own depmod, and mkinitramfs resolves
# dependencies from modules.dep, so depmod first. An initramfs that does
# not exist yet is left alone: when a new kernel is installed, DKMS runs
# before the distribution's initramfs hook, which then builds it with our
# modules. A failure here never fails the DKMS operation: the modules are
# installed either way and the modprobe fallback keeps the in-tree stack.
set -u
action=$1
kver=$2

say() { echo "hvgen2: $*"; }

depmod -a "$kver" || say "depmod $kver failed"

if [ -n "${HVG2_NO_INITRAMFS:-}" ]; then
	say "HVG2_NO_INITRAMFS set: initramfs of $kver not refreshed"
	exit 0
fi

if command -v update-initramfs >/dev/null 2>&1; then
	if [ -e "/boot/initrd.img-$kver" ]; then
		say "$action: refreshing /boot/initrd.img-$kver"
		update-initramfs -u -k "$kver" ||
			say "update-initramfs -u -k $kver failed: run it by hand"
	fi
elif command -v dracut >/dev/null 2>&1; then
	for img in "/boot/initramfs-$kver.img" "/boot/initrd.img-$kver"; do
		[ -e "$img" ] || continue
		say "$action: refreshing $img"
		dracut -f "$img" "$kver" ||
			say "dracut -f $img $kver failed: run it by hand"
	done
fi
exit 0
