#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hyper-V health through ndctl, with the Hyper-V _DSM in the firmware:
#
#   host: the SSDT fixture (bytes embedded in tests/integration/
#         pmem-hyperv.sh, source in tests/fixtures/pmem-hyperv-dsm.asl)
#         -> QEMU -acpitable
#   guest: pmem-hyperv.sh finds the table and runs (a SKIP fails here)
#
# A boot of its own: the fixture gives the DIMM the Hyper-V _DSM family,
# which the other pmem tests must not see.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)

work=$(mktemp -d /tmp/hvg2-pmem-hyperv.XXXXXX)
trap 'rm -rf "$work"' EXIT
sed -n 's/^aml+\?=//p' "$top/tests/integration/pmem-hyperv.sh" | tr -d '\n' |
	python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read()))' \
	>"$work/hvdsm.aml"
[ -s "$work/hvdsm.aml" ] || { echo "not ok - no fixture bytes"; exit 1; }

out=$(HVG2_ONLY=pmem-hyperv HVG2_QUIET=1 HVG2_OUT="$work/run" \
	HVG2_QEMU_ARGS="-acpitable file=$work/hvdsm.aml" \
	"$top/tests/qemu/run.sh" 2>&1) || true
echo "$out" | grep -E '^(not )?ok - ' || true
if echo "$out" | grep -q '^ok - integration pmem-hyperv (' &&
   echo "$out" | grep -q '^[0-9]* passed, 0 failed, 0 skipped'; then
	grep -h 'health' "$work/run/console.log" | tail -n 3 || true
	echo "1 passed, 0 failed"
else
	echo "$out" | tail -n 20
	echo "0 passed, 1 failed"
	exit 1
fi
