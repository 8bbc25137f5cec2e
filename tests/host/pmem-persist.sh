#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem persistence across power-off: two guests, one backing file.
#
#   host                         guest 1                  guest 2
#   pmem.img (fresh, 256 MiB) -> write pattern, power off
#   sync                                               -> verify pattern
#   pmem.img (fresh)          -> labels: 2 namespaces
#                                                      -> labels still there
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
boot persist-write pmem-persist hvg2_pmem_persist=write
sync
boot persist-read pmem-persist hvg2_pmem_persist=read

rm -f "$work/pmem.img"
truncate -s 256M "$work/pmem.img"
boot labels-create pmem-labels hvg2_pmem_labels=create
sync
boot labels-check pmem-labels hvg2_pmem_labels=check
hvg2_log "pmem persistence: pass"
