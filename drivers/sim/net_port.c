// SPDX-License-Identifier: GPL-2.0
/*
 * The vSwitch port: the host end of a synthetic NIC as a Linux net device
 * ("hvs-<name>"). What the guest transmits is received on it (netif_rx);
 * what is sent into it reaches the guest.
 *
 * Port -> guest. ndo_start_xmit runs in the stack's transmit context: it
 * segments large sends in software unless the guest asked for receive
 * coalescing (then the channel sends each as one RSC chain, net_rsc.c),
 * picks the channel from the guest's RSS key and indirection
 * table, queues the frames on it and kicks its work, which copies each
 * into a receive-buffer section (net_nvsp.c). Checksums still to be
 * filled are filled there, and the guest is told they are good.
 *
 * Guest -> port. The guest's checksum requests are honoured here, in
 * software. A large send reaches the port as one GSO packet (as from a
 * veth peer): the port's stack segments it only if it forwards it to a
 * device that cannot. The pseudo-header sums are recomputed rather than
 * trusted, so a guest may leave any value in the checksum field.
 */
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/flow_dissector.h>
#include <net/ip6_checksum.h>
#include <net/sock.h>
#include "net.h"

/*
 * The port, like a NIC whose completions come in batches (the channel's
 * work copies its queue into the guest's receive buffer a pass at a
 * time), gives the sockets that send into it 1/2^7 s of their pacing
 * rate for their segments and their small-queue budget, as hvg2_net does
 * for the guest's (and mac80211 for Wi-Fi). With the stack's 1 ms, a flow
 * whose round trip grew under load fell to two-MSS segments, which the
 * host moves one by one, and stayed there.
 */
static unsigned int port_pacing_shift = 7;
module_param(port_pacing_shift, uint, 0644);
MODULE_PARM_DESC(port_pacing_shift, "Pacing shift for sockets sending into a vSwitch port (1-10, default 7; 0: leave sockets as they are)");

struct snet_port {
	struct snet_dev *nd;
};

/* What the port's transmit path learned about a frame (skb->cb is ours). */
struct snet_skb_cb {
	u32 hash;
	bool has_hash;
	/* no longer GSO: checksummed, waiting to go as one RSC chain */
	bool coalesced;
	u32 csum;
};

static struct snet_skb_cb *snet_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct snet_skb_cb) > sizeof(skb->cb));
	return (struct snet_skb_cb *)skb->cb;
}

static struct snet_dev *snet_port_nd(struct net_device *dev)
{
	return ((struct snet_port *)netdev_priv(dev))->nd;
}

/* ---- port -> guest ---- */

/* The channel a frame goes to: RSS over the guest's table, else primary. */
static unsigned int snet_pick(struct snet_dev *nd, struct sk_buff *skb)
{
	struct flow_keys fk;
	u8 in[36];
	unsigned int n = 0, q = 0;
	u32 hash;

	snet_cb(skb)->has_hash = false;
	snet_cb(skb)->coalesced = false;
	if (!READ_ONCE(nd->rss_on) ||
	    !skb_flow_dissect_flow_keys(skb, &fk, 0))
		return 0;
	if (fk.control.addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS) {
		memcpy(in, &fk.addrs.v4addrs.src, 4);
		memcpy(in + 4, &fk.addrs.v4addrs.dst, 4);
		n = 8;
	} else if (fk.control.addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS) {
		memcpy(in, &fk.addrs.v6addrs.src, 16);
		memcpy(in + 16, &fk.addrs.v6addrs.dst, 16);
		n = 32;
	} else {
		return 0;
	}
	if (fk.basic.ip_proto == IPPROTO_TCP || fk.basic.ip_proto == IPPROTO_UDP) {
		memcpy(in + n, &fk.ports.src, 2);
		memcpy(in + n + 2, &fk.ports.dst, 2);
		n += 4;
	}
	spin_lock(&nd->rss_lock);
	if (nd->rss_on && nd->rss_itab_len) {
		hash = hvg2_snet_toeplitz(nd->rss_key, in, n);
		q = nd->rss_itab[hash % nd->rss_itab_len];
		snet_cb(skb)->hash = hash;
		snet_cb(skb)->has_hash = true;
	}
	spin_unlock(&nd->rss_lock);
	return q < HVG2_SIM_MAX_CHANNELS ? q : 0;
}

static void snet_enqueue(struct snet_dev *nd, struct sk_buff *skb)
{
	struct snet_chan *ch = &nd->chan[snet_pick(nd, skb)];

	if (!READ_ONCE(ch->open))
		ch = &nd->chan[0];
	if (!READ_ONCE(ch->open) || !READ_ONCE(nd->rndis_up) || !nd->filter ||
	    skb_queue_len(&ch->rxq) >= SNET_RX_QUEUE_MAX) {
		snet_count(nd, SNET_RX_DROPS, 1);
		dev_kfree_skb_any(skb);
		return;
	}
	skb_queue_tail(&ch->rxq, skb);
	hvg2_sim_kick(ch->c);
}

static netdev_tx_t snet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct snet_dev *nd = snet_port_nd(dev);
	unsigned int shift = READ_ONCE(port_pacing_shift);
	struct sk_buff *segs, *seg, *next;

	if (shift && shift <= 10)
		sk_pacing_shift_update(skb->sk, shift);
	/* the guest coalesces what it asked RSC for: the channel chains it */
	if (!skb_is_gso(skb) || snet_rsc_on(nd, skb)) {
		snet_enqueue(nd, skb);
		return NETDEV_TX_OK;
	}
	/* checksums stay partial: the channel's work fills them */
	segs = skb_gso_segment(skb, dev->features & ~NETIF_F_GSO_MASK);
	if (IS_ERR_OR_NULL(segs)) {
		snet_count(nd, SNET_RX_DROPS, 1);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		snet_enqueue(nd, seg);
	}
	return NETDEV_TX_OK;
}

/* The RNDIS headers of a received frame, built in place. */
struct snet_rx_hdr {
	struct hvg2_rndis_hdr h;
	struct hvg2_rndis_packet p;
	struct hvg2_rndis_ppi csum;
	u32 csum_val;
	struct hvg2_rndis_ppi hash;
	u32 hash_val;
} __packed;

/* Fill what the stack left partial; say which checksums are good. */
static int snet_rx_csum(struct sk_buff *skb, u32 *flags)
{
	*flags = 0;
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	if (skb->csum_offset == offsetof(struct tcphdr, check))
		*flags = HVG2_CSUM_RX_TCP_OK;
	else if (skb->csum_offset == offsetof(struct udphdr, check))
		*flags = HVG2_CSUM_RX_UDP_OK;
	if (skb->protocol == htons(ETH_P_IP))
		*flags |= HVG2_CSUM_RX_IP_OK;
	return skb_checksum_help(skb);
}

/* Segments of @skb, in order, back at the head of the channel's queue. */
static void snet_port_resegment(struct snet_chan *ch, struct sk_buff *skb)
{
	struct sk_buff *segs, *seg, *next;
	struct sk_buff_head list;

	segs = skb_gso_segment(skb, ch->nd->port->features & ~NETIF_F_GSO_MASK);
	if (IS_ERR_OR_NULL(segs)) {
		snet_count(ch->nd, SNET_RX_DROPS, 1);
		kfree_skb(skb);
		return;
	}
	consume_skb(skb);
	__skb_queue_head_init(&list);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		__skb_queue_tail(&list, seg);
	}
	spin_lock_bh(&ch->rxq.lock);
	skb_queue_splice(&list, &ch->rxq);
	spin_unlock_bh(&ch->rxq.lock);
}

/*
 * Make @skb, a GSO packet, one coalesced frame with its checksums done.
 * Returns false if it went (segmented, or dropped) instead.
 */
static bool snet_port_coalesce(struct snet_chan *ch, struct sk_buff *skb)
{
	struct snet_dev *nd = ch->nd;

	/* RSC turned off meanwhile, or too long for a chain: one by one */
	if (!snet_rsc_on(nd, skb) ||
	    !snet_rsc_fits(nd, skb->len, snet_cb(skb)->has_hash)) {
		snet_port_resegment(ch, skb);
		return false;
	}
	/*
	 * The shared info of a clone is TCP's too (its retransmit queue):
	 * ours alone before the GSO fields go.
	 */
	if (skb_cloned(skb) && pskb_expand_head(skb, 0, 0, GFP_KERNEL))
		goto drop;
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		/*
		 * One checksum over the coalesced packet: its headers already
		 * carry the whole length, as one frame would.
		 */
		skb_shinfo(skb)->gso_size = 0;
		skb_shinfo(skb)->gso_segs = 0;
		skb_shinfo(skb)->gso_type = 0;
	}
	if (snet_rx_csum(skb, &snet_cb(skb)->csum))
		goto drop;
	/* from here on it is no GSO packet: a retry must not send it plain */
	snet_cb(skb)->coalesced = true;
	return true;
drop:
	snet_count(nd, SNET_RX_DROPS, 1);
	kfree_skb(skb);
	return false;
}

/*
 * A GSO packet, or one coalesced on an earlier try: to the guest as one
 * RSC chain (net_rsc.c), or segmented when the guest turned RSC off or
 * the chain would be too long. Returns -ENOSPC/-EAGAIN when @skb went
 * back to the queue to wait.
 */
static int snet_port_rx_rsc(struct snet_chan *ch, struct sk_buff *skb)
{
	struct snet_dev *nd = ch->nd;
	int ret;

	if (!snet_cb(skb)->coalesced && !snet_port_coalesce(ch, skb))
		return 0;
	ret = snet_rsc_send(ch, skb, snet_cb(skb)->csum,
			    snet_cb(skb)->has_hash ? &snet_cb(skb)->hash : NULL);
	if (ret == -ENOSPC || ret == -EAGAIN) {
		skb_queue_head(&ch->rxq, skb);
		return ret;
	}
	if (ret) {
		/* -EMSGSIZE: smaller sections since it was coalesced */
		snet_count(nd, SNET_RX_DROPS, 1);
		kfree_skb(skb);
		return 0;
	}
	snet_count(nd, SNET_RX_FRAMES, 1);
	snet_count(nd, SNET_RX_BYTES, skb->len);
	atomic64_inc(&ch->rx_frames);
	consume_skb(skb);
	return 0;
}

/**
 * snet_port_rx_flush - send the channel's queued frames to the guest
 * @ch: the channel (its work item)
 *
 * Stops when the receive buffer or the ring is full; the guest's
 * completion or signal runs the work again.
 */
void snet_port_rx_flush(struct snet_chan *ch)
{
	struct snet_dev *nd = ch->nd;
	struct snet_rx_hdr r;
	struct sk_buff *skb;
	u32 hl;
	int ret;

	while ((skb = skb_dequeue(&ch->rxq))) {
		if (skb_is_gso(skb) || snet_cb(skb)->coalesced) {
			ret = snet_port_rx_rsc(ch, skb);
			if (ret == -ENOSPC || ret == -EAGAIN)
				return;
			continue;
		}
		memset(&r, 0, sizeof(r));
		if (snet_rx_csum(skb, &r.csum_val)) {
			snet_count(nd, SNET_RX_DROPS, 1);
			kfree_skb(skb);
			continue;
		}
		hl = offsetof(struct snet_rx_hdr, hash);
		r.csum.size = sizeof(r.csum) + sizeof(u32);
		r.csum.type = HVG2_RNDIS_PPI_CSUM;
		r.csum.offset = sizeof(r.csum);
		if (snet_cb(skb)->has_hash) {
			r.hash.size = sizeof(r.hash) + sizeof(u32);
			r.hash.type = HVG2_RNDIS_PPI_HASH;
			r.hash.offset = sizeof(r.hash);
			r.hash_val = snet_cb(skb)->hash;
			hl = sizeof(r);
		}
		r.h.type = HVG2_RNDIS_MSG_PACKET;
		r.h.len = hl + skb->len;
		r.p.ppi_offset = sizeof(r.p);
		r.p.ppi_len = hl - sizeof(r.h) - sizeof(r.p);
		r.p.data_offset = hl - sizeof(r.h);
		r.p.data_len = skb->len;

		ret = snet_send_rndis(ch, &r, hl, skb, false);
		if (ret == -ENOSPC || ret == -EAGAIN) {
			skb_queue_head(&ch->rxq, skb);
			return;
		}
		if (ret) {
			snet_count(nd, SNET_RX_DROPS, 1);
			kfree_skb(skb);
			continue;
		}
		snet_count(nd, SNET_RX_FRAMES, 1);
		snet_count(nd, SNET_RX_BYTES, skb->len);
		atomic64_inc(&ch->rx_frames);
		consume_skb(skb);
	}
}

/* ---- guest -> port ---- */

/*
 * Set up the L4 checksum the guest asked for, from scratch: the pseudo
 * header over the addresses and @l4len, CHECKSUM_PARTIAL at @l4off.
 */
static int snet_tx_l4(struct sk_buff *skb, u32 l4off, bool v6, bool tcp,
		      u32 l4len)
{
	u16 off = tcp ? offsetof(struct tcphdr, check) : offsetof(struct udphdr, check);
	u8 proto = tcp ? IPPROTO_TCP : IPPROTO_UDP;
	__sum16 *check;

	if (l4off + (tcp ? sizeof(struct tcphdr) : sizeof(struct udphdr)) > skb->len ||
	    !skb_partial_csum_set(skb, l4off, off))
		return -EINVAL;
	check = (__sum16 *)(skb->data + l4off + off);
	if (v6) {
		const struct ipv6hdr *ip6 = (void *)(skb->data + ETH_HLEN);

		*check = ~csum_ipv6_magic(&ip6->saddr, &ip6->daddr, l4len, proto, 0);
	} else {
		const struct iphdr *ip = (void *)(skb->data + ETH_HLEN);

		*check = ~csum_tcpudp_magic(ip->saddr, ip->daddr, l4len, proto, 0);
	}
	return 0;
}

/* A checked Ethernet frame in @skb, made a GSO skb and segmented. */
static struct sk_buff *snet_gso(struct sk_buff *skb, bool v6, u32 l4off,
				u32 mss, unsigned int type, u32 nsegs)
{
	struct sk_buff *segs;

	skb->protocol = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, l4off);
	skb->mac_len = ETH_HLEN;
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = type;
	skb_shinfo(skb)->gso_segs = nsegs;
	segs = skb_gso_segment(skb, 0);
	return segs ?: ERR_PTR(-EINVAL);
}

/*
 * Large send: fix the IP lengths the guest left out and make @skb one GSO
 * packet (gso_size from the LSO info, CHECKSUM_PARTIAL): the port's stack
 * takes it whole, the way a veth peer would, and segments it only where
 * it must (forwarding to a device without TSO). DODGY: the headers came
 * from the guest, the stack re-checks them before it segments.
 */
static int snet_tx_lso(struct sk_buff *skb, u32 lso)
{
	u32 mss = lso & HVG2_LSO_MSS_MASK;
	u32 l4off = (lso >> HVG2_LSO_L4_OFF_SHIFT) & HVG2_LSO_L4_OFF_MASK;
	bool v6 = lso & HVG2_LSO_IPV6;
	u32 nhl = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	const struct tcphdr *th;
	u32 payload;

	if (!mss || l4off < ETH_HLEN + nhl ||
	    l4off + sizeof(struct tcphdr) > skb->len)
		return -EINVAL;
	th = (void *)(skb->data + l4off);
	if (l4off + th->doff * 4 > skb->len || th->doff < 5)
		return -EINVAL;
	payload = skb->len - l4off - th->doff * 4;
	if (v6) {
		struct ipv6hdr *ip6 = (void *)(skb->data + ETH_HLEN);

		if (ip6->version != 6)
			return -EINVAL;
		ip6->payload_len = htons(skb->len - ETH_HLEN - nhl);
	} else {
		struct iphdr *ip = (void *)(skb->data + ETH_HLEN);

		if (ip->version != 4 || ip->ihl * 4 != l4off - ETH_HLEN)
			return -EINVAL;
		ip->tot_len = htons(skb->len - ETH_HLEN);
		ip_send_check(ip);
	}
	if (snet_tx_l4(skb, l4off, v6, true, skb->len - l4off))
		return -EINVAL;
	skb->protocol = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, l4off);
	skb->mac_len = ETH_HLEN;
	if (payload <= mss)
		return 0;	/* one segment: a plain frame, checksum partial */
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = (v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4) |
				    SKB_GSO_DODGY;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(payload, mss);
	return 0;
}

/*
 * UDP segmentation (the hvgen2 extension, net.rst): one datagram with the
 * headers of the whole, in @skb (data at the Ethernet header; the caller
 * frees it once segmented); @uso is the guest's USO per-packet info. The
 * lengths and the pseudo-header checksum are set here from what we
 * received, not taken from the guest, then the stack's UDP GSO cuts it
 * and rewrites them for each segment.
 */
struct sk_buff *hvg2_snet_tx_uso(struct sk_buff *skb, u32 uso)
{
	u32 mss = uso & HVG2_USO_MSS_MASK;
	u32 l4off = (uso >> HVG2_USO_L4_OFF_SHIFT) & HVG2_USO_L4_OFF_MASK;
	bool v6 = uso & HVG2_USO_IPV6;
	u32 nhl = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	struct udphdr *uh;
	u32 plen;

	/* IPv6 without extension headers, IPv4 with its own length */
	if (!mss || l4off < ETH_HLEN + nhl || (v6 && l4off != ETH_HLEN + nhl) ||
	    l4off + sizeof(*uh) > skb->len)
		return ERR_PTR(-EINVAL);
	plen = skb->len - l4off - sizeof(*uh);
	if (plen <= mss || DIV_ROUND_UP(plen, mss) > UDP_MAX_SEGMENTS)
		return ERR_PTR(-EINVAL);
	if (v6) {
		struct ipv6hdr *ip6 = (void *)(skb->data + ETH_HLEN);

		if (ip6->version != 6 || ip6->nexthdr != IPPROTO_UDP)
			return ERR_PTR(-EINVAL);
		ip6->payload_len = htons(skb->len - l4off);
	} else {
		struct iphdr *ip = (void *)(skb->data + ETH_HLEN);

		if (ip->version != 4 || ip->ihl * 4 != l4off - ETH_HLEN ||
		    ip->protocol != IPPROTO_UDP)
			return ERR_PTR(-EINVAL);
		ip->tot_len = htons(skb->len - ETH_HLEN);
		ip_send_check(ip);
	}
	uh = (void *)(skb->data + l4off);
	uh->len = htons(skb->len - l4off);
	if (snet_tx_l4(skb, l4off, v6, false, skb->len - l4off))
		return ERR_PTR(-EINVAL);
	return snet_gso(skb, v6, l4off, mss, SKB_GSO_UDP_L4,
			DIV_ROUND_UP(plen, mss));
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_tx_uso);

static int snet_tx_csum(struct sk_buff *skb, u32 csum)
{
	bool v6 = csum & HVG2_CSUM_TX_IPV6;
	u32 l4off = (csum >> HVG2_CSUM_TX_L4_OFF_SHIFT) & HVG2_CSUM_TX_L4_OFF_MASK;

	if (!v6 && (csum & HVG2_CSUM_TX_IP_HDR)) {
		if (skb->len < ETH_HLEN + sizeof(struct iphdr))
			return -EINVAL;
		ip_send_check((struct iphdr *)(skb->data + ETH_HLEN));
	}
	if (!(csum & (HVG2_CSUM_TX_TCP | HVG2_CSUM_TX_UDP)))
		return 0;
	if (l4off < ETH_HLEN + (v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr)))
		return -EINVAL;
	if (snet_tx_l4(skb, l4off, v6, csum & HVG2_CSUM_TX_TCP, skb->len - l4off))
		return -EINVAL;
	return skb_checksum_help(skb);
}

static void snet_rx_one(struct snet_dev *nd, struct sk_buff *skb)
{
	/* a GSO packet keeps its checksum partial: filled per segment */
	if (skb_is_gso(skb)) {
		snet_count(nd, SNET_TX_GSO, 1);
	} else {
		if (skb->ip_summed == CHECKSUM_PARTIAL &&
		    skb_checksum_help(skb)) {
			snet_count(nd, SNET_BAD_RNDIS, 1);
			kfree_skb(skb);
			return;
		}
		skb->ip_summed = CHECKSUM_NONE;
	}
	snet_count(nd, SNET_TX_FRAMES, 1);
	snet_count(nd, SNET_TX_BYTES, skb->len);
	skb->protocol = eth_type_trans(skb, nd->port);
	netif_rx(skb);
}

/**
 * snet_port_deliver - a frame the guest transmitted, to the port
 * @nd: the NIC
 * @frame: the Ethernet frame (in the private copy)
 * @pi: its length and per-packet info
 */
void snet_port_deliver(struct snet_dev *nd, const u8 *frame,
		       const struct snet_pkt_info *pi)
{
	struct net_device *port = nd->port;
	struct sk_buff *skb, *segs, *seg, *next;

	if (!(port->flags & IFF_UP))
		return;
	skb = netdev_alloc_skb_ip_align(port, pi->data_len);
	if (!skb) {
		snet_count(nd, SNET_RX_DROPS, 1);
		return;
	}
	skb_put_data(skb, frame, pi->data_len);
	if (pi->uso) {
		/* USO only from a guest that enabled it */
		segs = nd->uso ? hvg2_snet_tx_uso(skb, pi->uso) :
				 ERR_PTR(-EPERM);
		if (IS_ERR(segs))
			goto bad;
		snet_count(nd, SNET_TX_USO, 1);
		consume_skb(skb);
		skb_list_walk_safe(segs, seg, next) {
			skb_mark_not_on_list(seg);
			snet_rx_one(nd, seg);
		}
		return;
	}
	if (pi->lso) {
		if (snet_tx_lso(skb, pi->lso))
			goto bad;
		snet_rx_one(nd, skb);
		return;
	}
	if (pi->csum && snet_tx_csum(skb, pi->csum))
		goto bad;
	snet_rx_one(nd, skb);
	return;
bad:
	snet_count(nd, SNET_BAD_RNDIS, 1);
	kfree_skb(skb);
}

/* ---- the net device ---- */

/* Carrier follows the configured link and the guest's RNDIS state. */
void snet_port_carrier(struct snet_dev *nd)
{
	if (!nd->port)
		return;
	if (READ_ONCE(nd->cfg.link_up) && READ_ONCE(nd->rndis_up))
		netif_carrier_on(nd->port);
	else
		netif_carrier_off(nd->port);
}

static int snet_open(struct net_device *dev)
{
	snet_port_carrier(snet_port_nd(dev));
	netif_start_queue(dev);
	return 0;
}

static int snet_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static void snet_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *s)
{
	struct snet_dev *nd = snet_port_nd(dev);

	/* the port's view: what it received came from the guest */
	s->rx_packets = atomic64_read(&nd->stats[SNET_TX_FRAMES]);
	s->rx_bytes = atomic64_read(&nd->stats[SNET_TX_BYTES]);
	s->tx_packets = atomic64_read(&nd->stats[SNET_RX_FRAMES]);
	s->tx_bytes = atomic64_read(&nd->stats[SNET_RX_BYTES]);
	s->tx_dropped = atomic64_read(&nd->stats[SNET_RX_DROPS]);
	s->rx_errors = atomic64_read(&nd->stats[SNET_BAD_RNDIS]);
}

static const struct net_device_ops snet_port_ops = {
	.ndo_open = snet_open,
	.ndo_stop = snet_stop,
	.ndo_start_xmit = snet_xmit,
	.ndo_get_stats64 = snet_get_stats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/**
 * snet_port_create - make and register the NIC's port
 * @nd: the NIC; @nd->port_name is its name
 *
 * Return: 0 or a negative errno.
 */
int snet_port_create(struct snet_dev *nd)
{
	struct net_device *dev;
	int ret;

	dev = alloc_netdev(sizeof(struct snet_port), nd->port_name,
			   NET_NAME_USER, ether_setup);
	if (!dev)
		return -ENOMEM;
	((struct snet_port *)netdev_priv(dev))->nd = nd;
	dev->netdev_ops = &snet_port_ops;
	dev->features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO |
			NETIF_F_TSO6 | NETIF_F_HIGHDMA;
	dev->hw_features = dev->features;
	dev->max_mtu = nd->cfg.mtu;
	/* what one RSC chain carries to the guest */
	netif_set_tso_max_size(dev, SNET_LSO_MAX);
	eth_hw_addr_random(dev);
	netif_carrier_off(dev);
	ret = register_netdev(dev);
	if (ret) {
		free_netdev(dev);
		return ret;
	}
	nd->port = dev;
	return 0;
}

void snet_port_destroy(struct snet_dev *nd)
{
	unsigned int i;

	if (!nd->port)
		return;
	unregister_netdev(nd->port);
	free_netdev(nd->port);
	nd->port = NULL;
	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++)
		skb_queue_purge(&nd->chan[i].rxq);
}
