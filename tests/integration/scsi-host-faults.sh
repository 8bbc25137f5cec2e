#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The storage fault knobs of hvg2_sim_stor, each against hvg2_scsi: the
# error reaches the application or is recovered, nothing hangs, and the
# disk's data is intact afterwards (kmemleak and the kernel log are
# checked after the tests).
#
#   knob                 host does                      guest sees
#   fail_srb medium err  CHECK CONDITION 03/11/00       read fails: EIO
#   fail_srb UA 29/00    CHECK CONDITION 06/29/00       retried: read ok
#   capacity_changed 0   UA 2a/09 on the next command   re-reads size: ok
#   bad_length 1         length 4 KiB past the buffer   refused, retried: ok
#   repeat_tid 1         answer sent twice              second refused: ok
#   hang_srbs 1          never answers                  timeout, reset: ok
#   forge_tid 1          answer with a forged id        refused, timeout,
#                                                       reset: no hang
#
#   LIO rd_mcp 16 MiB --hvg2_stor-- hvg2_sim_stor (scsi.f0) -- hvg2_scsi
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
sim_cleanup_extra() { stor_cleanup; }
stor_guest f0 16
host=$(basename "$(readlink -f "/sys/block/$disk/device/../..")")
hs=/sys/class/scsi_host/$host
log "disk /dev/$disk on $host"
# a hung request must reach error handling quickly
echo 5 >"/sys/block/$disk/device/timeout"

dd if=/dev/urandom of=/tmp/pat bs=64k count=16 status=none
dd if=/tmp/pat of="/dev/$disk" bs=64k oflag=direct status=none
rd() { timeout 300 dd if="/dev/$disk" of=/dev/null bs=4k count=1 \
	skip="${1:-0}" iflag=direct status=none; }
hstat() { cat "$hs/$1" 2>/dev/null || echo 0; }
knob() { log "$1: $(cat "$d/$1")"; }

# ---- a medium error reaches the reader ----
e0=$(cat "$d/srb_errors")
echo "4 2 3 11 0" >"$d/fail_srb"
if rd 1; then
	fail "medium error: the read succeeded"
fi
log "medium error: read failed as it should"
[ "$(cat "$d/srb_errors")" -gt "$e0" ] || fail "srb_errors did not count it"
rd 1 || fail "read after the medium error failed"

# ---- a unit attention is retried by the SCSI layer ----
echo "4 2 6 29 0" >"$d/fail_srb"
rd 2 || fail "unit attention: the read failed"
[ "$(awk '{print $6}' "$d/fail_srb")" = 0 ] || fail "fail_srb not used"
log "unit attention: retried"

# ---- capacity changed: the next command gets 2a/09, then works ----
echo 0 >"$d/capacity_changed"
rd 3 || fail "capacity changed: the read failed"
log "capacity changed: read ok"

# ---- an impossible length is refused and retried ----
b0=$(hstat bad_lengths)
echo 1 >"$d/bad_length"
rd 4 || fail "bad length: the read failed for good"
[ "$(cat "$d/bad_length")" = 0 ] || fail "bad_length not used"
log "bad length: guest counted $(($(hstat bad_lengths) - b0))"

# ---- an answer sent twice: the second is refused ----
echo 1 >"$d/repeat_tid"
rd 5 || fail "repeated answer: the read failed"
log "repeat: stale ids $(hstat stale_ids)"

# ---- a request never answered: timeout, reset, retried ----
r0=$(cat "$d/resets")
echo 1 >"$d/hang_srbs"
rd 6 || fail "hung request: the read failed"
[ "$(cat "$d/resets")" -gt "$r0" ] || fail "no reset reached the host"
log "hung request: $(($(cat "$d/resets") - r0)) reset(s), read ok"

# ---- a forged id: refused; the request times out, no hang ----
f0=$(($(hstat forged_ids) + $(hstat stale_ids)))
echo 1 >"$d/forge_tid"
if rd 7; then
	log "forged id: read recovered"
else
	log "forged id: read failed cleanly"
fi
[ "$(cat "$d/forge_tid")" = 0 ] || fail "forge_tid not used"
f1=$(($(hstat forged_ids) + $(hstat stale_ids)))
[ "$f1" -gt "$f0" ] || fail "the guest took the forged id"
log "forged id: guest refused $((f1 - f0))"

# ---- the data survived all of it ----
dd if="/dev/$disk" of=/tmp/back bs=64k count=16 iflag=direct status=none
cmp /tmp/pat /tmp/back || fail "data differs after the faults"
knob srbs
knob srb_errors
log "ok"
