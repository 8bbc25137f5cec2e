#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Synthetic SCSI benchmark (make bench-scsi) and its smoke run (make check):
# the same fio jobs on the same LIO ramdisk behind the same simulated
# host, driven by hvg2_scsi and by the kernel's own hv_storvsc (over
# hvg2_hvapi, when both load), and on brd as the ceiling.
#
#   LIO rd_mcp (128 MiB) -- LUN 0 -- hvg2_sim_stor scsi.c0
#        | VMBus (simulated host)          brd /dev/ram0 (128 MiB)
#   hvg2_scsi  |  hv_storvsc + hvg2_hvapi       |
#        fio libaio direct: 4k randread/randwrite at depth 1 and 32,
#        128k sequential read and write at depth 8
#
# Per job: IOPS, MB/s, and from the VMBus channel counters of the
# controller (sysfs channels/*/events and interrupts) the host signals
# and guest interrupts per I/O (I/Os as fio counts them). Targets at
# depth 32 (issue 7): hvg2_scsi >= 1.2x hv_storvsc's IOPS with <= 1/4 of
# its signals and interrupts per I/O, and >= 0.5x brd's IOPS.
#
# With hvg2_scsi_bench=1 on the kernel command line: 10 s per job, and
# three rounds, each driver in turn in every round, so that a slow spell
# of the (TCG) machine hits all three: the table gives each figure's
# median over the rounds, and the ratios are medians of the ratios within
# a round. Without it (make check's smoke run): one round of the 4k jobs
# only (brd: depth 32 only, the ratio's denominator), 1 s each, and only
# a job
# that fails or measures nothing fails - plus hvg2_scsi's interrupt
# coalescing: the backstop timer must not run at depth 1; that it reaps
# at depth 32 is asserted by the real benchmark only, since a 1-s job on
# a loaded TCG guest may never hold 8 requests on one channel
# (Documentation/scsi.rst).
set -e

# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
# shellcheck source-path=SCRIPTDIR source=lib/stor.sh
. /hvg2/tests/lib/stor.sh
# shellcheck source-path=SCRIPTDIR source=lib/scsi.sh
. /hvg2/tests/lib/scsi.sh
# shellcheck source-path=SCRIPTDIR source=lib/hvapi.sh
. /hvg2/tests/lib/hvapi.sh
sim_cleanup_extra() {
	stor_ctrl_enable c0 0 2>/dev/null || true
	rmmod hv_storvsc 2>/dev/null || true
	hvapi_unload || true
	modprobe -r hvg2_scsi brd 2>/dev/null || true
	stor_cleanup
}

bench=$(sed -n 's/.*hvg2_scsi_bench=\([0-9]*\).*/\1/p' /proc/cmdline)
secs=1
rounds=1
[ "${bench:-0}" = 1 ] && { secs=10; rounds=3; }
res=/tmp/scsi-bench.res
: >"$res"
round=1

jobs="randread:4k:1 randread:4k:32 randwrite:4k:1 randwrite:4k:32"
[ "${bench:-0}" = 1 ] && jobs="$jobs read:128k:8 write:128k:8"

# the VMBus device above a block device, or nothing (brd)
vmbus_dev_of() {
	local p
	p=$(readlink -f "/sys/block/$1/device" 2>/dev/null) || return 0
	while [ "$p" != / ]; do
		[ -d "$p/channels" ] && { echo "$p"; return 0; }
		p=$(dirname "$p")
	done
}

# sum of one counter over the device's channels ($1 dir or "", $2 name)
chan_sum() {
	local s=0 f
	[ -n "$1" ] || { echo 0; return; }
	for f in "$1"/channels/*/"$2"; do
		[ -e "$f" ] && s=$((s + $(cat "$f")))
	done
	echo $s
}

# hvg2_scsi's backstop timer passes ($1: the label; 0 for other drivers)
timer_passes() {
	if [ "$1" = hvg2_scsi ]; then
		scsi_stat c0 timer_passes
	else
		echo 0
	fi
}

# run the jobs $3 (default $jobs) on /dev/$2, label $1; lines
# "label job iops IOPS MB/s MB/s sig/io sig/IO int/io int/IO round N"
# into $res
run_jobs() {
	local label=$1 disk=$2 dev j rw bs qd out kb kbs iops s0 i0 t0 t n s i
	dev=$(vmbus_dev_of "$disk")
	for j in ${3:-$jobs}; do
		IFS=: read -r rw bs qd <<<"$j"
		s0=$(chan_sum "$dev" events)
		i0=$(chan_sum "$dev" interrupts)
		t0=$(timer_passes "$label")
		out=$(fio --name=b --filename="/dev/$disk" --direct=1 \
			--ioengine=libaio --rw="$rw" --bs="$bs" --iodepth="$qd" \
			--size=64M --runtime=$secs --time_based --eta=never \
			--output-format=terse --terse-version=3) || fail "fio $label $j"
		# terse v3: 6/7/8 read KiB, KiB/s, IOPS; 47/48/49 the same, write
		case $rw in
		*read) read -r kb kbs iops <<<"$(echo "$out" | awk -F';' '{print $6, $7, $8}')" ;;
		*) read -r kb kbs iops <<<"$(echo "$out" | awk -F';' '{print $47, $48, $49}')" ;;
		esac
		n=$((kb / ${bs%k}))
		s=$(($(chan_sum "$dev" events) - s0))
		i=$(($(chan_sum "$dev" interrupts) - i0))
		t=$(($(timer_passes "$label") - t0))
		if [ "$n" -le 0 ] || [ "${iops:-0}" -le 0 ]; then
			fail "$label $j: no I/O"
		fi
		if [ "$label" = hvg2_scsi ]; then
			log "$label $rw-$bs-qd$qd: $t coalescing timer passes," \
				"$(scsi_stat c0 timer_reaped) completions reaped by them in all;" \
				"doorbells deferred $(scsi_stat c0 doorbells_deferred)," \
				"paid by a reap $(scsi_stat c0 doorbells_paid) in all"
			if [ "$qd" = 1 ] && [ "$t" != 0 ]; then
				fail "coalescing timer at depth 1"
			fi
			# whether depth 32 keeps 8 in flight on one channel
			# depends on the host's pace: a finding, a failure
			# only in the real benchmark
			if [ "$qd" = 32 ] && [ "$t" = 0 ]; then
				[ "${bench:-0}" != 1 ] ||
					fail "no coalescing at depth 32"
				log "note: no coalescing at depth 32 in this run"
			fi
		fi
		printf '%-10s %-16s %8s IOPS %8s MB/s %6s sig/IO %6s int/IO  round %s\n' \
			"$label" "$rw-$bs-qd$qd" "$iops" \
			"$(awk "BEGIN{printf \"%.1f\", $kbs / 1024}")" \
			"$(awk "BEGIN{printf \"%.3f\", $s / $n}")" \
			"$(awk "BEGIN{printf \"%.3f\", $i / $n}")" "$round" | tee -a "$res"
	done
}

sim_start
modinfo hvg2_sim_stor >/dev/null 2>&1 || { log "no hvg2_sim_stor (no LIO)"; exit 77; }
stor_start
stor_ctrl_add c0
stor_ram_add c0 0 128
log "$secs s per job, $rounds round(s)"

# hvg2_scsi
round_hvg2() {
	run modprobe hvg2_scsi
	stor_ctrl_enable c0
	disk=$(scsi_wait_disk c0 0)
	run_jobs hvg2_scsi "$disk"
	stor_ctrl_enable c0 0
	wait_for scsi_no_disk c0 0 || fail "hvg2_scsi disk still there"
	run modprobe -r hvg2_scsi
}

# hv_storvsc over hvg2_hvapi (loaded by path: see lib/hvapi.sh)
round_storvsc() {
	if hvapi_ko hvg2_hvapi >/dev/null && hvapi_ko hv_storvsc >/dev/null; then
		hvapi_load scsi
		run insmod "$(hvapi_ko hv_storvsc)"
		stor_ctrl_enable c0
		disk=
		for _ in $(seq 100); do
			for b in /sys/class/scsi_host/host*/device/target*/*/block/*; do
				[ -d "$b" ] || continue
				h=${b#/sys/class/scsi_host/}
				h=${h%%/*}
				[ "$(cat "/sys/class/scsi_host/$h/proc_name")" = storvsc_host ] &&
					disk=$(basename "$b")
			done
			[ -n "$disk" ] && break
			sleep 0.1
		done
		# oracle-scsi.sh asserts that hv_storvsc works; here a failure is
		# only reported (no upstream column) and the benchmark goes on.
		if [ -z "$disk" ]; then
			log "hv_storvsc found no disk: upstream not measured"
			dmesg | grep -i storvsc | tail -n 3
		elif ! ( run_jobs storvsc "$disk" ); then
			log "hv_storvsc: I/O failed on the simulated host: not measured"
		fi
		stor_ctrl_enable c0 0
		sleep 1
		run rmmod hv_storvsc
		hvapi_unload
	else
		log "no hvg2_hvapi or hv_storvsc: the upstream driver is not measured"
	fi
}

# brd
round_brd() {
	run modprobe brd rd_nr=1 rd_size=131072
	if [ "${bench:-0}" = 1 ]; then
		run_jobs brd ram0
	else
		run_jobs brd ram0 "randread:4k:32 randwrite:4k:32"
	fi
	run modprobe -r brd
}

for round in $(seq "$rounds"); do
	log "round $round of $rounds"
	round_hvg2
	round_storvsc
	round_brd
done

# the medians (the middle value; the lower middle of an even count)
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
if [ "$rounds" -gt 1 ]; then
	log "medians over $rounds rounds:"
	awk '{ print $1, $2 }' "$res" | sort -u | while read -r l j; do
		printf '%-10s %-16s %8s IOPS %8s MB/s %6s sig/IO %6s int/IO  median\n' "$l" "$j" \
			"$(awk -v l="$l" -v j="$j" '$1 == l && $2 == j && $12 ~ /^[0-9]/ {print $3}' "$res" | med)" \
			"$(awk -v l="$l" -v j="$j" '$1 == l && $2 == j && $12 ~ /^[0-9]/ {print $5}' "$res" | med)" \
			"$(awk -v l="$l" -v j="$j" '$1 == l && $2 == j && $12 ~ /^[0-9]/ {print $7}' "$res" | med)" \
			"$(awk -v l="$l" -v j="$j" '$1 == l && $2 == j && $12 ~ /^[0-9]/ {print $9}' "$res" | med)"
	done
fi

# ratios at depth 32: within each round, then their median
val() { awk -v l="$1" -v j="$2" -v f="$3" -v r="$4" '$1 == l && $2 == j && $12 == r {print $f}' "$res"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# $1 $2: labels, $3 job, $4 field: the median of the rounds' ratios
mratio() {
	local r
	for r in $(seq "$rounds"); do
		ratio "$(val "$1" "$3" "$4" "$r")" "$(val "$2" "$3" "$4" "$r")"
		echo
	done | grep -v '^-$' | med | grep . || echo -
}
for j in randread-4k-qd32 randwrite-4k-qd32; do
	u=$(awk -v j="$j" '$1 == "storvsc" && $2 == j' "$res")
	log "$j: hvg2_scsi/storvsc IOPS $(mratio hvg2_scsi storvsc $j 3), hvg2_scsi/brd IOPS $(mratio hvg2_scsi brd $j 3)"
	if [ -n "$u" ]; then
		log "$j: hvg2_scsi/storvsc signals per I/O $(mratio hvg2_scsi storvsc $j 7), interrupts per I/O $(mratio hvg2_scsi storvsc $j 9)"
	fi
done
log "ok"
