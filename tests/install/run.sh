#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [TEST...]: the install tests (make test-install). Each test is a
# host-side script in this folder that prints "ok - ..." / "not ok - ..."
# lines and its own "N passed, N failed"; this prints one line per test
# and the total, and fails if any test failed.
#
# HVG2_INSTALL_SKIP='secureboot' (space-separated names) skips tests, e.g.
# on a machine without the time for the Secure Boot boot.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

tests=("$@")
if [ ${#tests[@]} = 0 ]; then
	for t in "$here"/*.sh; do
		case ${t##*/} in lib.sh | run.sh) continue ;; esac
		tests+=("${t##*/}")
	done
fi

pass=0
fail=0
skip=0
for t in "${tests[@]}"; do
	t=${t%.sh}
	if [[ " ${HVG2_INSTALL_SKIP:-} " == *" $t "* ]]; then
		echo "ok - install/$t # SKIP HVG2_INSTALL_SKIP"
		skip=$((skip + 1))
		continue
	fi
	start=$(date +%s)
	if "$here/$t.sh"; then
		echo "ok - install/$t ($(($(date +%s) - start)) s)"
		pass=$((pass + 1))
	else
		echo "not ok - install/$t ($(($(date +%s) - start)) s)"
		fail=$((fail + 1))
	fi
done
echo "install: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
