#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_vmbus + hvg2_sim: an echo device end to end. Traffic at depth 1 and
# 32 and polled, with every byte checked, and the counters that say how
# often we signalled and were interrupted (vmbus-cycles.sh: open/close).
#
#   configfs hvg2_sim/e0 (class echo)
#        |  OFFERCHANNEL
#        v
#   /sys/bus/vmbus/devices/<guid>  <-- hvg2_echo (bound by modalias)
#        |  echo_run "count depth len"
#        v
#   guest ring --signal--> sim host (echo) --completion + IPI--> guest ring
set -e

SIM_DEVS="e0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
sim_offer e0 echo
log "device $dev"
sim_bound echo_run
ch=$dev/channels/$relid

stat() { cat "$ch/$1"; }

# ---- depth 1: one signal and one interrupt per message ----
s0=$(stat events); i0=$(stat interrupts)
run sh -c "echo '2000 1 64' >$dev/echo_run"
cat "$dev/echo_stats"
s1=$(stat events); i1=$(stat interrupts)
log "depth 1: signals $((s1 - s0)) interrupts $((i1 - i0)) for 2000 messages"
# nothing to batch at depth 1: exactly one of each per message
[ $((s1 - s0)) = 2000 ] || fail "depth 1: $((s1 - s0)) signals for 2000 messages"
[ $((i1 - i0)) = 2000 ] || fail "depth 1: $((i1 - i0)) interrupts for 2000 messages"

# ---- depth 32: batching ----
run sh -c "echo '20000 32 64' >$dev/echo_run"
cat "$dev/echo_stats"
s2=$(stat events); i2=$(stat interrupts)
log "depth 32: signals $((s2 - s1)) interrupts $((i2 - i1)) for 20000 messages"
# the target: at most one signal and one interrupt per 16 messages
[ $(( (s2 - s1) * 16 )) -le 20000 ] || fail "depth 32: too many signals"
[ $(( (i2 - i1) * 16 )) -le 20000 ] || fail "depth 32: too many interrupts"

# ---- polled mode: the host's interrupts masked, the writer reaps ----
run sh -c "echo '20000 32 64 poll' >$dev/echo_run"
cat "$dev/echo_stats"
i3=$(stat interrupts)
log "polled: interrupts $((i3 - i2)) for 20000 messages"
[ $(( (i3 - i2) * 16 )) -le 20000 ] || fail "polled mode still interrupted"
[ "$(stat in_mask)" = 0 ] || fail "interrupts still masked after polling"

# ---- sizes up to a page, every byte checked by the driver ----
for len in 4 8 100 1000 4000 4096; do
	run sh -c "echo '200 8 $len' >$dev/echo_run"
done
grep -q ' bad 0$' "$dev/echo_stats" || fail "corrupted echoes"

# ---- the host's work kept to one CPU (its workqueue's sysfs cpumask) ----
wq=/sys/devices/virtual/workqueue/hvg2_sim_data
[ -w "$wq/cpumask" ] || fail "no cpumask for the simulated host's work"
mask0=$(cat "$wq/cpumask")
last=$(($(nproc) - 1))
run sh -c "printf '%x' $((1 << last)) >$wq/cpumask"
log "host work on CPU $last only: $(cat "$wq/cpumask")"
run sh -c "echo '2000 32 64' >$dev/echo_run"
run sh -c "echo '$mask0' >$wq/cpumask"
grep -q ' bad 0$' "$dev/echo_stats" || fail "corrupted echoes with the host on one CPU"

exit 0
