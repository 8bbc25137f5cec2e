#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make (once) and print the path of a Debian trixie chroot that holds:
#   - trixie's 6.12 kernel headers and linux-source-6.12 (the test kernel),
#   - the newest kernel headers Debian ships (trixie-backports),
#   - the compiler those headers were built with (gcc-14).
# Newer kernel headers need a newer compiler and libc than bookworm has, so
# builds against them run inside this chroot. The chroot is made with
# mmdebstrap from Debian's archive; the machine's own apt configuration is
# not touched: trixie and trixie-backports are apt sources of the chroot only.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

key=$(hvg2_hash "$0")
root="$HVG2_CACHE/trixie-$key"
if [ -e "$root/.complete" ]; then
	echo "$root"
	exit 0
fi

hvg2_need_pkgs mmdebstrap
hvg2_lock trixie
if [ -e "$root/.complete" ]; then
	echo "$root"
	exit 0
fi
rm -rf "$root" "$root.tmp"
mkdir -p "$HVG2_CACHE"

# The backports headers are named by version (linux-headers-7.x-amd64);
# install the concrete package the backports meta-package points at, so the
# 6.12 and the newest headers sit side by side.
hook='set -e
chroot "$1" apt-get install -y -q --no-install-recommends \
	linux-headers-amd64 linux-source-6.12
bp=$(chroot "$1" apt-cache -t trixie-backports depends linux-headers-amd64 |
	sed -n "s/.*Depends: \(linux-headers-[0-9].*-amd64\)$/\1/p" | head -n1)
[ -n "$bp" ] || { echo "no trixie-backports headers found" >&2; exit 1; }
chroot "$1" apt-get install -y -q --no-install-recommends -t trixie-backports "$bp"
chroot "$1" apt-get clean'

hvg2_run mmdebstrap --variant=apt --mode=root \
	--include=build-essential,bc,bison,flex,kmod,libelf-dev,libssl-dev,sparse,cpio,xz-utils,ca-certificates \
	--customize-hook="$hook" \
	trixie "$root.tmp" \
	"deb $HVG2_MIRROR trixie main" \
	"deb $HVG2_MIRROR trixie-backports main" >&2
touch "$root.tmp/.complete"
mv "$root.tmp" "$root"
echo "$root"
