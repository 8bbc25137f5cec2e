# SPDX-License-Identifier: GPL-2.0
# Demo: the vPMEM range QEMU describes in ACPI NFIT becomes /dev/pmem0
# through hvg2_pmem, and carries a DAX filesystem.
show() { echo "\$ $*"; "$@"; }
show modprobe hvg2_pmem
for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done
show ndctl list -BDR
# fsdax: the namespace gets struct pages, so ext4 can map it directly.
show ndctl create-namespace -f -e namespace0.0 -m fsdax --map=mem
for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done
show mkfs.ext4 -q -F -b 4096 /dev/pmem0
mkdir -p /mnt/pmem
show mount -o dax /dev/pmem0 /mnt/pmem
show grep pmem0 /proc/mounts
dd if=/dev/urandom of=/mnt/pmem/file bs=1M count=8 status=none
show sha256sum /mnt/pmem/file
show df -h /mnt/pmem
umount /mnt/pmem
ndctl create-namespace -f -e namespace0.0 -m raw >/dev/null
