#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: everything a change must pass, on a fresh machine too.
#
#   1. host packages (scripts/deps.sh)          5. the test guest: KUnit suites,
#   2. the KTAP/verdict parser's own tests         integration scripts, kmemleak
#   3. the test kernel (cached)                 6. the harness self-test
#   4. gates: W=1, sparse, checkpatch, the      7. stock-kernel smoke
#      kernel-version matrix, the ring core     8. host-side tests (tests/host/)
#      in user space (KUnit cases, fuzzer)      9. install tests
#
# Each step prints "ok - ..." / "not ok - ..." lines; a step that prints its
# own "N passed, N failed" is counted test by test, any other step counts
# as one test. The last line is the total: "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"
cd "$top" || exit

total_pass=0
total_fail=0
t0=$(date +%s)
logs=$(mktemp -d /tmp/hvg2-check.XXXXXX)

# step NAME CMD...: run CMD, show its per-test lines, add up its verdict.
step() {
	local name=$1 log s rc line p f
	shift
	log="$logs/$(echo "$name" | tr -c 'a-zA-Z0-9\n' _).log"
	s=$(date +%s)
	echo "==== $name"
	"$@" >"$log" 2>&1
	rc=$?
	grep -E '^(not )?ok - ' "$log" | grep -v '^ok - .*# SKIP' || true
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/.*\b([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/.*\b([0-9]+) failed.*/\1/')
		# A step that died after its count still fails.
		[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	elif [ "$rc" = 0 ]; then
		p=1 f=0
		echo "ok - $name"
	else
		p=0 f=1
		echo "not ok - $name"
	fi
	if [ "$rc" != 0 ]; then
		echo "---- $name failed (exit $rc); last lines of $log:"
		tail -n 40 "$log"
		echo "----"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	echo "     ($name: $p passed, $f failed, $(( $(date +%s) - s )) s)"
}

step "host packages" scripts/deps.sh || true
step "verdict parser" python3 -m unittest -v tests/qemu/test_verdict.py
kdir=$(scripts/test-kernel.sh 2>"$logs/kernel.log")
if [ -z "$kdir" ]; then
	tail -n 40 "$logs/kernel.log"
	echo "not ok - test kernel"
	echo "$total_pass passed, $((total_fail + 1)) failed"
	exit 1
fi
echo "ok - test kernel ($(basename "$(dirname "$kdir")"))"
total_pass=$((total_pass + 1))

cfg=$(make -s --no-print-directory print-configs)
# shellcheck disable=SC2086
step "W=1 build (test kernel)" scripts/gate.sh w1 "$kdir" $cfg
# shellcheck disable=SC2086
step "sparse C=2 (test kernel)" scripts/gate.sh sparse "$kdir" $cfg
step "checkpatch --strict" scripts/gate.sh checkpatch
# shellcheck disable=SC2086
step "kernel matrix (6.1, 6.12, newest)" scripts/matrix.sh $cfg
# The ring core's own source in user space: its KUnit cases under a plain
# C runner, then the libFuzzer target (ASan + UBSan, several million runs).
step "ring: user-space KUnit run" make -s -C tools/ring kunit
step "ring: fuzz (make fuzz-ring)" make -s fuzz-ring
step "guest tests" env HVG2_QUIET=1 tests/qemu/run.sh
step "harness self-test" tests/selftest/run.sh
step "stock-kernel smoke" tests/smoke/run.sh
for t in tests/host/*.sh; do
	[ -e "$t" ] || continue
	step "host $(basename "$t" .sh)" "$t"
done
if grep -q '^test-install:' Makefile; then
	step "install tests" make -s --no-print-directory test-install
fi

echo "==== done in $(( $(date +%s) - t0 )) s; logs in $logs"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
