#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-install.sh [-k KERNELVER]...
#
# Install this checkout with DKMS (make dkms-install): stage the sources
# (only: no build products) as /usr/src/hvgen2-VERSION, install the
# modprobe file and the initramfs hooks, then dkms add and dkms install
# for each kernel named (default: the running one). DKMS signs the modules
# with its MOK key and rebuilds them for every later kernel (AUTOINSTALL).
#
# The modprobe file and the hooks go in before any module, so the first
# initramfs that DKMS refreshes (scripts/dkms-post.sh) already holds both
# stacks and the file that chooses between them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/dkms-lib.sh
. "$here/dkms-lib.sh"

kernels=()
while [ $# -gt 0 ]; do
	case $1 in
	-k) kernels+=("$2"); shift 2 ;;
	*) echo "usage: $0 [-k KERNELVER]..." >&2; exit 2 ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || kernels=("$(uname -r)")

command -v dkms >/dev/null || hvg2_die "dkms is not installed (apt-get install dkms)"

# A previous install of the same version is replaced whole.
if dkms status -m "$HVG2_DKMS_NAME" -v "$HVG2_DKMS_VERSION" 2>/dev/null | grep -q .; then
	hvg2_run dkms remove -m "$HVG2_DKMS_NAME" -v "$HVG2_DKMS_VERSION" --all
fi

dst=/usr/src/$HVG2_DKMS_NAME-$HVG2_DKMS_VERSION
hvg2_log "staging sources in $dst"
rm -rf "$dst"
hvg2_stage_sources "$dst"
# The recipe for exactly the modules these sources build, even when the
# committed dkms.conf lags behind a new driver (make test-install says so).
"$here/gen-dkms-conf.sh" -o "$dst/dkms.conf"

hvg2_dkms_install_config

hvg2_run dkms add -m "$HVG2_DKMS_NAME" -v "$HVG2_DKMS_VERSION"
rc=0
for k in "${kernels[@]}"; do
	set +e
	hvg2_run dkms install -m "$HVG2_DKMS_NAME" -v "$HVG2_DKMS_VERSION" -k "$k"
	r=$?
	set -e
	case $r in
	0) ;;
	77) hvg2_log "$k: not served (dkms.conf BUILD_EXCLUSIVE): the in-tree stack stays" ;;
	*) hvg2_log "$k: dkms install failed ($r): the in-tree stack stays"; rc=1 ;;
	esac
done
exit $rc
