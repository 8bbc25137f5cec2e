#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dkms-modules.sh [SRCDIR]
#
# Print one line per module the tree builds: "NAME AREA CONFIG", in the
# Makefile's area order (dependencies first: ring, then the transport, then
# what sits on it). The list is read from drivers/<area>/Kbuild, the same
# files that decide what Kbuild builds, so dkms.conf, the install scripts
# and the tests never carry a hand-kept copy that could drift.
set -eu
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}

areas=$(sed -n 's/^HVG2_AREAS[[:space:]]*:*=[[:space:]]*//p' "$src/Makefile")
[ -n "$areas" ] || { echo "dkms-modules: no HVG2_AREAS in $src/Makefile" >&2; exit 1; }
# Test-only areas (HVG2_TEST_AREAS) are never installed.
test_areas=" $(sed -n 's/^HVG2_TEST_AREAS[[:space:]]*:*=[[:space:]]*//p' "$src/Makefile") "

for area in $areas; do
	case "$test_areas" in *" $area "*) continue ;; esac
	kb=$src/drivers/$area/Kbuild
	[ -f "$kb" ] || continue
	# obj-$(CONFIG_HVG2_FOO) += hvg2_foo.o   (a module, not a subfolder)
	sed -n 's/^obj-\$(\(CONFIG_HVG2_[A-Z0-9_]*\))[[:space:]]*+=[[:space:]]*\(hvg2_[a-z0-9_]*\)\.o[[:space:]]*$/\2 \1/p' "$kb" |
	while read -r name cfg; do
		echo "$name $area $cfg"
	done
done
