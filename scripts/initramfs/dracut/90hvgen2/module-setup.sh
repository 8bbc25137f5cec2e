#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dracut module: installed as /usr/lib/dracut/modules.d/90hvgen2/.
# The same job as the initramfs-tools hook (scripts/initramfs/hvgen2): put
# our VMBus transport, disk and network drivers and the in-tree ones they
# fall back to into the initramfs, with the modprobe file that chooses.

# Always include: a Gen2 guest cannot find its root disk without VMBus,
# and on other machines the modules are only dead weight.
check() {
	return 0
}

depends() {
	return 0
}

installkernel() {
	# Not host-only: the fallback stack is needed exactly when ours is not
	# loaded on the host that builds the image.
	hostonly='' instmods hvg2_vmbus hvg2_scsi hvg2_net
	hostonly='' instmods hv_vmbus hv_storvsc hv_netvsc
}

install() {
	inst_multiple -o /etc/modprobe.d/hvgen2.conf
}
