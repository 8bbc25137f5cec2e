#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the stock-kernel smoke: every module of ours loads on
# Debian's kernel and unloads again. Warnings are caught by the harness
# (panic_on_warn=1 and the kernel-log scan).
#
#   modprobe hvg2_a, hvg2_b, ...   (dependencies resolved by modprobe;
#                                   hvg2_hv must refuse with ENODEV: this
#                                   is not Hyper-V)
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
# The real Hyper-V link must refuse, cleanly, to load anywhere else.
hyperv_only=" hvg2_hv "
loaded=()
for m in "${mods[@]}"; do
	echo "+ modprobe $m"
	if [[ $hyperv_only == *" $m "* ]]; then
		if out=$(modprobe "$m" 2>&1); then
			echo "$m loaded outside Hyper-V"
			exit 1
		fi
		echo "$out"
		grep -q 'No such device' <<<"$out"
		continue
	fi
	modprobe "$m"
	loaded+=("$m")
done
mods=("${loaded[@]}")
lsmod | grep hvg2_
# Devices bound to our drivers pin their modules (libnvdimm holds the bus
# provider while regions are up): unbind them first, as an admin would.
for drv in /sys/bus/*/drivers/hvg2_*; do
	[ -d "$drv" ] || continue
	for dev in "$drv"/*; do
		[ -L "$dev" ] || continue
		name=$(basename "$dev")
		[ "$name" = module ] && continue
		echo "+ unbind $name from $drv"
		echo "$name" >"$drv/unbind"
	done
done
# Unload in dependency order: each round removes the modules nobody uses.
for _ in "${mods[@]}"; do
	for m in "${mods[@]}"; do
		users=$(awk -v m="$m" '$1 == m { print $3 }' /proc/modules)
		[ "$users" = 0 ] || continue
		echo "+ rmmod $m"
		rmmod "$m"
	done
done
if lsmod | grep -q '^hvg2_'; then
	echo "still loaded:"; lsmod | grep '^hvg2_'
	exit 1
fi
