#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-remove.sh: undo scripts/dkms-install.sh (make dkms-remove).
#
# The modprobe file and the hooks go first, so the initramfs that DKMS
# refreshes for each kernel as it removes our modules (dkms-post.sh) is
# built for the in-tree stack only. Leaves nothing of ours behind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/dkms-lib.sh
. "$here/dkms-lib.sh"

hvg2_dkms_remove_config
if command -v dkms >/dev/null &&
   dkms status -m "$HVG2_DKMS_NAME" -v "$HVG2_DKMS_VERSION" 2>/dev/null | grep -q .; then
	hvg2_run dkms remove -m "$HVG2_DKMS_NAME" -v "$HVG2_DKMS_VERSION" --all
fi
rm -rf "/usr/src/$HVG2_DKMS_NAME-$HVG2_DKMS_VERSION"
