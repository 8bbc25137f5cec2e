#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the stock-kernel smoke: every module of ours loads on
# Debian's kernel and unloads again. Warnings are caught by the harness
# (panic_on_warn=1 and the kernel-log scan).
#
#   modprobe hvg2_a, hvg2_b, ...   (dependencies resolved by modprobe)
#   modprobe -r in dependency order
set -e
cd /lib/modules/"$(uname -r)"/extra
mods=()
for ko in hvg2_*.ko; do
	m=${ko%.ko}
	case $m in *_kunit | hvg2_selftest_*) continue ;; esac
	mods+=("$m")
done
[ "${#mods[@]}" -gt 0 ] || { echo "no modules of ours"; exit 1; }
for m in "${mods[@]}"; do
	echo "+ modprobe $m"
	modprobe "$m"
done
lsmod | grep hvg2_
# Unload in dependency order: each round removes the modules nobody uses.
for _ in "${mods[@]}"; do
	for m in "${mods[@]}"; do
		users=$(awk -v m="$m" '$1 == m { print $3 }' /proc/modules)
		[ "$users" = 0 ] || continue
		echo "+ modprobe -r $m"
		modprobe -r "$m"
	done
done
if lsmod | grep -q '^hvg2_'; then
	echo "still loaded:"; lsmod | grep '^hvg2_'
	exit 1
fi
