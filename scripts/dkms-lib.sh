# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# Shared by scripts/dkms-install.sh and scripts/dkms-remove.sh: the package
# name and version (read from dkms.conf, the one place they are written) and
# where the modprobe file and the initramfs hooks are installed. Source it.

hvg2_dkms_src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$hvg2_dkms_src/scripts/lib.sh"

HVG2_DKMS_NAME=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$hvg2_dkms_src/dkms.conf")
HVG2_DKMS_VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$hvg2_dkms_src/dkms.conf")

# Installed paths. HVG2_DESTDIR (default: /) lets a test or an image
# builder install into another root.
hvg2_dkms_dest=${HVG2_DESTDIR:-}
HVG2_MODPROBE_CONF=$hvg2_dkms_dest/etc/modprobe.d/hvgen2.conf
HVG2_ITOOLS_HOOK=$hvg2_dkms_dest/etc/initramfs-tools/hooks/hvgen2
HVG2_DRACUT_MOD=$hvg2_dkms_dest/usr/lib/dracut/modules.d/90hvgen2

# hvg2_stage_sources DST: copy what Kbuild reads, and never a build product
# of the checkout, to DST (DKMS ships sources only).
hvg2_stage_sources() {
	mkdir -p "$1"
	(
		cd "$hvg2_dkms_src" || exit 1
		find Kbuild Makefile LICENSE dkms.conf compat include drivers \
			scripts/compat-probe.sh scripts/dkms-post.sh scripts/lib.sh \
			scripts/dkms-modules.sh scripts/sign.sh \
			-path compat/generated -prune -o -type f \
			! -name '*.o' ! -name '*.ko' ! -name '*.mod' ! -name '*.mod.c' \
			! -name '.*.cmd' ! -name '*.order' ! -name '*.symvers' \
			! -name '*.a' ! -name '*.dwo' -print |
			cpio -pdm --quiet "$1"
	)
}

hvg2_dkms_install_config() {
	install -D -m 0644 "$hvg2_dkms_src/scripts/modprobe.d/hvgen2.conf" "$HVG2_MODPROBE_CONF"
	hvg2_log "installed $HVG2_MODPROBE_CONF"
	# Each initramfs generator gets its hook only where it is installed.
	if [ -d "$hvg2_dkms_dest/etc/initramfs-tools" ]; then
		install -D -m 0755 "$hvg2_dkms_src/scripts/initramfs/hvgen2" "$HVG2_ITOOLS_HOOK"
		hvg2_log "installed $HVG2_ITOOLS_HOOK"
	fi
	if [ -d "$hvg2_dkms_dest/usr/lib/dracut/modules.d" ]; then
		install -D -m 0755 "$hvg2_dkms_src/scripts/initramfs/dracut/90hvgen2/module-setup.sh" \
			"$HVG2_DRACUT_MOD/module-setup.sh"
		hvg2_log "installed $HVG2_DRACUT_MOD"
	fi
}

hvg2_dkms_remove_config() {
	rm -f "$HVG2_MODPROBE_CONF" "$HVG2_ITOOLS_HOOK"
	rm -rf "$HVG2_DRACUT_MOD"
}
