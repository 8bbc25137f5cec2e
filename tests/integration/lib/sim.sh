# SPDX-License-Identifier: GPL-2.0
#
# Shared by the scripts that drive the simulated host (vmbus-*.sh); sourced,
# never run on its own (it sits outside the folder the harness runs):
#
#   SIM_DEVS="e0 n0"            configfs devices the script makes, removed
#                               by the EXIT trap (set before sourcing)
#   . /hvg2/tests/lib/sim.sh
#   sim_start hvg2_echo         load hvg2_sim and the named drivers, mount
#                               configfs
#   sim_cleanup_extra() { ...; } optional: runs first in the EXIT trap
#
# It also gives log, run, fail (messages named after the script),
# dev_of_relid, wait_for, and sim_offer / sim_bound:
#
#   sim_offer e0 [CLASS]        make, class and enable device e0; wait for
#                               its vmbus device; sets $relid and $dev
#   sim_bound echo_run          wait for a driver attribute in $dev (bound)

t=$(basename "$0" .sh)
cfg=/sys/kernel/config/hvg2_sim

log() { echo "$t: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "$t: FAIL: $*"; exit 1; }

sim_cleanup() {
	local rc=$? d
	[ $rc = 0 ] || [ $rc = 77 ] || dmesg | tail -n 60
	if declare -F sim_cleanup_extra >/dev/null; then
		sim_cleanup_extra || true
	fi
	for d in ${SIM_DEVS:-}; do
		rmdir "$cfg/$d" 2>/dev/null || true
	done
	modprobe -r hvg2_echo hvg2_sim 2>/dev/null || true
	exit $rc
}
trap sim_cleanup EXIT

# the device on the vmbus bus whose relid is $1
dev_of_relid() {
	local d
	for d in /sys/bus/vmbus/devices/*; do
		[ "$(cat "$d/id" 2>/dev/null)" = "$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

# retry a command for up to ten seconds
wait_for() {
	local i
	for i in $(seq 100); do "$@" && return 0; sleep 0.1; done
	return 1
}

sim_start() {
	local m
	run modprobe hvg2_sim
	# configfs may be a module, loaded just now: mount it if /init could not
	mountpoint -q /sys/kernel/config ||
		mount -t configfs configfs /sys/kernel/config
	for m in "$@"; do
		run modprobe "$m"
	done
}

# sim_offer NAME [CLASS]: offer a new device and wait until the guest bus
# has it. Sets relid and dev for the caller.
sim_offer() {
	mkdir "$cfg/$1"
	[ -z "${2:-}" ] || echo "$2" >"$cfg/$1/class"
	echo 1 >"$cfg/$1/enable"
	relid=$(cat "$cfg/$1/relid")
	[ "$relid" -gt 0 ] || fail "$1: no relid"
	wait_for dev_of_relid "$relid" >/dev/null ||
		fail "$1: no device for relid $relid"
	dev=$(dev_of_relid "$relid")
}

# sim_bound ATTR: wait until the driver bound to $dev shows ATTR
sim_bound() {
	wait_for test -e "$dev/$1" || fail "no driver bound to $dev ($1 missing)"
}
