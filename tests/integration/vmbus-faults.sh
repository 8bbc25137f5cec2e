#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every fault knob of the simulated host gives the guest a clean error:
# no hang, no crash, no leak (kmemleak runs after the tests), and the
# device works again once the fault is cleared (unbind/bind reopens).
#
#   knob          what the host does              what the guest must do
#   refuse_open   OPENCHANNEL_RESULT != 0         probe fails (EIO)
#   drop_msgs 1   loses the GPADL_HEADER           probe times out, pages kept
#   delay_ms      answers late                    still opens
#   forge_tid 1   completion with a forged id     id refused, run times out
#   repeat_tid 1  completion sent twice           second one refused
#   corrupt_ring  write index past the ring       channel broken (EIO)
#   stall         stops reading the ring          run times out (ETIMEDOUT)
set -e

SIM_DEVS="f0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
echo 3000 >/sys/module/hvg2_vmbus/parameters/msg_timeout_ms
sim_offer f0
name=$(basename "$dev")
drv=/sys/bus/vmbus/drivers/hvg2_echo
sim_bound echo_run

# expect_fail WHAT CMD...: CMD must fail
expect_fail() {
	local what=$1
	shift
	if "$@" 2>/tmp/fault.err; then
		fail "$what: succeeded"
	fi
	log "$what: failed as it should: $(cat /tmp/fault.err)"
}
rebind() {
	echo "$name" >$drv/unbind 2>/dev/null || true
	echo "$name" >$drv/bind
	run sh -c "echo '100 4 64' >$dev/echo_run"
}
traffic() { echo "$1" >"$dev/echo_run"; }

# ---- open ----
echo "$name" >$drv/unbind
echo 1 >$cfg/f0/refuse_open
expect_fail refuse_open sh -c "echo $name >$drv/bind"
echo 0 >$cfg/f0/refuse_open

echo 1 >$cfg/f0/drop_msgs
expect_fail drop_msgs sh -c "echo $name >$drv/bind"

echo 300 >$cfg/f0/delay_ms
echo "$name" >$drv/bind
echo 0 >$cfg/f0/delay_ms
run traffic "100 4 64"
log "delay_ms: open and traffic ok"

# ---- transaction ids ----
echo 1 >$cfg/f0/repeat_tid
run traffic "100 4 64"
grep -q 'rejected 1 ' "$dev/echo_stats" || fail "repeat_tid: $(cat "$dev/echo_stats")"
log "repeat_tid: duplicate refused"

# A run that can only time out waits 5 s instead of the default 30 s.
to=/sys/module/hvg2_echo/parameters/timeout_s
echo 1 >$cfg/f0/forge_tid
echo 5 >$to
expect_fail forge_tid traffic "100 4 64"
echo 30 >$to
grep -q 'rejected 1 ' "$dev/echo_stats" || fail "forge_tid: $(cat "$dev/echo_stats")"
rebind

# ---- ring ----
echo 1 >$cfg/f0/corrupt_ring
expect_fail corrupt_ring traffic "100 4 64"
[ "$(cat "$dev/channels/$(cat $cfg/f0/relid)/state")" = 2 ] || fail "channel not marked broken"
rebind

echo 1 >$cfg/f0/stall
echo 5 >$to
expect_fail stall traffic "100 4 64"
echo 30 >$to
echo 0 >$cfg/f0/stall
echo 1 >$cfg/f0/kick
rebind
log "all knobs ok"
exit 0
