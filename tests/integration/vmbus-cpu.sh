#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# CPU offline with channels on it: the transport moves them away with
# MODIFYCHANNEL before the CPU goes (the kernel's own transport refuses),
# traffic keeps flowing, and nothing targets the offline CPU.
#
#   echo devices c0, c1: channels spread over CPU 0 and 1
#   CPU 1 offline  --MODIFYCHANNEL x n--> sim (acks, 5.3)  ==> all on CPU 0
set -e

SIM_DEVS="c0 c1"
cpu1=/sys/devices/system/cpu/cpu1/online
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_cleanup_extra() { [ ! -e "$cpu1" ] || echo 1 >"$cpu1" 2>/dev/null; }

if [ ! -w $cpu1 ]; then
	log "SKIP: no hotpluggable CPU 1"
	exit 77
fi
sim_start hvg2_echo
devs=()
for n in c0 c1; do
	mkdir $cfg/$n
	echo 1 >$cfg/$n/enable
	wait_for dev_of_relid "$(cat $cfg/$n/relid)" >/dev/null || fail "$n: no device"
	d=$(dev_of_relid "$(cat $cfg/$n/relid)")
	wait_for test -e "$d/echo_run" || fail "$n: not bound"
	devs+=("$d")
done
cpus() { cat /sys/bus/vmbus/devices/*/channels/*/cpu | sort | tr '\n' ' '; }
log "channel CPUs before: $(cpus)"
cpus | grep -q 1 || fail "no channel on CPU 1 to move"

# traffic on both while CPU 1 goes away
pids=()
for d in "${devs[@]}"; do
	( echo "20000 16 64" >"$d/echo_run" ) &
	pids+=($!)
done
sleep 0.5
run sh -c "echo 0 >$cpu1"
for p in "${pids[@]}"; do
	wait "$p" || fail "traffic failed across the CPU offline"
done
log "channel CPUs after: $(cpus)"
cpus | grep -q 1 && fail "a channel still targets the offline CPU"
for d in "${devs[@]}"; do
	run sh -c "echo '1000 8 64' >$d/echo_run"
done
run sh -c "echo 1 >$cpu1"
log "ok"
exit 0
