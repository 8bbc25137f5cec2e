#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) and print the path of the guest's userland: a Debian
# bookworm tree made by mmdebstrap with the real tools the tests drive,
# packed as an uncompressed cpio archive (TCG decompresses slowly; the
# kernel unpacks a plain cpio in a fraction of a second). The harness
# appends a second archive with the kernel modules, our tests and /init.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

GUEST_PKGS=(
	kmod mount e2fsprogs util-linux procps psmisc busybox
	fio iproute2 iperf3 ethtool iputils-ping netcat-openbsd
	ndctl daxctl sg3-utils lsscsi bpftool
)

key=$( { printf '%s\n' "${GUEST_PKGS[@]}"; cat "$0"; } | sha256sum | cut -c1-16)
out="$HVG2_CACHE/rootfs-$key.cpio"
if [ -e "$out" ]; then
	echo "$out"
	exit 0
fi

hvg2_need_pkgs mmdebstrap cpio
hvg2_lock rootfs
if [ -e "$out" ]; then
	echo "$out"
	exit 0
fi
tree="$HVG2_CACHE/rootfs-$key.tmp"
rm -rf "$tree"

inc=$(IFS=,; echo "${GUEST_PKGS[*]}")
hvg2_run mmdebstrap --variant=essential --mode=root --include="$inc" \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	bookworm "$tree" "deb $HVG2_MIRROR bookworm main" >&2
rm -rf "$tree/var/cache/apt" "$tree/var/lib/apt/lists"
(cd "$tree" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) >"$out.tmp"
rm -rf "$tree"
mv "$out.tmp" "$out"
# Older images (another package list) only take space.
find "$HVG2_CACHE" -maxdepth 1 -name 'rootfs-*.cpio' ! -path "$out" -delete
hvg2_log "guest rootfs: $(du -h "$out" | cut -f1)"
echo "$out"
