#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Copy-out mode (what a confidential VM runs): hvg2_vmbus copy_out=1, so
# every inbound packet reaches the driver as a private copy validated
# after the copy. Echo traffic with every byte checked by hvg2_echo, and
# the channel's in_copied counter says the copies happened.
#
#   hvg2_vmbus copy_out=1
#   configfs hvg2_sim/c0 (class echo) --offer--> hvg2_echo
#   guest ring --> sim echo --> guest ring --copy--> private buffer --> check
set -e

SIM_DEVS="c0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# the next test must get the transport back with its default
trap 'sim_cleanup; modprobe -r hvg2_vmbus 2>/dev/null || true' EXIT
modprobe -r hvg2_echo hvg2_sim hvg2_vmbus 2>/dev/null || true
run modprobe hvg2_vmbus copy_out=1
[ "$(cat /sys/module/hvg2_vmbus/parameters/copy_out)" = 1 ] ||
	fail "copy_out not set"
sim_start hvg2_echo
sim_offer c0 echo
sim_bound echo_run
ch=$dev/channels/$relid

c0=$(cat "$ch/in_copied")
run sh -c "echo '5000 32 200' >$dev/echo_run"
run sh -c "echo '2000 8 3000 poll' >$dev/echo_run"
c1=$(cat "$ch/in_copied")
inb=$(cat "$ch/in_bytes")
log "copied $((c1 - c0)) bytes; inbound ring carried $inb"
# each completion carries its payload back: 5000*200 + 2000*3000 bytes
[ $((c1 - c0)) -ge $((5000 * 200 + 2000 * 3000)) ] ||
	fail "copy-out copied only $((c1 - c0)) bytes"
