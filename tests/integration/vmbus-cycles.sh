#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 1000 close/open cycles of an echo channel (unbind/bind: GPADL, OPEN,
# CLOSE, TEARDOWN each time) with no leak (kmemleak runs after the tests)
# and traffic still flowing. About 15 minutes under KASAN and TCG.
#
#   hvg2_echo unbind -> CLOSECHANNEL, GPADL_TEARDOWN, rings freed
#   hvg2_echo bind   -> rings, GPADL_HEADER/BODY, OPENCHANNEL
set -e

SIM_DEVS="e0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
sim_offer e0 echo
log "device $dev"
sim_bound echo_run

# ---- 1000 close/open cycles ----
drv=/sys/bus/vmbus/drivers/hvg2_echo
name=$(basename "$dev")
for _ in $(seq 1000); do
	echo "$name" >$drv/unbind
	echo "$name" >$drv/bind
done
[ "$(cat $cfg/e0/open)" = 1 ] || fail "channel not open after the cycles"
run sh -c "echo '1000 16 128' >$dev/echo_run"
log "1000 open/close cycles done; traffic flows"
exit 0
