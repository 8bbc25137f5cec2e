#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# into-tree.sh: scripts/into-tree.sh on a copy (hard links) of the 6.12
# source the test kernel is built from:
#
#   linux-6.12 --cp -al--> KSRC --into-tree.sh--> KSRC/drivers/hvgen2
#   make O=OUT (the test kernel's .config, else defconfig) + HVG2* = y
#     --> .config keeps them = y
#   (HVG2_INTREE_BUILD=1) make O=OUT prepare drivers/hvgen2/ --> built-in.a
#
# The source is left untouched (checked). The last step compiles our
# folder as built-in code; it is opt-in because `prepare` costs minutes of
# CPU and the machine shares its two cores with the kernel build.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

src=${HVG2_KSRC:-$HVG2_CACHE/linux-6.12}
if [ ! -f "$src/Makefile" ]; then
	ok "# SKIP no kernel source at $src (scripts/test-kernel.sh extracts it)"
	t_done
	exit
fi
tmp=$(mktemp -d)
[ -n "${HVG2_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
ksrc=$tmp/linux
out=$tmp/out

# Everything but a build directory inside the source.
mkdir -p "$ksrc"
for f in "$src"/* "$src"/.[!.]*; do
	[ -e "$f" ] || continue
	[ -f "$f/Makefile" ] && [ -e "$f/.config" ] && continue
	cp -al "$f" "$ksrc/"
done
before=$(stat -c %i "$src/drivers/Kconfig" "$src/drivers/Makefile" | tr '\n' ' ')
check "into-tree.sh" bash -c "'$HVG2_SRC/scripts/into-tree.sh' '$ksrc' 2>/dev/null"
check "into-tree.sh again (idempotent)" bash -c "'$HVG2_SRC/scripts/into-tree.sh' '$ksrc' 2>/dev/null"
check "drivers/Kconfig sources ours once" \
	test "$(grep -c 'drivers/hvgen2/Kconfig' "$ksrc/drivers/Kconfig")" = 1
check "drivers/Makefile descends once" \
	test "$(grep -c 'hvgen2/' "$ksrc/drivers/Makefile")" = 1
check "the shared source is untouched" bash -c \
	"[ \"\$(stat -c %i '$src/drivers/Kconfig' '$src/drivers/Makefile' | tr '\n' ' ')\" = '$before' ] &&
	 ! grep -q hvgen2 '$src/drivers/Kconfig' '$src/drivers/Makefile' && [ ! -e '$src/drivers/hvgen2' ]"

# Every CONFIG_HVG2_* that a Kbuild tests must be a Kconfig symbol.
for cfg in $(grep -ho 'CONFIG_HVG2_[A-Z0-9_]*[A-Z0-9]' "$HVG2_SRC/Kbuild" "$HVG2_SRC"/drivers/*/Kbuild | sort -u); do
	case $cfg in CONFIG_HVG2_SELFTEST) continue ;; esac
	check "Kconfig defines ${cfg#CONFIG_}" \
		grep -q "^config ${cfg#CONFIG_}\$" "$HVG2_SRC/Kconfig"
done

# What the HVG2_* symbols depend on (x86_64 defconfig lacks some).
enable="HVG2 HYPERVISOR_GUEST LIBNVDIMM CONFIGFS_FS SCSI NET INET"
mods=$(t_modules)
enable="$enable $("$HVG2_SRC/scripts/dkms-modules.sh" "$HVG2_SRC" |
	awk '{sub(/^CONFIG_/, "", $3); print $3}' | sort -u | tr '\n' ' ')"
# The base: the test kernel's configuration when it has been made
# (scripts/test-kernel.sh), else x86_64 defconfig.
base=${HVG2_INTREE_CONFIG:-$(ls -t "$HVG2_CACHE"/kernel-*/build/.config 2>/dev/null | head -1)}
mkdir -p "$out"
if [ -n "$base" ] && [ -f "$base" ]; then
	cp "$base" "$out/.config"
	what="the test kernel's config"
	basecmd=olddefconfig
else
	what=defconfig
	basecmd=defconfig
fi
# shellcheck disable=SC2046 # one -e per symbol
if make -s -C "$ksrc" O="$out" ARCH=x86_64 $basecmd >"$tmp/log" 2>&1 &&
   "$ksrc/scripts/config" --file "$out/.config" $(printf -- '-e %s ' $enable) &&
   make -s -C "$ksrc" O="$out" ARCH=x86_64 olddefconfig >>"$tmp/log" 2>&1; then
	ok "$what + hvgen2 = y"
else
	not_ok "$what + hvgen2 = y"
	sed 's/^/# /' "$tmp/log" | tail -20
fi
for e in $enable; do
	case $e in HVG2*) ;; *) continue ;; esac
	check "CONFIG_$e=y survives olddefconfig" grep -qx "CONFIG_$e=y" "$out/.config"
done

if [ -n "${HVG2_INTREE_BUILD:-}" ]; then
	t0=$(date +%s)
	if make -s -C "$ksrc" O="$out" ARCH=x86_64 -j2 prepare >"$tmp/build.log" 2>&1 &&
	   make -C "$ksrc" O="$out" ARCH=x86_64 -j2 drivers/hvgen2/ >>"$tmp/build.log" 2>&1; then
		ok "drivers/hvgen2 builds in (=y) ($(($(date +%s) - t0)) s)"
	else
		not_ok "drivers/hvgen2 builds in (=y)"
		sed 's/^/# /' "$tmp/build.log" | tail -40
	fi
	# Built-in code lands in the folder's built-in.a (a thin archive that
	# names the objects by path), which the vmlinux link takes in.
	for m in $mods; do
		area=$("$HVG2_SRC/scripts/dkms-modules.sh" "$HVG2_SRC" | awk -v m="$m" '$1 == m {print $2}')
		check "$m is in drivers/hvgen2/built-in.a" \
			grep -aq "drivers/$area/" "$out/drivers/hvgen2/built-in.a"
	done
	check "no warning in the built-in build" bash -c "! grep -q 'warning:' '$tmp/build.log'"
fi
t_done
