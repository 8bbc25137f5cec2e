#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Copy-out mode (what a confidential VM runs): hvg2_vmbus copy_out=1, so
# every inbound packet reaches the driver as a private copy validated
# after the copy. Echo traffic with every byte checked by hvg2_echo, and
# the channel's in_copied counter says the copies happened.
# host_visible=1 runs the isolated guest's page conversions too (no-ops on
# this plain guest): the ring, a driver GPADL and the monitor pages are
# made host-visible and private again, as hvg2_host_visible/ counts.
#
#   hvg2_vmbus copy_out=1 host_visible=1
#   configfs hvg2_sim/c0 (class echo) --offer--> hvg2_echo
#   guest ring --> sim echo --> guest ring --copy--> private buffer --> check
set -e

SIM_DEVS="c0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# the next test must get the transport back with its defaults (sim_cleanup
# exits, so this runs inside it: the device, the sim, then the transport)
sim_cleanup_extra() {
	rmdir $cfg/c0 2>/dev/null || true
	modprobe -r hvg2_echo hvg2_sim hvg2_vmbus 2>/dev/null || true
}
modprobe -r hvg2_echo hvg2_sim hvg2_vmbus 2>/dev/null || true
run modprobe hvg2_vmbus copy_out=1 host_visible=1
[ "$(cat /sys/module/hvg2_vmbus/parameters/copy_out)" = 1 ] ||
	fail "copy_out not set"
vis=/sys/bus/vmbus/hvg2_host_visible
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

# ---- host-visible pages: every page made shared is made private again ----
d0=$(cat $vis/decrypted_pages)
e0=$(cat $vis/encrypted_pages)
# two monitor pages and the echo rings are shared while connected
[ "$d0" -gt 2 ] || fail "only $d0 pages made host-visible"
run sh -c "echo $((16 * 4096)) >$dev/gpadl_test"
[ $(($(cat $vis/decrypted_pages) - d0)) = 16 ] || fail "GPADL: decrypted $(cat $vis/decrypted_pages), was $d0"
[ $(($(cat $vis/encrypted_pages) - e0)) = 16 ] || fail "GPADL: encrypted $(cat $vis/encrypted_pages), was $e0"
# rmmod, not modprobe -r: that would take the unused transport along
rmdir $cfg/c0 && rmmod hvg2_echo hvg2_sim
d1=$(cat $vis/decrypted_pages)
e1=$(cat $vis/encrypted_pages)
log "host-visible: $d1 pages shared, $e1 made private, $(cat $vis/leaked_pages) leaked"
[ "$d1" = "$e1" ] || fail "$d1 pages shared but $e1 made private"
[ "$(cat $vis/leaked_pages)" = 0 ] || fail "pages leaked"
exit 0

