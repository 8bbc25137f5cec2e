#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rescind while traffic flows: the run in flight fails promptly with
# ENODEV (no hang), the device goes away, RELID_RELEASED lets the host
# offer it again, and the new device carries traffic. Then the host goes
# away under a bound driver (rmmod hvg2_sim: UNLOAD).
#
#   echo_run (background) ---> ring ---> sim echo
#   configfs rescind ---> RESCIND_CHANNELOFFER ---> device removed
set -e

SIM_DEVS="r0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
mkdir $cfg/r0
echo 1 >$cfg/r0/enable

for n in 1 2 3 4 5; do
	wait_for dev_of_relid "$(cat $cfg/r0/relid)" >/dev/null || fail "round $n: no device"
	dev=$(dev_of_relid "$(cat $cfg/r0/relid)")
	wait_for test -e "$dev/echo_run" || fail "round $n: not bound"
	( echo "100000000 32 256" >"$dev/echo_run" ) 2>/tmp/rescind.err &
	pid=$!
	sleep 0.$((RANDOM % 9 + 1))
	echo 1 >$cfg/r0/rescind
	start=$(date +%s)
	if wait $pid; then
		fail "round $n: the run survived the rescind"
	fi
	[ $(( $(date +%s) - start )) -lt 10 ] || fail "round $n: slow to fail"
	log "round $n: run failed with: $(cat /tmp/rescind.err)"
	wait_for sh -c "! test -e $dev" || fail "round $n: device stayed"
	echo 1 >$cfg/r0/enable
done
wait_for dev_of_relid "$(cat $cfg/r0/relid)" >/dev/null || fail "no device at the end"
dev=$(dev_of_relid "$(cat $cfg/r0/relid)")
wait_for test -e "$dev/echo_run" || fail "not bound at the end"
run sh -c "echo '1000 8 64' >$dev/echo_run"

# the host leaves with drivers bound and channels open (UNLOAD)
rmdir $cfg/r0
run modprobe -r hvg2_sim
run modprobe hvg2_sim echo_devices=2
wait_for sh -c '[ $(ls /sys/bus/vmbus/drivers/hvg2_echo | grep -c -- -) = 2 ]' ||
	fail "echo_devices=2 not bound"
run modprobe -r hvg2_sim
[ -z "$(ls /sys/bus/vmbus/devices)" ] || fail "devices left after unload"
log "ok"
exit 0
