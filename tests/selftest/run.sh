#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness proves it can fail. Boots the test guest with fixtures that
# must make a run fail, and one that must pass (two boots, each costs about
# two minutes under TCG: everything that does not kill the guest shares
# the first):
#
#   fixture                          expected verdict
#   hvg2_selftest_fail_kunit.ko      fail: one KUnit case fails, one passes
#   selftest-leak.sh (kmalloc lost)  fail: the kmemleak scan reports it
#   selftest-pass.sh                 pass, and counted as such in that run
#   selftest-warn.sh (WARN on load)  fail: panic_on_warn kills the guest
#
# That a run with nothing failing exits 0 is the verdict parser's own test
# (tests/qemu/test_verdict.py) and every green "guest tests" step.
#
# Prints "ok - ..." or "not ok - ..." per fixture, then "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"

pass=0
fail=0
res() {
	if [ "$1" = 0 ]; then
		echo "ok - selftest: $2"; pass=$((pass + 1))
	else
		echo "not ok - selftest: $2"; fail=$((fail + 1))
	fi
}

# guest GLOB: run the harness on the fixtures matching GLOB; sets rc, log.
guest() {
	log=$(mktemp /tmp/hvg2-selftest.XXXXXX)
	HVG2_SELFTEST=1 HVG2_QUIET=1 HVG2_ONLY="$1" HVG2_TIMEOUT=600 \
		"$top/tests/qemu/run.sh" >"$log" 2>&1
	rc=$?
}

# One boot for the fixtures that do not kill the guest.
guest '@(*selftest[_-][fl]*|selftest-pass)'
grep -q '^not ok - kunit hvg2_selftest_fail.hvg2_selftest_fails' "$log" &&
grep -q '^ok - kunit hvg2_selftest_fail.hvg2_selftest_passes' "$log" &&
	[ "$rc" != 0 ]
res $? "a failing KUnit case fails the run and the passing one is counted"
grep -q '^not ok - kmemleak' "$log" &&
grep -q '^# kmemleak: unreferenced object .* (size 256)' "$log" &&
	[ "$rc" != 0 ]
res $? "a leak fails the run, and the report shows it (256 bytes)"
grep -q '^ok - integration selftest-pass' "$log"
res $? "a passing script is counted as passed"
rm -f "$log"

guest 'selftest-warn'
grep -q '^not ok - guest completed' "$log" &&
grep -q '^not ok - kernel log clean (WARN' "$log" && [ "$rc" != 0 ]
res $? "a WARN fails the run"
rm -f "$log"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
