#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test guest and run the tests in it.
#
#   host                                   guest (QEMU, TCG unless KVM works)
#   ----                                   -----------------------------------
#   test kernel (scripts/test-kernel.sh)   bzImage, panic_on_warn=1
#   rootfs.cpio (scripts/rootfs.sh)    +   Debian userland with the test tools
#   overlay.cpio (made here)               /init, our modules, KUnit modules,
#                                          tests/integration/*.sh
#     both unpacked into root.img      ->  the root file system, virtio-blk
#     (ext4, made here), or joined as      /dev/vda (or, with HVG2_ROOT=cpio,
#     the initramfs                        the initramfs)
#   console.log   <-- ttyS0 --             kernel log, test output
#   verdict.log   <-- ttyS1 --             KTAP, test verdicts, kmemleak, DONE
#   pmem0.img     <-- nvdimm --            one 256 MiB vPMEM range (NFIT)
#
# Environment:
#   HVG2_ONLY=GLOB       run only KUnit modules / integration scripts matching
#   HVG2_MODE=test|demo  demo runs tests/qemu/demo.sh in the guest instead
#   HVG2_OUT=DIR         where the logs go (default: a new dir under /tmp)
#   HVG2_PMEM_IMG=FILE   vPMEM backing file to reuse (default: a fresh one)
#   HVG2_TIMEOUT=SEC     hard limit for the whole guest run (default 3600)
#   HVG2_KDIR=DIR        kernel build tree (default: the cached test kernel)
#   HVG2_SELFTEST=1      also build and install the harness self-test fixtures
#   HVG2_APPEND=ARGS     extra kernel command line
#   HVG2_KIMAGE=FILE     kernel image (default: KDIR's bzImage)
#   HVG2_KVER=RELEASE    its release (default: KDIR's kernel.release)
#   HVG2_MODROOT=DIR     root holding lib/modules/RELEASE (default: the
#                        test kernel's modroot)
#   HVG2_MODSUBSET=1     copy only the modules ours depend on (big kernels)
#   HVG2_TESTS=DIR       the guest scripts (default: tests/integration)
#   HVG2_QUIET=1         do not copy the console to stdout
#   HVG2_QEMU_ARGS=ARGS  extra QEMU arguments (e.g. -acpitable file=X.aml)
#   HVG2_ROOT=disk|cpio  where the guest's root file system lives: an ext4
#                        image on a virtio disk (the default when the kernel
#                        has virtio-blk and ext4 built in), or the initramfs
#                        (always, for a kernel without them). Under TCG the
#                        kernel needs about 40 s to unpack the 240 MB
#                        initramfs; the disk is read only as far as used.
#
# Prints one line per test and "N passed, N failed, N skipped"; exit status
# 0 only when nothing failed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"

mode=${HVG2_MODE:-test}
out=${HVG2_OUT:-$(mktemp -d /tmp/hvg2-run.XXXXXX)}
mkdir -p "$out"
kdir=${HVG2_KDIR:-$("$top/scripts/test-kernel.sh")}
rootfs=$("$top/scripts/rootfs.sh")
kver=${HVG2_KVER:-$(cat "$kdir/include/config/kernel.release")}
kimage=${HVG2_KIMAGE:-$kdir/arch/x86/boot/bzImage}
modroot=${HVG2_MODROOT:-$(dirname "$kdir")/modroot}
tests=${HVG2_TESTS:-$top/tests/integration}

# ---- our modules, built in a private copy so concurrent builds of the
# checkout against other kernels do not collide. A build takes about a
# minute here and make check boots several guests from one tree: the .ko
# files are kept in the cache, keyed by everything the build reads. ----
build="$out/src"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.cmd' \
	--exclude='.git' --exclude='compat/generated' "$top/" "$build/"
cfg=$(make -s -C "$top" --no-print-directory print-configs)
[ "${HVG2_SELFTEST:-0}" = 1 ] && cfg="$cfg CONFIG_HVG2_SELFTEST=m"
key=$( {
	echo "$kdir $kver $cfg"
	sha256sum "$kdir/Module.symvers" "$kdir/.config" 2>/dev/null
	cd "$build" && find Kbuild Kconfig Makefile compat drivers include kunit \
		scripts tests/selftest -type f 2>/dev/null | LC_ALL=C sort |
		xargs sha256sum
} | sha256sum | cut -c1-16)
kos="$HVG2_CACHE/modbuild/$key"
if [ -d "$kos" ]; then
	hvg2_log "our modules for $kver: cached ($kos)"
	touch "$kos"
	build=$kos
else
	hvg2_log "building our modules against $kver"
	# shellcheck disable=SC2086
	make -s -C "$kdir" M="$build" $cfg W=1 -j"$(nproc)" modules \
		>"$out/build.log" 2>&1 || {
		cat "$out/build.log"
		echo "not ok - build modules for the test kernel"
		echo "0 passed, 1 failed, 0 skipped"
		exit 1
	}
	mkdir -p "$HVG2_CACHE/modbuild"
	tmp=$(mktemp -d "$HVG2_CACHE/modbuild/.new.XXXXXX")
	(cd "$build" && find . -name '*.ko' -print0 |
		xargs -0 cp --parents -t "$tmp")
	chmod 755 "$tmp"
	mv -T "$tmp" "$kos" 2>/dev/null || rm -rf "$tmp"
	build=$kos
	# the eight newest builds stay (names are hex keys)
	# shellcheck disable=SC2012
	ls -dt "$HVG2_CACHE"/modbuild/*/ | tail -n +9 | xargs -r rm -rf
fi
rm -rf "$out/src"

# ---- the overlay archive ----
ovl="$out/overlay"
rm -rf "$ovl"
# The rootfs is merged-/usr: /lib is a symlink the overlay must not
# replace with a directory (the kernel's unpacker would), so modules go to
# usr/lib/modules through the same symlink.
mkdir -p "$ovl/hvg2/tests" "$ovl/usr/lib/modules"
ln -s usr/lib "$ovl/lib"
# hvg2_hvapi exports hv_vmbus's symbol names: inside the module tree,
# depmod would resolve hv_storvsc's and hv_netvsc's imports to it. It goes
# to /hvg2/modules instead, where tests/integration/lib/hvapi.sh insmods it.
# (Its KUnit suite imports nothing of it and stays with the others.)
shims=$(find "$build" -name 'hvg2_hvapi*.ko' ! -name '*_kunit.ko')
ours=$(find "$build" -name '*.ko' | grep -vxF -e "${shims:-/}")
if [ "${HVG2_MODSUBSET:-0}" = 1 ]; then
	# A distribution kernel ships hundreds of MiB of modules: resolve what
	# ours depend on in a hard-linked copy and take only those.
	full="$out/modfull"
	rm -rf "$full"
	mkdir -p "$full/lib/modules"
	cp -al "$modroot/lib/modules/$kver" "$full/lib/modules/"
	mkdir -p "$full/lib/modules/$kver/extra"
	cp $ours "$full/lib/modules/$kver/extra/"
	depmod -b "$full" "$kver"
	for ko in $ours; do
		modprobe -d "$full" -S "$kver" --show-depends "$(basename "$ko" .ko)"
	done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r f; do
		mkdir -p "$ovl$(dirname "${f#"$full"}")"
		cp "$f" "$ovl${f#"$full"}"
	done
	cp "$full/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} \
		"$ovl/lib/modules/$kver/" 2>/dev/null || true
	rm -rf "$full"
else
	cp -a "$modroot/lib/modules/$kver" "$ovl/lib/modules/"
fi
rm -f "$ovl/lib/modules/$kver/build" "$ovl/lib/modules/$kver/source"
mkdir -p "$ovl/lib/modules/$kver/extra"
cp $ours "$ovl/lib/modules/$kver/extra/"
depmod -b "$ovl" "$kver"
mkdir -p "$ovl/hvg2/modules"
[ -z "$shims" ] || cp $shims "$ovl/hvg2/modules/"
install -m 755 "$top/tests/qemu/init.sh" "$ovl/init"
cp "$tests"/*.sh "$ovl/hvg2/tests/" 2>/dev/null || true
# Helpers the scripts share: tests/integration/lib/*.sh, sourced from
# /hvg2/tests/lib in the guest (not run as tests: not in the top folder).
[ -d "$tests/lib" ] && cp -r "$tests/lib" "$ovl/hvg2/tests/"
if [ "${HVG2_SELFTEST:-0}" = 1 ]; then
	cp "$top"/tests/selftest/*.sh "$ovl/hvg2/tests/"
	rm -f "$ovl/hvg2/tests/run.sh"
fi
install -m 755 "$top/tests/qemu/demo-guest.sh" "$ovl/hvg2/demo.sh"
cp -r "$top/tests/qemu/demo.d" "$ovl/hvg2/"
printf 'HVG2_ONLY=%q\nHVG2_MODE=%q\n' "${HVG2_ONLY:-*}" "$mode" >"$ovl/hvg2/config"

# ---- the root file system: an ext4 disk, or the initramfs ----
root=${HVG2_ROOT:-disk}
for opt in CONFIG_VIRTIO_BLK CONFIG_EXT4_FS; do
	grep -q "^$opt=y" "$kdir/.config" 2>/dev/null || root=cpio
done
boot=()
if [ "$root" = disk ]; then
	tree="$out/root"
	rm -rf "$tree"
	mkdir -p "$tree"
	(cd "$tree" && cpio -id --quiet) <"$rootfs"
	# /lib is the rootfs's own symlink already
	(cd "$ovl" && find . -mindepth 1 -maxdepth 1 ! -name lib -print0 |
		xargs -0 cp -a -t "$tree")
	mb=$(du -sm "$tree" | cut -f1)
	# room for what the tests write outside their tmpfs
	truncate -s $(( (mb + 512) << 20 )) "$out/root.img"
	mke2fs -q -F -t ext4 -E root_owner=0:0 -L hvg2-guest -d "$tree" \
		"$out/root.img"
	rm -rf "$tree"
	boot=(-drive "if=none,id=root,format=raw,file=$out/root.img"
	      -device "virtio-blk-pci,drive=root")
	rootargs="root=/dev/vda rw rootfstype=ext4 init=/init"
else
	(cd "$ovl" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) >"$out/overlay.cpio"
	cat "$rootfs" "$out/overlay.cpio" >"$out/initrd.cpio"
	boot=(-initrd "$out/initrd.cpio")
	rootargs="rdinit=/init"
fi
rm -rf "$ovl"

# ---- vPMEM backing file ----
pmem=${HVG2_PMEM_IMG:-$out/pmem0.img}
[ -e "$pmem" ] || truncate -s 256M "$pmem"

# ---- accelerator: KVM when it really works, else TCG ----
# (/dev/kvm can exist and still fail at the first vCPU reset: the probe
# runs the firmware for a few seconds, and only a run cut by the timeout
# proves KVM works.)
accel=tcg
if [ -w /dev/kvm ]; then
	krc=$(bash -c 'timeout 4 qemu-system-x86_64 -accel kvm -cpu max \
		-machine q35 -nodefaults -display none -no-reboot \
		</dev/null >/dev/null 2>&1; echo $?' 2>/dev/null)
	[ "$krc" = 124 ] && accel=kvm
fi

append="console=ttyS0 $rootargs panic_on_warn=1 panic=-1 oops=panic"
# kunit.enable=1: allnoconfig leaves KUNIT_DEFAULT_ENABLED off, and a
# KUnit module would then load without running a single case.
append="$append loglevel=5 kasan.fault=panic nokaslr kunit.enable=1"
append="$append ${HVG2_APPEND:-}"
console="$out/console.log"
verdict="$out/verdict.log"
: >"$verdict"
hvg2_log "booting $kver ($accel), logs in $out"
start=$(date +%s)
set +e
timeout --foreground -k 10 "${HVG2_TIMEOUT:-3600}" \
	qemu-system-x86_64 -accel "$accel" -cpu max -smp 2 \
	-machine q35,nvdimm=on -m 2G,slots=2,maxmem=4G \
	-object memory-backend-file,id=pmem0,share=on,mem-path="$pmem",size=256M \
	-device nvdimm,id=nvdimm0,memdev=pmem0 \
	-kernel "$kimage" "${boot[@]}" \
	-append "$append" -nodefaults -display none -no-reboot \
	-chardev file,id=con,path="$console" -serial chardev:con \
	-chardev file,id=verdict,path="$verdict" -serial chardev:verdict \
	${HVG2_QEMU_ARGS:-} </dev/null &
qpid=$!
if [ "${HVG2_QUIET:-0}" != 1 ]; then
	tail -s 0.3 -F --pid=$qpid "$console" 2>/dev/null &
fi
wait $qpid
qrc=$?
set -e
sleep 0.5
echo "$(( $(date +%s) - start ))" >"$out/seconds"
[ "$qrc" = 124 ] && hvg2_log "the guest hit the ${HVG2_TIMEOUT:-3600} s limit"
hvg2_log "guest ran $(cat "$out/seconds") s"
exec python3 "$top/tests/qemu/verdict.py" "$verdict" "$console"
