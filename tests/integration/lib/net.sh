# SPDX-License-Identifier: GPL-2.0
#
# Shared by the scripts that put a synthetic NIC on the simulated host
# (net-*.sh, net-host-*.sh); sourced, never run on its own. Builds on
# lib/sim.sh. The topology every script starts from:
#
#    guest (init netns)                       host side (netns "hvs_<nic>")
#    +------------------+   VMBus, NVSP/RNDIS   +-------------------+
#    | eth (guest NIC)  |<--------------------->| hvs-<nic> (port)  |
#    | 10.<n>.0.1/24    |   hvg2_sim_net        | 10.<n>.0.2/24     |
#    +------------------+                       +-------------------+
#
#   . /hvg2/tests/lib/net.sh
#   net_drivers                 the guest drivers this guest can run:
#                               hvg2_net and/or hv_netvsc (on hvg2_hvapi);
#                               exits 77 (skip) when there is none
#   net_start [DRIVER...]       load hvg2_sim, hvg2_sim_net and the guest
#                               drivers (hv_netvsc: hvg2_hvapi first)
#   net_stop_driver DRIVER      unload one again (its NICs must be gone)
#   net_nic n0 [attr=value...]  make NIC n0 (configfs net.n0), set its
#                               attributes, offer it, wait for the guest's
#                               interface; NIC_IF / NIC_PORT name the ends
#   net_ns n0 [subnet]          move the port into netns hvs_n0, address
#                               both ends (10.<subnet>.0.1 / .2), link up
#   net_in n0 CMD...            run CMD in the host side's netns
#   net_stat n0 NAME            one counter of the NIC's configfs stats
#   net_up DRIVER n0 SUBNET [attr=value...]
#                               net_start DRIVER, net_nic n0, net_ns n0
#   net_down DRIVER n0          undo net_up: netns, NIC, driver
#   net_guest_if n0             the guest's interface of NIC n0
#   net_send [-n n0] FILE IP PORT  send FILE over TCP (bash /dev/tcp), from
#                               the guest or n0's netns, retrying while the
#                               listener is not up yet; fails after 90 s
#   net_tcp_check n0 SUBNET KB  KB KiB over TCP each way, sha256 compared
#   net_udp_check n0 SUBNET LEN one LEN-byte UDP datagram each way, likewise
#
# Everything made is removed by the EXIT trap (netns, NICs, modules); a
# script may define net_cleanup_extra() to run first.

NET_NICS=""
NET_DRIVERS=""
# shellcheck source-path=SCRIPTDIR source=sim.sh
. /hvg2/tests/lib/sim.sh

sim_cleanup_extra() {
	local n m
	if declare -F net_cleanup_extra >/dev/null; then
		net_cleanup_extra || true
	fi
	for n in $NET_NICS; do
		ip netns del "hvs_$n" 2>/dev/null || true
	done
	for m in $NET_DRIVERS; do
		case $m in
		hv_netvsc | hvg2_hvapi) rmmod "$m" 2>/dev/null || true ;;
		*) modprobe -r "$m" 2>/dev/null || true ;;
		esac
	done
	for n in $NET_NICS; do
		rmdir "$cfg/net.$n" 2>/dev/null || true
	done
	modprobe -r hvg2_sim_net 2>/dev/null || true
}

# hv_netvsc runs on hvg2_hvapi, loaded by path (lib/hvapi.sh says why)
net_have_hvapi() {
	[ -e /hvg2/tests/lib/hvapi.sh ] || return 1
	# shellcheck source-path=SCRIPTDIR source=hvapi.sh
	. /hvg2/tests/lib/hvapi.sh
	hvapi_ko hvg2_hvapi >/dev/null && hvapi_ko hv_netvsc >/dev/null
}

net_drivers() {
	local d=""
	modinfo hvg2_net >/dev/null 2>&1 && d="hvg2_net"
	net_have_hvapi && d="$d hv_netvsc"
	if [ -z "$d" ]; then
		log "SKIP: no guest NIC driver (hvg2_net, hv_netvsc on hvg2_hvapi)"
		exit 77
	fi
	echo "$d"
}

net_start() {
	local m
	sim_start hvg2_sim_net
	for m in "$@"; do
		if [ "$m" = hv_netvsc ]; then
			net_have_hvapi || fail "no hvg2_hvapi or hv_netvsc"
			hvapi_load net
			# insmod loads no dependencies: hv_netvsc's other one
			modprobe -q ucs2_string || true
			run insmod "$(hvapi_ko hv_netvsc)"
			NET_DRIVERS="hv_netvsc hvg2_hvapi $NET_DRIVERS"
		else
			run modprobe "$m"
			NET_DRIVERS="$m $NET_DRIVERS"
		fi
	done
}

net_stop_driver() {
	if [ "$1" = hv_netvsc ]; then
		run rmmod hv_netvsc
		hvapi_unload
	else
		run modprobe -r "$1"
	fi
}

# the guest interface whose MAC is NIC $1's
net_guest_if() {
	local mac a
	mac=$(cat "$cfg/net.$1/mac")
	for a in /sys/class/net/*/address; do
		if [ "$(cat "$a")" = "$mac" ]; then
			basename "$(dirname "$a")"
			return 0
		fi
	done
	return 1
}

net_nic() {
	local n=$1 kv
	shift
	mkdir "$cfg/net.$n"
	NET_NICS="$NET_NICS $n"
	for kv in "$@"; do
		echo "${kv#*=}" >"$cfg/net.$n/${kv%%=*}"
	done
	echo 1 >"$cfg/net.$n/enable"
	NIC_PORT=$(cat "$cfg/net.$n/port")
	wait_for net_guest_if "$n" >/dev/null ||
		fail "NIC $n: no guest interface with MAC $(cat "$cfg/net.$n/mac")"
	NIC_IF=$(net_guest_if "$n")
	log "NIC $n: guest $NIC_IF, port $NIC_PORT"
}

net_in() {
	local n=$1
	shift
	ip netns exec "hvs_$n" "$@"
}

net_ns() {
	local n=$1 s=${2:-1} port gif
	port=$(cat "$cfg/net.$n/port")
	gif=$(net_guest_if "$n")
	run ip netns add "hvs_$n"
	run ip link set "$port" netns "hvs_$n"
	run net_in "$n" ip link set lo up
	run net_in "$n" ip addr add "10.$s.0.2/24" dev "$port"
	run net_in "$n" ip link set "$port" up
	run ip addr add "10.$s.0.1/24" dev "$gif"
	run ip link set "$gif" up
	wait_for sh -c "ip link show $gif | grep -q LOWER_UP" ||
		fail "NIC $n: guest link not up"
}

net_stat() {
	awk -v k="$2" '$1 == k { print $2 }' "$cfg/net.$1/stats"
}

net_send() {
	local ns=() loop
	if [ "$1" = -n ]; then
		ns=(ip netns exec "hvs_$2")
		shift 2
	fi
	# a refused connection sends nothing: retrying is safe
	loop="for i in \$(seq 50); do
		cat '$1' >/dev/tcp/$2/$3 2>/dev/null && exit 0; sleep 0.2
	done; exit 1"
	"${ns[@]}" timeout 90 bash -c "$loop" || fail "cannot send $1 to $2:$3"
}

net_up() {
	local drv=$1 n=$2 s=$3
	shift 3
	log "---- $drv ----"
	net_start "$drv"
	net_nic "$n" "$@"
	net_ns "$n" "$s"
}

net_down() {
	ip netns del "hvs_$2"
	rmdir "$cfg/net.$2"
	NET_NICS=${NET_NICS/ $2/}
	net_stop_driver "$1"
}

# listening n0 t|u PORT [host]: something listens on that TCP/UDP port,
# in n0's netns when "host" is given (nc starts slowly under TCG)
net_listening() {
	if [ -n "${4:-}" ]; then
		net_in "$1" ss -ln"$2" | grep -q ":$3 "
	else
		ss -ln"$2" | grep -q ":$3 "
	fi
}

# net_tcp_check n0 SUBNET KB: KB KiB over TCP guest -> n0's netns, then
# back; the sha256 must match each way
net_tcp_check() {
	local n=$1 s=$2 kb=$3 a b
	dd if=/dev/urandom of=/tmp/ntc-tx bs=1K count="$kb" status=none
	a=$(sha256sum </tmp/ntc-tx)
	# bounded: a stalled connection fails the check, never hangs it
	net_in "$n" timeout 90 sh -c 'busybox nc -l -p 5001 >/tmp/ntc-rx' &
	wait_for net_listening "$n" t 5001 host || fail "no listener on 5001"
	net_send /tmp/ntc-tx "10.$s.0.2" 5001
	wait $! || fail "TCP guest -> host: stalled"
	b=$(sha256sum </tmp/ntc-rx)
	[ "$a" = "$b" ] || fail "TCP guest -> host: payload differs"
	timeout 90 busybox nc -l -p 5002 >/tmp/ntc-rx2 &
	wait_for net_listening "$n" t 5002 || fail "no listener on 5002"
	net_send -n "$n" /tmp/ntc-tx "10.$s.0.1" 5002
	wait $! || fail "TCP host -> guest: stalled"
	b=$(sha256sum </tmp/ntc-rx2)
	[ "$a" = "$b" ] || fail "TCP host -> guest: payload differs"
	log "TCP $kb KiB each way: sha256 equal"
	rm -f /tmp/ntc-tx /tmp/ntc-rx /tmp/ntc-rx2
}

# net_udp_check n0 SUBNET LEN: one LEN-byte UDP datagram each way, its
# sha256 compared (netcat-openbsd: -W 1 ends after one datagram)
net_udp_check() {
	local n=$1 s=$2 len=$3 a b
	head -c "$len" /dev/urandom >/tmp/ntc-u
	a=$(sha256sum </tmp/ntc-u)
	net_in "$n" sh -c 'timeout 20 nc -u -l -W 1 5003 >/tmp/ntc-urx' &
	wait_for net_listening "$n" u 5003 host || fail "no listener on 5003"
	nc -u -w 1 "10.$s.0.2" 5003 </tmp/ntc-u || true
	wait $! || true
	b=$(sha256sum </tmp/ntc-urx)
	[ "$a" = "$b" ] || fail "UDP guest -> host: datagram differs"
	timeout 20 nc -u -l -W 1 5004 >/tmp/ntc-urx2 &
	wait_for net_listening "$n" u 5004 || fail "no listener on 5004"
	net_in "$n" sh -c "nc -u -w 1 10.$s.0.1 5004 </tmp/ntc-u" || true
	wait $! || true
	b=$(sha256sum </tmp/ntc-urx2)
	[ "$a" = "$b" ] || fail "UDP host -> guest: datagram differs"
	log "UDP $len-byte datagram each way: sha256 equal"
	rm -f /tmp/ntc-u /tmp/ntc-urx /tmp/ntc-urx2
}
