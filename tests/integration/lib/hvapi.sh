# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by the scripts that load hvg2_hvapi and upstream drivers on it
# (hvapi-*.sh, oracle-*.sh); sourced after lib/sim.sh:
#
#   hvapi_ko NAME      path of a module: installed (modinfo -n), or the
#                      harness's test-module folder
#   hvapi_load CLASSES insmod hvg2_hvapi classes=CLASSES (hvg2_vmbus first)
#   hvapi_insmod NAME  insmod an upstream driver (hv_storvsc, hv_netvsc)
#                      after modprobing its dependencies other than hv_vmbus
#   hvapi_unload       rmmod it
#
# The upstream drivers and the shim export the same names (hv_vmbus's):
# modprobe would resolve them through depmod, so everything here is
# loaded with insmod by path (Documentation/hvapi.rst).

hvapi_ko() {
	local p
	p=$(modinfo -n "$1" 2>/dev/null) && [ -e "$p" ] && { echo "$p"; return 0; }
	for p in /hvg2/modules/"$1".ko /lib/modules/"$(uname -r)"/extra/"$1".ko; do
		[ -e "$p" ] && { echo "$p"; return 0; }
	done
	return 1
}

hvapi_load() {
	if lsmod | grep -q '^hv_vmbus '; then
		echo "hv_vmbus is loaded: hvg2_hvapi cannot load beside it"
		exit 77
	fi
	run modprobe hvg2_vmbus
	run insmod "$(hvapi_ko hvg2_hvapi)" classes="$1"
}

hvapi_insmod() {
	local ko dep
	ko=$(hvapi_ko "$1") || fail "no $1"
	for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
		[ "$dep" = hv_vmbus ] || run modprobe "$dep"
	done
	run insmod "$ko"
}

hvapi_unload() {
	if lsmod | grep -q '^hvg2_hvapi '; then
		run rmmod hvg2_hvapi
	fi
}
