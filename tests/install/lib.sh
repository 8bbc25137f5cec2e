# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the install tests (tests/install/*.sh). Source it.
# Each test prints a TAP-style line per check ("ok - name" / "not ok -
# name"), then "N passed, N failed" and exits non-zero on any failure.

HVG2_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$HVG2_SRC/scripts/lib.sh"

# The bookworm kernel the CI machine has headers for (linux-headers-amd64
# in scripts/deps.sh): the newest 6.1 ABI installed.
hvg2_k61_dir=$(ls -d /usr/src/linux-headers-6.1.*-amd64 2>/dev/null | sort -V | tail -1)
HVG2_K61=${HVG2_K61:-${hvg2_k61_dir#/usr/src/linux-headers-}}
HVG2_K61_DIR=${HVG2_K61_DIR:-/usr/src/linux-headers-$HVG2_K61}

t_pass=0
t_fail=0
t_name=${0##*/}

ok() {
	echo "ok - $t_name: $*"
	t_pass=$((t_pass + 1))
}

not_ok() {
	echo "not ok - $t_name: $*"
	t_fail=$((t_fail + 1))
}

# check NAME CMD...: run CMD, report NAME by its exit status.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

t_done() {
	echo "$t_name: $t_pass passed, $t_fail failed"
	[ "$t_fail" = 0 ]
}

# The modules the tree builds, one name a line (scripts/dkms-modules.sh).
t_modules() {
	"$HVG2_SRC/scripts/dkms-modules.sh" "$HVG2_SRC" | cut -d' ' -f1
}
