#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fallback.sh: the shipped modprobe file chooses our stack when all of it
# loads and the in-tree stack otherwise. No kernel is touched:
#
#   fake modules (tiny .ko built against the 6.1 headers, with the real
#   names, aliases and symbol dependencies of both stacks)
#        |
#   ROOT/lib/modules/VER  <- depmod -b ROOT
#        |
#   kmod resolves: modprobe -d ROOT -S VER -C CONF --show-depends / -R
#        |
#   sim_modprobe: plays kmod's load loop (deps first, skip what is loaded,
#   run a module's install command or "insert" it), with insert failures
#   on demand, and our modules refusing to load beside the in-tree bus
#   (and the in-tree bus failing beside ours: both register "vmbus").
#
# udev's boot sequence is replayed: the ACPI VMBus alias, then the storage
# and network device aliases, then an in-tree VMBus user (hv_utils).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VER=6.1.0-hvg2fake
ACPI='acpi:VMBUS:'
STOR='vmbus:d96361baa104294db60572e2ffb1dc7f'
NET='vmbus:635161f83edfc546913ff2d2f965ed0e'
UTIL='vmbus:31600b0e1318424abeb7d6cf74b9ee6f'

# --- fake modules -----------------------------------------------------------
# name:exported-symbol:used-symbol:alias...
fake_table='hv_vmbus:hv_fake_bus::acpi*:VMBUS:* acpi*:VMBus:*
hv_storvsc::hv_fake_bus:vmbus:d96361baa104294db60572e2ffb1dc7f
hv_netvsc::hv_fake_bus:vmbus:635161f83edfc546913ff2d2f965ed0e
hv_utils::hv_fake_bus:vmbus:31600b0e1318424abeb7d6cf74b9ee6f
hvg2_ring:hvg2_fake_ring::
hvg2_vmbus:hvg2_fake_bus:hvg2_fake_ring:acpi*:VMBUS:* acpi*:VMBus:*
hvg2_scsi::hvg2_fake_bus:vmbus:d96361baa104294db60572e2ffb1dc7f
hvg2_net::hvg2_fake_bus:vmbus:635161f83edfc546913ff2d2f965ed0e'

build_fakes() {
	local out=$1 b=$tmp/build name exp use aliases a
	mkdir -p "$b" "$out"
	: >"$b/Kbuild"
	while IFS=: read -r name exp use aliases; do
		aliases=${aliases%% acpi*:VMBus:*}
		{
			echo '// SPDX-License-Identifier: GPL-2.0'
			echo '#include <linux/module.h>'
			[ -n "$use" ] && echo "extern int $use;"
			[ -n "$exp" ] && echo "int $exp; EXPORT_SYMBOL_GPL($exp);"
			echo "static int __init f_init(void) { return ${use:-0}; }"
			echo 'static void __exit f_exit(void) { }'
			echo 'module_init(f_init); module_exit(f_exit);'
			echo 'MODULE_LICENSE("GPL");'
			for a in $aliases; do
				[ "${a#acpi}" != "$a" ] && a='acpi*:VMBUS:*'
				echo "MODULE_ALIAS(\"$a\");"
			done
			[ "${aliases#acpi}" != "$aliases" ] &&
				echo 'MODULE_ALIAS("acpi*:VMBus:*");'
		} >"$b/$name.c"
		echo "obj-m += $name.o" >>"$b/Kbuild"
	done <<<"$fake_table"
	make -s -C "$HVG2_K61_DIR" M="$b" modules >"$tmp/build.log" 2>&1 ||
		{ cat "$tmp/build.log"; return 1; }
	cp "$b"/*.ko "$out/"
}

# fake_root NAME MODULE...: a module tree holding only the named modules.
fake_root() {
	local root=$tmp/$1 m
	shift
	mkdir -p "$root/lib/modules/$VER/kernel"
	for m in "$@"; do cp "$fakes/$m.ko" "$root/lib/modules/$VER/kernel/"; done
	: >"$root/lib/modules/$VER/modules.builtin"
	: >"$root/lib/modules/$VER/modules.builtin.modinfo"
	: >"$root/lib/modules/$VER/modules.order"
	depmod -b "$root" "$VER"
	echo "$root"
}

# --- the load simulator ------------------------------------------------------
# State: $state/loaded (one module a line), $state/fail (modules whose
# insertion fails). The conf is the shipped file with /sbin/modprobe
# pointing at this script's simulator, so install commands recurse here.
sim_insert() {
	local m=$1
	grep -qx "$m" "$state/fail" && return 1
	case $m in
	hvg2_vmbus) grep -qx hv_vmbus "$state/loaded" && return 1 ;;
	hv_vmbus) grep -qx hvg2_vmbus "$state/loaded" && return 1 ;;
	esac
	echo "$m" >>"$state/loaded"
}

sim_deps_loaded() {
	local m=$1 d
	for d in $2; do
		[ "$d" = "$m" ] && return 0
		grep -qx "$d" "$state/loaded" || return 1
	done
}

sim_modprobe() {
	local ign="" remove="" names=() a m d mods chain cmd top rc=1
	for a in "$@"; do
		case $a in
		--ignore-install) ign=--ignore-install ;;
		-r) remove=1 ;;
		-q) ;;
		*) names+=("$a") ;;
		esac
	done
	if [ -n "$remove" ]; then
		for m in "${names[@]}"; do
			sed -i "/^$m\$/d" "$state/loaded"
		done
		return 0
	fi
	for a in "${names[@]}"; do
		mods=$(modprobe -d "$root" -S "$VER" -C "$conf" -R "$a" 2>/dev/null) ||
			continue
		for m in $mods; do
			# The dependency order, from a config without install
			# commands; then each module's own command, if any.
			chain=$(modprobe -d "$root" -S "$VER" -C "$tmp/noconf" \
				--show-depends "$m" | sed -n 's|^insmod .*/\([^/]*\)\.ko.*|\1|p')
			top=$m
			rc=0
			for d in $chain; do
				grep -qx "$d" "$state/loaded" && continue
				# The kernel refuses a module whose symbols are not
				# loaded: an install command may have loaded another
				# module than the dependency asked for.
				sim_deps_loaded "$d" "$chain" || { rc=1; break; }
				cmd=$(modprobe -d "$root" -S "$VER" -C "$conf" --showconfig |
					sed -n "s/^install $d //p")
				# kmod's --ignore-install spares only the module named,
				# not its dependencies.
				if [ -n "$cmd" ] && { [ -z "$ign" ] || [ "$d" != "$top" ]; }; then
					sim_cmd "$cmd" || { rc=1; break; }
				else
					sim_insert "$d" || { rc=1; break; }
				fi
			done
		done
	done
	return $rc
}

# Run an install command as kmod does (sh -c), with /sbin/modprobe
# redirected to this simulator.
sim_cmd() {
	local cmd=${1//\/sbin\/modprobe/sim_modprobe}
	CMDLINE_OPTS='' eval "$cmd"
}

# boot ROOT [FAIL...]: replay udev's loads; print the loaded set, sorted.
boot() {
	root=$1
	shift
	state=$(mktemp -d -p "$tmp")
	: >"$state/loaded"
	printf '%s\n' "$@" >"$state/fail"
	sim_modprobe "$ACPI" >/dev/null 2>&1 || true
	sim_modprobe "$STOR" >/dev/null 2>&1 || true
	sim_modprobe "$NET" >/dev/null 2>&1 || true
	sim_modprobe "$UTIL" >/dev/null 2>&1 || true
	sort "$state/loaded" | tr '\n' ' ' | sed 's/ $//'
}

# The in-tree stack is "chosen" when its three modules are loaded and no
# module of ours that binds anything is. hvg2_ring may stay behind: udev's
# device alias modprobe also tries hvg2_scsi, and kmod inserts its
# dependencies before hvg2_vmbus refuses; the ring is an inert library.
intree_of() { echo "$1" | sed 's/ *hvg2_ring//'; }

expect() {
	local name=$1 want=$2 got=$3
	if [ "$got" = "$want" ]; then
		ok "$name"
	else
		not_ok "$name (want '$want', got '$got')"
	fi
}

# --- the checks -------------------------------------------------------------
fakes=$HVG2_CACHE/install-fakemods-$(echo "$fake_table" | sha256sum | cut -c1-16)
if [ ! -e "$fakes/.complete" ]; then
	rm -rf "$fakes"
	build_fakes "$fakes" && touch "$fakes/.complete"
fi
check "fake modules built against $HVG2_K61" test -e "$fakes/.complete" || { t_done; exit 1; }

conf=$tmp/conf
mkdir -p "$conf" "$tmp/noconf"
cp "$HVG2_SRC/scripts/modprobe.d/hvgen2.conf" "$conf/"

intree="hv_netvsc hv_storvsc hv_utils hv_vmbus"
ours="hvg2_net hvg2_ring hvg2_scsi hvg2_vmbus"
both=$(fake_root both hv_vmbus hv_storvsc hv_netvsc hv_utils \
	hvg2_ring hvg2_vmbus hvg2_scsi hvg2_net)
only_intree=$(fake_root intree hv_vmbus hv_storvsc hv_netvsc hv_utils)
no_net=$(fake_root nonet hv_vmbus hv_storvsc hv_netvsc hv_utils \
	hvg2_ring hvg2_vmbus hvg2_scsi)

# What kmod itself says, before any simulation: the in-tree names carry our
# install commands, and --ignore-install still reaches the in-tree module.
root=$both
check "show-depends hv_vmbus runs our install command" \
	bash -c "modprobe -d '$both' -S $VER -C '$conf' --dry-run --show-depends hv_vmbus | grep -q '^install .*modprobe hvg2_vmbus'"
check "show-depends --ignore-install hv_vmbus is the in-tree module" \
	bash -c "modprobe -d '$both' -S $VER -C '$conf' --dry-run --ignore-install --show-depends hv_vmbus | grep -q 'insmod .*/hv_vmbus.ko'"
check "show-depends hvg2_scsi pulls the ring and our transport" \
	bash -c "modprobe -d '$both' -S $VER -C '$conf' --dry-run --show-depends hvg2_scsi | tr '\n' ' ' | grep -q 'hvg2_ring.ko.*hvg2_vmbus.ko.*hvg2_scsi.ko'"
check "ACPI VMBus alias matches both stacks" \
	bash -c "[ \"\$(modprobe -d '$both' -S $VER -C '$conf' -R '$ACPI' | sort | tr '\n' ' ')\" = 'hv_vmbus hvg2_vmbus ' ]"

# hv_utils has no counterpart of ours: on our bus it fails to bind (symbol
# versions), which is the documented cost; what matters is that it does not
# pull the in-tree bus in beside ours.
expect "ours present: our stack is chosen" "$ours" "$(boot "$both")"
expect "ours missing: in-tree stack" "$intree" "$(intree_of "$(boot "$only_intree")")"
expect "hvg2_vmbus fails to load: in-tree stack" "$intree" "$(intree_of "$(boot "$both" hvg2_vmbus)")"
expect "hvg2_scsi fails to load: in-tree stack, ours unloaded" "$intree" "$(intree_of "$(boot "$both" hvg2_scsi)")"
expect "hvg2_net missing: in-tree stack, ours unloaded" "$intree" "$(intree_of "$(boot "$no_net")")"
expect "hvg2_ring fails: in-tree stack" "$intree" "$(intree_of "$(boot "$both" hvg2_ring)")"

t_done
