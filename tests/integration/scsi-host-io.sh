#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_sim_stor serves a guest: the vstor handshake, then the disk a LIO
# ramdisk backs, as the guest's SCSI stack sees it (INQUIRY, READ
# CAPACITY), written and read back through the guest's own pages; LUNs
# added and removed while the guest runs (ENUMERATE_BUS). The guest driver
# is hvg2_scsi (the host's protocol is checked against the kernel's own
# hv_storvsc in the oracle tests).
#
#   LIO rd_mcp 32 MiB (lun 0), 8 MiB (lun 1, hot added)
#        |  fabric hvg2_stor, WWN scsi.c0
#   hvg2_sim_stor --vstor over VMBus--> hvg2_scsi --> /dev/sdX
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
sim_cleanup_extra() { stor_cleanup; }
stor_guest c0 32
[ "$(cat "$d/protocol")" = 0x0602 ] || fail "protocol $(cat "$d/protocol"), not 6.2"

# INQUIRY and READ CAPACITY come from LIO
read -r vendor <"/sys/block/$disk/device/vendor"
[ "$vendor" = LIO-ORG ] || fail "vendor '$vendor'"
sectors=$(cat "/sys/block/$disk/size")
[ "$sectors" = $((32 * 2048)) ] || fail "size $sectors sectors, not 32 MiB"

# data through the guest's pages, unaligned offsets and sizes included
# (srb_errors counts the scan's probes of targets that do not exist too)
e0=$(cat "$d/srb_errors")
run dd if=/dev/urandom of=/tmp/pat bs=1M count=8 status=none
run dd if=/tmp/pat of="/dev/$disk" bs=1M oflag=direct status=none
run dd if=/tmp/pat of="/dev/$disk" bs=4k count=3 seek=4097 oflag=direct \
	status=none
dd if="/dev/$disk" of=/tmp/back bs=1M count=8 iflag=direct status=none
cmp /tmp/pat /tmp/back || fail "data read back differs"
dd if="/dev/$disk" of=/tmp/back bs=4k count=3 skip=4097 iflag=direct \
	status=none
cmp <(head -c 12288 /tmp/pat) /tmp/back || fail "unaligned data differs"
log "8 MiB written and read back; $(cat "$d/srbs") SRBs"
[ "$(cat "$d/srb_errors")" = "$e0" ] || fail "SRB errors during the I/O"
[ "$(cat "$d/bad_packets")" = 0 ] || fail "$(cat "$d/bad_packets") bad packets"

# hot add: the guest rescans on ENUMERATE_BUS
stor_ram_add c0 1 8
wait_for stor_disk c0 1 >/dev/null || fail "hot-added LUN 1 not seen"
disk1=$(stor_disk c0 1)
log "LUN 1 hot added: /dev/$disk1"
# hot remove
stor_lun_del c0 1
wait_for test ! -e "/sys/block/$disk1" || fail "removed LUN 1 still there"
log "LUN 1 hot removed"

# the controller goes with its disk in place: rescind, then unload
stor_ctrl_enable c0 0
wait_for test ! -e "/sys/block/$disk" || fail "disk outlived the rescind"
log "ok"
