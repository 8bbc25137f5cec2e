#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem persistence across power-off: two guests, one backing file.
#
#   host                      guest 1                      guest 2
#   pmem.img (fresh, 256 MiB)
#                             pmem-labels: 3 namespaces    pmem-labels: the 3
#                               in the label area            are still there
#                             pmem-persist (raw, no          pmem-persist: the
#                               labels): pattern at 8 MiB    pattern verifies
#   sync                      power off
#
# Both scripts share each boot (a boot costs about two minutes under TCG).
# They run in that order (the harness runs scripts by name) and do not
# meet: the pattern (8 to 56 MiB) lies in the data of the first, fsdax,
# namespace, past its info block and struct-page reserve, and the label
# area is the image's last 128 KiB.
#
# Uses the harness's HVG2_PMEM_IMG (reuse a backing file), HVG2_ONLY and
# HVG2_APPEND (the phase, read by the guest scripts from /proc/cmdline).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"

work=$(mktemp -d /tmp/hvg2-pmem-persist.XXXXXX)
trap 'rm -rf "$work"' EXIT

boot() { # NAME SCRIPT PHASE-ARG
	hvg2_log "boot: $1"
	HVG2_PMEM_IMG="$work/pmem.img" HVG2_ONLY="$2" HVG2_APPEND="$3" \
		HVG2_OUT="$work/$1" HVG2_QUIET=1 "$top/tests/qemu/run.sh"
}

truncate -s 256M "$work/pmem.img"
boot write 'pmem-@(labels|persist)' \
	"hvg2_pmem_labels=create hvg2_pmem_persist=write"
sync
boot read 'pmem-@(labels|persist)' \
	"hvg2_pmem_labels=check hvg2_pmem_persist=read"
hvg2_log "pmem persistence: pass"
