# SPDX-License-Identifier: GPL-2.0
# Demo: the simulated host offers devices on VMBus; our transport turns
# them into devices on the vmbus bus, and an echo channel carries traffic
# (disks and NICs follow in 30-scsi and 40-net).
show() { echo "\$ $*"; "$@"; }
cfg=/sys/kernel/config/hvg2_sim
modprobe hvg2_sim
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
for spec in echo0:echo ide0:ide; do
	mkdir $cfg/${spec%%:*}
	echo ${spec#*:} >$cfg/${spec%%:*}/class
	echo 1 >$cfg/${spec%%:*}/enable
done
sleep 1
echo "\$ ls /sys/bus/vmbus/devices"
ls /sys/bus/vmbus/devices
for d in /sys/bus/vmbus/devices/*; do
	printf '%s  class %s  relid %s  driver %s\n' "$(basename "$d")" \
		"$(cat "$d/class_id")" "$(cat "$d/id")" \
		"$(basename "$(readlink "$d/driver" 2>/dev/null || echo none)")"
done
relid=$(cat $cfg/echo0/relid)
for d in /sys/bus/vmbus/devices/*; do
	[ "$(cat "$d/id")" = "$relid" ] && dev=$d
done
for _ in $(seq 50); do [ -e "$dev/echo_run" ] && break; sleep 0.1; done
echo "# 20000 echo round trips, 64 bytes, 32 in flight:"
echo '20000 32 64' >"$dev/echo_run"
show cat "$dev/echo_stats"
echo "# hot remove the IDE offer (rescind; no driver of ours takes it):"
echo 0 >$cfg/ide0/enable
sleep 1
show ls /sys/bus/vmbus/devices
for spec in echo0 ide0; do rmdir $cfg/$spec; done
modprobe -r hvg2_echo
