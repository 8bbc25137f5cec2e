#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Native XDP on hvg2_net: programs attached to the guest NIC (bpftool,
# objects made by lib/xdp.sh) see every received frame on its page-pool
# page before the stack does:
#
#    guest (init netns)                        netns hvs_x1
#    +-------------------+   hvg2_sim_net   +--------------------+
#    | <guest if> + XDP  |<---------------->| hvs-x1 (port)      |
#    | 10.7.0.1/24       |  NVSP / RNDIS    | 10.7.0.2/24        |
#    +-------------------+                  +--------------------+
#
# DROP: ping fails, xdp_drop grows. PASS: ping and a sha256-checked TCP
# transfer both ways, xdp_pass grows. TX: frames the port sends come back
# to it (xdp_tx, the port's rx_packets). REDIRECT to the NIC itself:
# the same through ndo_xdp_xmit (xdp_redirect, xdp_xmit). The MTU limit
# with a program, both ways round. Program removed: traffic as before;
# one copy per received byte throughout; the driver unloads.
set -e

# shellcheck source-path=SCRIPTDIR source=lib/net.sh
. /hvg2/tests/lib/net.sh
# shellcheck source-path=SCRIPTDIR source=lib/xdp.sh
. /hvg2/tests/lib/xdp.sh
net_drivers | grep -qw hvg2_net || { log "SKIP: no hvg2_net"; exit 77; }
command -v bpftool >/dev/null || { log "SKIP: no bpftool"; exit 77; }

net_cleanup_extra() {
	[ -n "${gif:-}" ] && xdp_detach "$gif" 2>/dev/null
	rm -f /tmp/nx-tx /tmp/nx-rx /tmp/nx-rx2 "$XDP_PIN"
}

net_start hvg2_net
net_nic x1
net_ns x1 7
gif=$NIC_IF
port=$NIC_PORT

stat() { ethtool -S "$gif" | awk -v k="$1:" '$1 == k { print $2 }'; }
port_rx() { net_in x1 cat "/sys/class/net/$port/statistics/rx_packets"; }
listening() { ${2:+net_in x1} ss -lnt | grep -q ":$1 "; }

# a file guest -> host and back over TCP; sha256 must match
tcp_file() {
	local a b
	dd if=/dev/urandom of=/tmp/nx-tx bs=1K count=1024 status=none
	a=$(sha256sum </tmp/nx-tx)
	net_in x1 sh -c 'busybox nc -l -p 5011 >/tmp/nx-rx' &
	wait_for listening 5011 host || fail "no listener on 5011"
	net_send /tmp/nx-tx 10.7.0.2 5011
	wait $!
	b=$(sha256sum </tmp/nx-rx)
	[ "$a" = "$b" ] || fail "TCP guest -> host: payload differs"
	busybox nc -l -p 5012 >/tmp/nx-rx2 &
	wait_for listening 5012 || fail "no listener on 5012"
	net_send -n x1 /tmp/nx-tx 10.7.0.1 5012
	wait $!
	b=$(sha256sum </tmp/nx-rx2)
	[ "$a" = "$b" ] || fail "TCP host -> guest: payload differs"
	log "TCP 1 MiB each way: sha256 equal"
	rm -f /tmp/nx-tx /tmp/nx-rx /tmp/nx-rx2
}

run ping -c 2 -W 5 10.7.0.2

# DROP: nothing reaches the stack, the neighbour entry goes stale
d0=$(stat xdp_drop)
run xdp_attach "$gif" "$(xdp_ret 1)" || fail "cannot attach an XDP program"
bpftool net show dev "$gif"
ip neigh flush dev "$gif"
if ping -c 3 -W 1 10.7.0.2; then
	fail "ping through XDP_DROP"
fi
d1=$(stat xdp_drop)
[ "$d1" -ge $((d0 + 1)) ] || fail "xdp_drop $d0 -> $d1"
log "XDP_DROP: ping fails, xdp_drop $d0 -> $d1"

# PASS (replacing DROP in place)
p0=$(stat xdp_pass)
run xdp_attach "$gif" "$(xdp_ret 2)"
wait_for ping -c 1 -W 1 10.7.0.2 >/dev/null || fail "no ping through XDP_PASS"
tcp_file
p1=$(stat xdp_pass)
[ "$p1" -gt $((p0 + 500)) ] || fail "xdp_pass $p0 -> $p1"
log "XDP_PASS: ping and TCP, xdp_pass $p0 -> $p1"

# the MTU: no jumbo frames while a program needs each frame in a page
if ip link set "$gif" mtu 9000 2>/dev/null; then
	fail "MTU 9000 accepted with an XDP program"
fi

# TX: what the port sends comes back to it
t0=$(stat xdp_tx); r0=$(port_rx)
run xdp_attach "$gif" "$(xdp_ret 3)"
net_in x1 ping -c 5 -i 0.2 -W 1 10.7.0.1 || true
t1=$(stat xdp_tx); r1=$(port_rx)
[ "$t1" -ge $((t0 + 5)) ] || fail "xdp_tx $t0 -> $t1"
[ $((r1 - r0)) -ge $((t1 - t0)) ] ||
	fail "port received $((r1 - r0)) frames, $((t1 - t0)) sent back"
log "XDP_TX: xdp_tx $t0 -> $t1, port rx_packets $r0 -> $r1"

# REDIRECT to ourselves: back out through ndo_xdp_xmit
ifindex=$(cat "/sys/class/net/$gif/ifindex")
x0=$(stat xdp_xmit); r0=$(port_rx)
run xdp_attach "$gif" "$(xdp_redirect "$ifindex")"
net_in x1 ping -c 5 -i 0.2 -W 1 10.7.0.1 || true
x1=$(stat xdp_xmit); r1=$(port_rx)
[ "$(stat xdp_redirect)" -ge 5 ] || fail "xdp_redirect $(stat xdp_redirect)"
[ "$x1" -ge $((x0 + 5)) ] || fail "xdp_xmit $x0 -> $x1"
[ $((r1 - r0)) -ge $((x1 - x0)) ] ||
	fail "port received $((r1 - r0)) frames, $((x1 - x0)) redirected"
log "XDP_REDIRECT: xdp_xmit $x0 -> $x1, port rx_packets $r0 -> $r1"

# no program: ordinary traffic, and jumbo frames again
run xdp_detach "$gif"
ip neigh flush dev "$gif"
net_in x1 ip neigh flush dev "$port"
wait_for ping -c 1 -W 1 10.7.0.2 >/dev/null || fail "no ping without XDP"
tcp_file
run net_in x1 ip link set "$port" mtu 9000
run ip link set "$gif" mtu 9000
run ping -c 2 -W 5 -M "do" -s 8972 10.7.0.2
tcp_file
# ... and a program refused at that MTU (the extack says why)
if xdp_attach "$gif" "$(xdp_ret 2)"; then
	fail "XDP program attached at MTU 9000"
fi
run ip link set "$gif" mtu 1500

# one snapshot: a frame (neighbour discovery) may come between two reads
snap=$(ethtool -S "$gif")
echo "$snap"
rxc=$(awk '$1 == "rx_copied_bytes:" { print $2 }' <<<"$snap")
rxb=$(awk '$1 == "rx_bytes:" { print $2 }' <<<"$snap")
[ "$rxc" = "$rxb" ] || fail "rx_copied_bytes $rxc != rx_bytes $rxb"
for k in rx_drop_bad_xfer rx_drop_bad_rndis rx_drop_nomem; do
	[ "$(stat $k)" = 0 ] || fail "$k = $(stat $k)"
done
run ip link set "$gif" down
gif=""
echo 0 >"$cfg/net.x1/enable"
run modprobe -r hvg2_net
