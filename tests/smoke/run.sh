#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stock-kernel smoke: Debian's own bookworm kernel, not our test kernel.
#
#   host: bookworm's linux-headers (MODVERSIONS on)  -> our modules
#         bookworm's linux-image (downloaded, not installed) -> vmlinuz,
#         and the in-kernel modules ours depend on
#   guest (QEMU): load every module of ours, unload it, no warning
#
# Users build us with DKMS against exactly these headers; this proves the
# result loads on the kernel they run, not only on our debug kernel.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"

hvg2_need_pkgs linux-headers-amd64
kdir=$(ls -d /usr/src/linux-headers-6.1.*-amd64 | sort -V | tail -n1)
kver=${kdir#/usr/src/linux-headers-}
img="$HVG2_CACHE/debian-$kver"
if [ ! -e "$img/.complete" ]; then
	hvg2_lock "debian-$kver"
	rm -rf "$img"
	mkdir -p "$img"
	(cd "$img" && apt-get download -q "linux-image-$kver-unsigned" >&2)
	dpkg-deb -x "$img"/linux-image-*.deb "$img"
	rm -f "$img"/linux-image-*.deb
	touch "$img/.complete"
fi

HVG2_KDIR=$kdir HVG2_KVER=$kver HVG2_KIMAGE="$img/boot/vmlinuz-$kver" \
HVG2_MODROOT=$img HVG2_MODSUBSET=1 HVG2_TESTS="$top/tests/smoke/guest" \
HVG2_ONLY='smoke-*' HVG2_QUIET=${HVG2_QUIET:-1} \
	exec "$top/tests/qemu/run.sh"
