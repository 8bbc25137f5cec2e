#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_sim_stor, host side: a SCSI controller wired to LIO through configfs
# alone, its LUNs added and removed while it is offered, and everything
# taken down again so that the modules unload (kmemleak runs afterwards).
# Needs no guest driver; with one bound, the hot add/remove notices reach
# it too.
#
#   /sys/kernel/config/hvg2_sim/scsi.c0 (class scsi) --offer--> guest
#        |  same name
#   /sys/kernel/config/target/hvg2_stor/scsi.c0/tpgt_1/lun/lun_{0,1}
#        |  symlinks
#   /sys/kernel/config/target/core/rd_mcp_0/hvg2_c0_{0,1}  (ramdisks)
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
sim_cleanup_extra() { stor_cleanup; }

modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
# shellcheck disable=SC2119 # no guest driver
sim_start
stor_start

stor_ctrl_add c0
d=$(stor_dev c0)
[ "$(cat "$d/class")" = scsi ] || fail "scsi.c0 has class $(cat "$d/class")"
[ -e "$d/fail_srb" ] || fail "the storage attributes are missing"
stor_ram_add c0 0 16
stor_ram_add c0 1 8
# knobs take what they should and refuse the rest (before the offer: a
# guest driver that binds would use them up)
echo "4 2 3 11 0 2" >"$d/fail_srb"
[ "$(cat "$d/fail_srb")" = "0x04 0x02 0x03 0x11 0x00 2" ] ||
	fail "fail_srb reads back $(cat "$d/fail_srb")"
echo 0 >"$d/fail_srb"
if echo "4 2 3" >"$d/fail_srb" 2>/dev/null; then
	fail "fail_srb took three fields"
fi
if echo 0x0402 >"$d/max_version" 2>/dev/null; then
	fail "max_version took 4.2"
fi
echo 0x0602 >"$d/max_version"

stor_ctrl_enable c0
relid=$(cat "$d/relid")
[ "$relid" -gt 0 ] || fail "controller not offered"
log "controller c0 offered as relid $relid"

# one TPG per controller: it is the controller's target 0
if mkdir "$stor_fab/scsi.c0/tpgt_2" 2>/dev/null; then
	fail "a second TPG was accepted"
fi

# hot remove and add while offered
stor_lun_del c0 1
stor_ram_add c0 1 4
stor_ram_add c0 7 4

# rescind and offer again, LUNs in place
stor_ctrl_enable c0 0
stor_ctrl_enable c0 1
[ "$(cat "$d/relid")" -gt 0 ] || fail "not offered again"

# the teardown is the test too: every step must succeed
stor_ctrl_del c0
[ ! -e "$d" ] || fail "scsi.c0 still there"
[ ! -e "$stor_fab/scsi.c0" ] || fail "LIO WWN still there"
stor_cleanup
if lsmod | grep -q '^hvg2_sim_stor'; then
	fail "hvg2_sim_stor did not unload"
fi
log "ok"
