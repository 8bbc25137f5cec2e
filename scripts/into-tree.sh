#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# into-tree.sh KSRC
#
# Drop this tree into a kernel source tree as drivers/hvgen2, for image
# builders who build us in (=y) or ship us with their kernel (=m):
#
#   KSRC/drivers/hvgen2/       the sources (as DKMS ships them) + Kconfig
#                              + the KUnit suites
#   KSRC/drivers/Kconfig       + source "drivers/hvgen2/Kconfig"
#   KSRC/drivers/Makefile      + obj-$(CONFIG_HVG2) += hvgen2/
#
# The top-level ./Kbuild already works in-tree (obj-$(CONFIG_HVG2_*)).
# Run it again to refresh the copy; the two edits are made once. Files are
# replaced, never edited in place, so a tree of hard links (cp -al) to a
# shared source stays untouched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/dkms-lib.sh
. "$here/dkms-lib.sh"

[ $# = 1 ] || { echo "usage: $0 KSRC" >&2; exit 2; }
ksrc=$(cd "$1" && pwd)
[ -f "$ksrc/drivers/Kconfig" ] && [ -f "$ksrc/drivers/Makefile" ] ||
	hvg2_die "$ksrc is not a kernel source tree"

dst=$ksrc/drivers/hvgen2
rm -rf "$dst"
hvg2_stage_sources "$dst"
cp "$hvg2_dkms_src/Kconfig" "$dst/Kconfig"
# The KUnit suites build in-tree too (CONFIG_HVG2_KUNIT).
cp -r "$hvg2_dkms_src/kunit" "$dst/kunit"
find "$dst/kunit" -type f ! -name '*.c' ! -name '*.h' ! -name Kbuild -delete
rm -rf "$dst/compat/generated"

# replace FILE: write stdin to FILE through a new inode.
replace() {
	cat >"$1.hvg2.tmp"
	mv "$1.hvg2.tmp" "$1"
}

if ! grep -q 'drivers/hvgen2/Kconfig' "$ksrc/drivers/Kconfig"; then
	# Inside the "Device Drivers" menu: before its last endmenu.
	awk -v n="$(grep -n '^endmenu' "$ksrc/drivers/Kconfig" | tail -1 | cut -d: -f1)" \
		'NR == n { print "source \"drivers/hvgen2/Kconfig\"\n" } { print }' \
		"$ksrc/drivers/Kconfig" | replace "$ksrc/drivers/Kconfig"
fi
if ! grep -q 'hvgen2/' "$ksrc/drivers/Makefile"; then
	{ cat "$ksrc/drivers/Makefile"; echo 'obj-$(CONFIG_HVG2)		+= hvgen2/'; } |
		replace "$ksrc/drivers/Makefile"
fi
hvg2_log "hvgen2 is in $dst: enable it with make menuconfig (Device Drivers) or scripts/config -e HVG2 -e HVG2_VMBUS ..."
