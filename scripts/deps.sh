#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every host package the build, the gates and the tests need, from
# Debian's archive. `make check` and `make demo` call this first, so a fresh
# machine needs nothing installed by hand. Packages for the guest are not
# listed here: scripts/rootfs.sh puts those into the guest image.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

HOST_PKGS=(
	# kernel and module builds
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils kmod
	rsync zstd
	# bookworm's own kernel: headers for `make`, the matrix and the smoke
	linux-headers-amd64
	# quality gates
	sparse
	# guest images (root disk: mke2fs -d) and the trixie chroot
	mmdebstrap e2fsprogs
	# the guest
	qemu-system-x86 qemu-utils
	# user-space ring builds: fuzzer and benchmark baselines
	clang libclang-rt-14-dev dpdk-dev pkg-config
	python3
	# install tests (tests/install): DKMS, initramfs, Secure Boot in QEMU
	dkms initramfs-tools openssl ovmf busybox-static python3-cryptography
	python3-importlib-resources
	# pmem: regenerate the Hyper-V _DSM test fixture (tests/fixtures)
	acpica-tools
)

hvg2_need_pkgs "${HOST_PKGS[@]}"
