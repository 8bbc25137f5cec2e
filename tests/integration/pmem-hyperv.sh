#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem with a Hyper-V family _DSM: ndctl's own Hyper-V support reads
# health and the unsafe-shutdown count through our sysfs and ND_CMD_CALL.
#
#   SSDT fixture (tests/fixtures/pmem-hyperv-dsm.asl)
#     \_SB.NVDR.HV00  _ADR 1, _DSM GUID 5746c5f2-...: health 0x8, count 3
#   hvg2_pmem -> nmem0: nfit/family 4, nfit/dsm_mask 0x1e, cmd_call
#   ndctl list -DH -> libndctl hyperv ops -> /dev/nmem0 ND_CMD_CALL fn 1
#                  -> "health_state": "non-critical", "shutdown_count": 3
#
# The fixture reaches the guest either as a firmware table (QEMU
# -acpitable) or through ACPI configfs (CONFIG_ACPI_CONFIGFS). With
# neither, this script says SKIP (exit 77, counted as skipped): there is no Hyper-V _DSM to
# talk to.
set -e

d=/sys/bus/nd/devices/nmem0
cfs=/sys/kernel/config/acpi/table
log() { echo "pmem-hyperv: $*"; }
run() { echo "+ $*"; "$@"; }
fail() { echo "pmem-hyperv: FAIL: $*"; exit 1; }

cleanup() {
	local rc=$?
	[ $rc = 0 ] || [ $rc = 77 ] || dmesg | tail -n 40
	exit $rc
}
trap cleanup EXIT

# iasl output of tests/fixtures/pmem-hyperv-dsm.asl
aml=53534454b70000000284485647320000485644534d00000001000000494e544c2509
aml+=2020a00f00155c2e5f53425f4e56445206001042085c2e5f53425f4e5644525b8244
aml+=0748563030085f4144520114095f53544100a40a0f144d055f44534d04a040059368
aml+=11130a10f2c54657a2a96442ad0ee4ddc9e09e80a009936a00a41103011fa01193
aml+=6a01a4110b0a080000000008000000a012936a0a02a4110b0a080000000003000000
aml+=a411070a0401000000a411030100

have_fixture() { grep -lq HVDSM /sys/firmware/acpi/tables/SSDT* 2>/dev/null; }

if ! have_fixture; then
	modprobe acpi_configfs 2>/dev/null || true
	if [ -d $cfs ]; then
		mkdir -p $cfs/hvg2_hvdsm
		# shellcheck disable=SC2059,SC2001 # the format is the table
		printf "$(echo "$aml" | sed 's/../\\x&/g')" >$cfs/hvg2_hvdsm/aml
		sleep 1	# the ACPI scan of the new objects runs from a work item
		log "fixture loaded through ACPI configfs"
	else
		log "SKIP: no Hyper-V _DSM fixture (needs QEMU -acpitable or CONFIG_ACPI_CONFIGFS)"
		exit 77
	fi
fi

if [ -d /sys/module/hvg2_pmem ]; then
	ndctl disable-region all >/dev/null
	run modprobe -r hvg2_pmem
fi
run modprobe hvg2_pmem
for _ in $(seq 50); do [ -e $d/nfit ] && break; sleep 0.1; done

# ---- the sysfs contract libndctl relies on ----
[ "$(cat $d/nfit/family)" = 4 ] || fail "family '$(cat $d/nfit/family 2>&1)'"
[ "$(cat $d/nfit/dsm_mask)" = 0x1e ] || fail "dsm_mask $(cat $d/nfit/dsm_mask)"
grep -qw cmd_call $d/commands || fail "no ND_CMD_CALL: $(cat $d/commands)"
[ "$(cat $d/nfit/dirty_shutdown)" = 3 ] ||
	fail "dirty_shutdown $(cat $d/nfit/dirty_shutdown)"
[ "$(cat $d/hvg2/health)" = "0x8 non-critical" ] ||
	fail "health '$(cat $d/hvg2/health)'"

# ---- and ndctl itself ----
run ndctl list -DH | tee /tmp/hv.json
grep -Eq '"health_state": ?"non-critical"' /tmp/hv.json ||
	fail "ndctl does not report the Hyper-V health"
grep -Eq '"shutdown_count": ?3' /tmp/hv.json ||
	fail "ndctl does not report the unsafe-shutdown count"
log "ok"
