#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the stock-kernel smoke: every module of ours loads on
# Debian's kernel and unloads again. Warnings are caught by the harness
# (panic_on_warn=1 and the kernel-log scan).
#
#   modprobe hvg2_a, hvg2_b, ...   (dependencies resolved by modprobe)
#   modprobe -r in reverse order
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
for ((i = ${#mods[@]} - 1; i >= 0; i--)); do
	echo "+ modprobe -r ${mods[i]}"
	modprobe -r "${mods[i]}"
done
if lsmod | grep -q '^hvg2_'; then
	echo "still loaded:"; lsmod | grep '^hvg2_'
	exit 1
fi
