#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_scsi against a host that misbehaves: each fault knob of the storage
# service and of the simulated host, and what the application sees. An
# SRB failed with sense and an impossible transfer length reach the
# application as I/O errors; an SRB never answered, a forged and a
# repeated transaction id are recovered by the error handler (LUN reset)
# and counted; a host that stops reading its ring costs the devices (the
# application gets errors, nothing hangs). The module unloads after all.
#
#   LIO rd_mcp ramdisk (16 MiB) -- LUN 0 -- hvg2_sim_stor scsi.c0 (faults)
#        | VMBus (simulated host)
#   hvg2_scsi hostN -- sdX: dd
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
# shellcheck source-path=SCRIPTDIR source=lib/scsi.sh
. /hvg2/tests/lib/scsi.sh
sim_cleanup_extra() {
	echo 0 >"$(stor_dev c0)/stall" 2>/dev/null || true
	modprobe -r hvg2_scsi || true
	stor_cleanup
}

# one direct 4 KiB read of block $2 of /dev/$1
rd() { dd if="/dev/$1" of=/dev/null bs=4k count=1 skip="$2" iflag=direct status=none; }

sim_start
modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
stor_start
# resets are answered at once here; do not wait long for what never comes
run modprobe hvg2_scsi ctrl_timeout_ms=3000
stor_ctrl_add c0
stor_ram_add c0 0 16
stor_ctrl_enable c0
d=$(stor_dev c0)
disk=$(scsi_wait_disk c0 0)
# time out in 3 s, not 30: the eh tests wait for it
echo 3 >"/sys/block/$disk/device/timeout"
rd "$disk" 0 || fail "first read"

# an SRB failed with MEDIUM ERROR sense: the read fails, once
echo "04 02 03 11 00 1" >"$d/fail_srb"
if rd "$disk" 1 2>/dev/null; then fail "medium error did not fail the read"; fi
log "medium error reached the application"
rd "$disk" 1 || fail "read after the fault"

# a transfer length past the buffer: the answer is not believed. The
# midlayer retries the command (5 times for sd), so a host that keeps
# doing it makes the read fail
b0=$(scsi_stat c0 bad_lengths)
echo 1 >"$d/bad_length"
rd "$disk" 2 || fail "one bad length was not retried"
[ "$(scsi_stat c0 bad_lengths)" = $((b0 + 1)) ] || fail "bad length not counted"
echo 20 >"$d/bad_length"
if rd "$disk" 2 2>/dev/null; then fail "impossible lengths were believed"; fi
echo 0 >"$d/bad_length"
log "impossible length refused: $(($(scsi_stat c0 bad_lengths) - b0)) answers"
rd "$disk" 2 || fail "read after bad length"

# an SRB never answered: timeout, LUN reset, the read is retried and works
r0=$(scsi_stat c0 resets)
echo 1 >"$d/hang_srbs"
rd "$disk" 3 || fail "read not recovered after a hung SRB"
[ "$(scsi_stat c0 resets)" -gt "$r0" ] || fail "no reset for the hung SRB"
log "hung SRB recovered by reset"

# a forged id: dropped and counted; the command is recovered like a hung one
s0=$(scsi_stat c0 stale_ids)
echo 1 >"$d/forge_tid"
rd "$disk" 4 || fail "read not recovered after a forged id"
[ "$(scsi_stat c0 stale_ids)" -gt "$s0" ] || fail "forged id not counted"
log "forged id dropped, read recovered"

# a repeated completion: dropped and counted, nothing else happens
s0=$(scsi_stat c0 stale_ids)
echo 1 >"$d/repeat_tid"
rd "$disk" 5 || fail "read with a repeated completion"
rd "$disk" 6 || fail "read after a repeated completion"
[ "$(scsi_stat c0 stale_ids)" -gt "$s0" ] || fail "repeated id not counted"
[ "$(scsi_stat c0 broken)" = 0 ] || fail "controller broken by a repeat"
log "repeated completion dropped"

# data still intact after all that
scsi_fio --name=after --filename="/dev/$disk" --direct=1 --ioengine=libaio \
	--iodepth=8 --rw=randrw --bs=4k --size=2M --verify=crc32c \
	--verify_fatal=1 --do_verify=1 || fail "fio after the faults"

# the host stops reading its ring: errors reach the application, no hang
echo 1 >"$d/stall"
rc=0
timeout 120 dd if="/dev/$disk" of=/dev/null bs=4k count=1 skip=7 \
	iflag=direct status=none 2>/dev/null || rc=$?
[ "$rc" != 0 ] || fail "read succeeded on a stalled host"
[ "$rc" != 124 ] || fail "read hung on a stalled host"
log "stalled host: the read failed (dd status $rc)"
echo 0 >"$d/stall"
echo 1 >"$d/kick"

run modprobe -r hvg2_scsi
log "ok"
