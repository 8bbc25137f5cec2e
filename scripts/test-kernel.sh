#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) and print the path of the test kernel's build tree.
#
# The test kernel is Debian's linux-source-6.12 configured as allnoconfig
# plus the committed fragments in tests/qemu/config/. It is cached outside
# the checkout, keyed by the source version, the fragments, the compiler
# and this script: a cache hit costs nothing, a miss about a quarter of an
# hour on two cores. The tree it prints works as KDIR for our modules; its
# own modules (the interop oracle, brd, LIO) are installed under modroot/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)

trixie=$("$top/scripts/trixie-root.sh")
tarball="$trixie/usr/src/linux-source-6.12.tar.xz"
version=$(chroot "$trixie" dpkg-query -W -f='${Version}' linux-source-6.12)
frags=("$top"/tests/qemu/config/*.config)
# Bump when a change to this script changes what it builds (not for
# comments or logging: a rebuild costs a quarter of an hour or more).
recipe=1
key=$( { echo "$version recipe $recipe"; gcc --version | head -n1;
	cat "${frags[@]}"; } | sha256sum | cut -c1-16)
out="$HVG2_CACHE/kernel-$key"

if [ -e "$out/.complete" ]; then
	echo "$out/build"
	exit 0
fi

hvg2_lock kernel
if [ -e "$out/.complete" ]; then
	echo "$out/build"
	exit 0
fi

# The source, extracted once per Debian version; builds use O= so the
# source tree stays clean and can serve several configurations.
src="$HVG2_CACHE/linux-6.12"
if [ "$(cat "$src/.hvg2-version" 2>/dev/null)" != "$version" ]; then
	hvg2_log "extracting linux-source-6.12 $version"
	rm -rf "$src" "$HVG2_CACHE/linux-source-6.12"
	tar -xJf "$tarball" -C "$HVG2_CACHE"
	mv "$HVG2_CACHE/linux-source-6.12" "$src"
	echo "$version" >"$src/.hvg2-version"
fi

rm -rf "$out"
mkdir -p "$out/build"
cat "${frags[@]}" >"$out/fragments.config"

hvg2_log "configuring the test kernel in $out/build"
make -s -C "$src" O="$out/build" KCONFIG_ALLCONFIG="$out/fragments.config" \
	allnoconfig >&2

# A fragment line that did not stick (a typo, an unmet dependency) would
# silently weaken the tests: refuse to build.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$out/build/.config" ||
			{ hvg2_log "fragment not applied: $line"; bad=1; } ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }; sym=${sym%% *}
		! grep -q "^$sym=" "$out/build/.config" ||
			{ hvg2_log "fragment not applied: $line"; bad=1; } ;;
	esac
done <"$out/fragments.config"
[ "$bad" = 0 ] || hvg2_die "the test kernel's config fragments do not apply"

hvg2_log "building the test kernel ($(nproc) jobs; about 15 minutes cold)"
start=$(date +%s)
make -s -C "$src" O="$out/build" -j"$(nproc)" bzImage modules >&2
make -s -C "$src" O="$out/build" INSTALL_MOD_PATH="$out/modroot" \
	INSTALL_MOD_STRIP=1 modules_install >&2
echo "$(( $(date +%s) - start ))" >"$out/build-seconds"
hvg2_log "test kernel built in $(cat "$out/build-seconds") s"
touch "$out/.complete"
# A test kernel of another configuration is several GiB of objects.
find "$HVG2_CACHE" -maxdepth 1 -name 'kernel-*' ! -path "$out" \
	-exec rm -rf {} +
echo "$out/build"
