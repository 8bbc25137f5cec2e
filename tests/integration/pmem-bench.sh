#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvg2_pmem benchmark (make bench-pmem) and its smoke run (make check).
#
#   /dev/pmem0 (raw)    fio psync direct: seq 1M r/w, rand 4k r/w
#   /dev/ram0 (brd)     same jobs, same size            -> IOPS baseline
#   ext4 -o dax file    fio mmap: seq 1M w/r (loads and stores on vPMEM)
#   tmpfs file          same jobs: memcpy to and from guest RAM -> baseline
#
#   targets: DAX mmap bandwidth >= 0.9 x tmpfs mmap (memcpy) bandwidth
#            /dev/pmem0 4k random IOPS >= brd's
#
# With hvg2_pmem_bench=1 on the kernel command line (make bench-pmem):
# 10 s per job over 128 MiB and a missed target fails. Without it: 1 s per
# job over 32 MiB, and only a job that fails or measures nothing fails the
# test.
set -e

mnt=/mnt/pmem-bench
shm=/dev/shm/hvg2-bench
bench=$(sed -n 's/.*hvg2_pmem_bench=\([0-9]*\).*/\1/p' /proc/cmdline)
secs=1
size=32M
if [ "${bench:-0}" = 1 ]; then
	secs=10
	size=128M
fi
log() { echo "pmem-bench: $*"; }
fail() { echo "pmem-bench: FAIL: $*"; exit 1; }

cleanup() {
	local rc=$?
	mountpoint -q $mnt && umount $mnt
	ndctl create-namespace -f -e namespace0.0 -m raw >/dev/null 2>&1 || true
	[ -d /sys/module/brd ] && rmmod brd
	rm -rf $shm
	exit $rc
}
trap cleanup EXIT

# fio terse v3: field 7 read KiB/s, 8 read IOPS, 48 write KiB/s, 49 write IOPS
# job NAME RW BS [fio args...] -> "KiB/s IOPS"
job() {
	local name=$1 rw=$2 bs=$3 out
	shift 3
	out=$(fio --name="$name" --rw="$rw" --bs="$bs" --runtime=$secs \
		--time_based --ramp_time=0 --output-format=terse --eta=never \
		--terse-version=3 "$@") || fail "fio $name"
	case $rw in
	*read) echo "$out" | awk -F';' '{print $7, $8}' ;;
	*) echo "$out" | awk -F';' '{print $48, $49}' ;;
	esac
}

# one LABEL METRIC VALUE UNIT line; $1 label, $2 metric, $3 "bw" or "iops"
emit() {
	local label=$1 metric=$2 what=$3 r bw iops
	shift 3
	r=$(job "$label-$metric" "$@") || exit 1
	read -r bw iops <<<"$r"
	if [ "$what" = bw ]; then
		echo "$label $metric $bw KiB/s"
	else
		echo "$label $metric $iops IOPS"
	fi
}

blockset() { # DEV LABEL
	local a=(--filename="$1" --ioengine=psync --direct=1 --size="$size")
	emit "$2" seq-write bw write 1M "${a[@]}"
	emit "$2" seq-read bw read 1M "${a[@]}"
	emit "$2" rand4k-write iops randwrite 4k "${a[@]}"
	emit "$2" rand4k-read iops randread 4k "${a[@]}"
}

mmapset() { # DIR LABEL
	local a=(--directory="$1" --filename=bench --ioengine=mmap --size="$size")
	emit "$2" mmap-write bw write 1M "${a[@]}"
	emit "$2" mmap-read bw read 1M "${a[@]}"
}

if [ -d /sys/module/hvg2_pmem ] &&
   [ "$(cat /sys/module/hvg2_pmem/parameters/labels)" != N ]; then
	ndctl disable-region all >/dev/null
	modprobe -r hvg2_pmem
fi
[ -d /sys/module/hvg2_pmem ] || modprobe hvg2_pmem
for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done
[ -b /dev/pmem0 ] || fail "no /dev/pmem0"
modprobe brd rd_nr=1 rd_size=$((256 << 10)) || fail "no brd"

res=/tmp/pmem-bench.txt
{
	blockset /dev/pmem0 pmem
	blockset /dev/ram0 brd
} | tee $res

ndctl create-namespace -f -e namespace0.0 -m fsdax --map=mem >/dev/null
for _ in $(seq 50); do [ -b /dev/pmem0 ] && break; sleep 0.1; done
mkfs.ext4 -q -F -b 4096 /dev/pmem0
mkdir -p $mnt $shm
mount -o dax /dev/pmem0 $mnt
{
	mmapset $mnt dax
	mmapset $shm tmpfs
} | tee -a $res

val() { awk -v k="$1 $2" '$1" "$2 == k {print $3}' $res; }
awk '$3 + 0 <= 0 {bad = 1} END {exit bad}' $res || fail "a job measured nothing"

verdict=0
check() { # WHAT NUM DEN MIN-RATIO
	local ok
	ok=$(awk -v n="$2" -v d="$3" -v m="$4" 'BEGIN {print (n >= m * d) ? 1 : 0}')
	log "$(printf '%-28s %10s vs %10s  ratio %s  target >= %s  %s' "$1" "$2" "$3" \
		"$(awk -v n="$2" -v d="$3" 'BEGIN {printf "%.2f", n / d}')" "$4" \
		"$([ "$ok" = 1 ] && echo met || echo MISSED)")"
	[ "$ok" = 1 ] || verdict=1
}
check "dax mmap write / memcpy" "$(val dax mmap-write)" "$(val tmpfs mmap-write)" 0.9
check "dax mmap read / memcpy" "$(val dax mmap-read)" "$(val tmpfs mmap-read)" 0.9
check "pmem 4k randwrite / brd" "$(val pmem rand4k-write)" "$(val brd rand4k-write)" 1.0
check "pmem 4k randread / brd" "$(val pmem rand4k-read)" "$(val brd rand4k-read)" 1.0

if [ "${bench:-0}" = 1 ] && [ $verdict != 0 ]; then
	fail "targets missed"
fi
log "ok ($secs s per job)"
