#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test guest. Runs as PID 1 from the initramfs:
#
#   mount the pseudo file systems
#   for every selected *_kunit.ko: load it, copy its KTAP results out, unload
#   for every selected tests/integration/*.sh: run it, report pass or fail
#   kmemleak scan
#   power off
#
# The verdict goes to the second serial port (/dev/ttyS1), a channel of its
# own that kernel messages never reach; the console (ttyS0) carries the
# kernel log and the tests' output for people to read. The host decides:
# no "HVG2 DONE" line on the verdict channel means the guest died.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm /run /tmp
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug
# configfs is a module on distribution kernels.
modprobe -q configfs 2>/dev/null
mount -t configfs configfs /sys/kernel/config 2>/dev/null
ln -sf /proc/self/fd /dev/fd
hostname hvg2-guest
ip link set lo up

exec 3>/dev/ttyS1
say() { echo "$*" >&3; }

. /hvg2/config
only=${HVG2_ONLY:-*}
mode=${HVG2_MODE:-test}
say "HVG2 BOOT $(uname -r) mode=$mode only=$only"

# What the kernel did while booting is not ours to leak-check: find what
# boot left unreferenced (nothing is scanned automatically) and mark it
# seen. "clear" alone only forgets reports of earlier scans.
kmemleak=/sys/kernel/debug/kmemleak
if [ -e $kmemleak ]; then
	echo scan >$kmemleak
	echo clear >$kmemleak
	echo "hvg2: kmemleak boot scan done" >/dev/kmsg
fi

if [ "$mode" = demo ]; then
	bash /hvg2/demo.sh
	say "HVG2 DONE"
	busybox poweroff -f
fi

# ---- KUnit: one module per area; results from debugfs, in KTAP ----
for ko in /lib/modules/"$(uname -r)"/extra/*_kunit.ko; do
	[ -e "$ko" ] || continue
	# (no basename: under TCG every fork costs a third of a second)
	mod=${ko##*/}
	mod=${mod%.ko}
	# shellcheck disable=SC2053
	[[ $mod == $only ]] || continue
	before=$(cd /sys/kernel/debug/kunit 2>/dev/null && echo *)
	echo "hvg2: loading $mod" >/dev/kmsg
	if ! modprobe "$mod"; then
		say "HVG2 MODFAIL $mod"
		continue
	fi
	suites=0
	for s in $(cd /sys/kernel/debug/kunit && echo *); do
		case " $before " in *" $s "*) continue ;; esac
		say "HVG2 KTAP-BEGIN $mod $s"
		cat "/sys/kernel/debug/kunit/$s/results" >&3
		say "HVG2 KTAP-END $mod $s"
		suites=$((suites + 1))
	done
	# A KUnit module that ran no suite (KUnit disabled, a suite that did
	# not register) must not pass by saying nothing.
	[ "$suites" -gt 0 ] || say "HVG2 NOSUITE $mod"
	modprobe -r "$mod" || say "HVG2 RMMODFAIL $mod"
done

# ---- integration scripts ----
for t in /hvg2/tests/*.sh; do
	[ -e "$t" ] || continue
	name=${t##*/}
	name=${name%.sh}
	# shellcheck disable=SC2053
	[[ $name == $only ]] || continue
	echo "hvg2: running $name" >/dev/kmsg
	echo "==== $name"
	start=$EPOCHSECONDS
	# exit 0 passes, 77 (automake's convention) skips, anything else fails
	rc=0
	(cd /tmp && bash "$t") || rc=$?
	case $rc in
	0) verdict=PASS ;;
	77) verdict=SKIP ;;
	*) verdict=FAIL ;;
	esac
	say "HVG2 TEST $verdict $name $((EPOCHSECONDS - start))s"
done

# ---- leaks: two scans, objects must be old enough to be reported ----
# An object is reported by the second scan that finds it unreferenced and
# unchanged, and only once it is 5 s old (kmemleak's minimum age): the
# second scan starts over 6 s after the first one did, however fast it ran.
if [ -e $kmemleak ]; then
	echo "hvg2: kmemleak scans" >/dev/kmsg
	SECONDS=0
	echo scan >$kmemleak
	[ "$SECONDS" -ge 7 ] || sleep $((7 - SECONDS))
	echo scan >$kmemleak
	echo "hvg2: kmemleak scans done" >/dev/kmsg
	# (debugfs files have no size: read the report, do not test -s.)
	leaks=$(cat $kmemleak)
	if [ -n "$leaks" ]; then
		say "HVG2 KMEMLEAK FAIL"
		sed 's/^/HVG2 KMEMLEAK /' <<<"$leaks" >&3
	else
		say "HVG2 KMEMLEAK PASS"
	fi
fi

say "HVG2 DMESG-BEGIN"
dmesg >&3
say "HVG2 DMESG-END"
say "HVG2 DONE"
busybox poweroff -f
