#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: boot the test guest with the simulated host and show our
# devices working. The guest runs tests/qemu/demo-guest.sh, which runs
# every tests/qemu/demo.d/*.sh in order, each showing one device.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/scripts/deps.sh"
export HVG2_MODE=demo HVG2_QUIET=0 HVG2_TIMEOUT=${HVG2_TIMEOUT:-900}
out=$("$top/tests/qemu/run.sh" | tee /dev/stderr)
grep -q '^ok - integration demo' <<<"$out"
