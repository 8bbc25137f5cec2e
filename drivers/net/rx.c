// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: the inbound half of each channel, under NAPI.
 *
 * The channel callback masks the host's interrupts and schedules the NAPI;
 * the poll reads packets in place from the ring:
 *   - completions: transmit done (sections, skbs) or an answer to a
 *     control request, matched by id (a forged or repeated id is counted
 *     and dropped);
 *   - transfer-page packets: frames (and RNDIS control answers) in the
 *     receive buffer. Each range is checked against the buffer, its RNDIS
 *     header validated (rndis_parse.c), the frame copied once into a
 *     page-pool page, shown to the XDP program if any, an skb built on
 *     it, and the packet completed so the host can reuse the ranges;
 *     the fragments of an RSC chain (RNDIS PKT_ID info, all in one
 *     packet) are joined into one skb, still one copy per byte, and
 *     given to the stack as a TCP super-packet (gso_size set);
 *   - inband NVSP messages from the host (indirection table, VF).
 * When the poll finishes under budget it unmasks; packets that arrived
 * meanwhile make it poll again.
 *
 * Receive completions need no doorbell of their own while frames flow:
 * the host reads our ring each time it works on the channel, and it does
 * so for every batch of frames it sends. So a poll publishes its
 * completions without signalling (the doorbell is owed, as a deferred
 * send's is) until the sections handed back since the last doorbell
 * reach rx_comp_defer, or an eighth of the receive buffer. A backstop
 * timer pays a doorbell still owed rx_comp_defer_us later, for a host
 * that stopped, out of sections, and sends nothing more; if the host read
 * the completions meanwhile it costs nothing. A send that deferred its
 * doorbell to this poll (tx.c) is never made to wait for the timer: the
 * poll pays it at once, and the completions with it.
 */
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include "hvg2_net.h"

#define HVG2_NET_POLL_MAX_PKTS	256	/* ring packets per poll, any kind */

static unsigned int rx_comp_defer = 32;
module_param(rx_comp_defer, uint, 0644);
MODULE_PARM_DESC(rx_comp_defer, "Receive sections a queue may hand back before a poll rings the doorbell (0: every poll that must, default 32)");

static unsigned int rx_comp_defer_us = 2000;
module_param(rx_comp_defer_us, uint, 0644);
MODULE_PARM_DESC(rx_comp_defer_us, "Longest wait of a receive completion's doorbell (us, default 2000)");

/**
 * hvg2_net_chan_cb - the host signalled a channel
 * @ch: the channel
 * @ctx: its queue
 */
void hvg2_net_chan_cb(struct hvg2_channel *ch, void *ctx)
{
	struct hvg2_net_queue *q = ctx;

	if (napi_schedule_prep(&q->napi)) {
		/* no more interrupts until the poll is done */
		hvg2_channel_poll_begin(ch);
		__napi_schedule(&q->napi);
	}
}

/* Sections in the receive buffer (0 before the host sized them). */
static u32 hvg2_net_recv_nsec(const struct hvg2_net *nd)
{
	u32 sec = READ_ONCE(nd->recv_section);

	return sec ? READ_ONCE(nd->recv_size) / sec : 0;
}

/* ---- completions ---- */

static void hvg2_net_rx_completion(struct hvg2_net_queue *q,
				   const struct hvg2_ring_pkt *pkt,
				   struct hvg2_net_txdone *done, int budget)
{
	struct hvg2_net *nd = q->nd;
	void *ctx = hvg2_reqid_take(&nd->ids, pkt->trans_id);
	unsigned long v = (unsigned long)ctx;

	if (!ctx) {
		HVG2_RX_INC(q, drop_bad_comp);
		return;
	}
	if (v & HVG2_NET_CTX_REQ) {
		hvg2_net_req_complete(nd, (void *)(v & ~HVG2_NET_CTX_REQ),
				      pkt->payload, pkt->payload_len);
		return;
	}
	/* a failed send is still finished: the host let go of it */
	hvg2_net_tx_done(q, pkt->trans_id, ctx, done, budget);
}

/* ---- frames ---- */

static bool hvg2_net_rx_csum_ok(u32 csum)
{
	if (csum & (HVG2_CSUM_RX_TCP_FAILED | HVG2_CSUM_RX_UDP_FAILED |
		    HVG2_CSUM_RX_IP_FAILED))
		return false;
	return csum & (HVG2_CSUM_RX_TCP_OK | HVG2_CSUM_RX_UDP_OK);
}

/* An skb on the pool page @page, the frame at @off, @len bytes. */
static struct sk_buff *hvg2_net_rx_build(struct hvg2_net_queue *q,
					 struct page *page, u32 off, u32 len,
					 u32 meta)
{
	struct sk_buff *skb = napi_build_skb(page_address(page), PAGE_SIZE);

	if (unlikely(!skb)) {
		page_pool_recycle_direct(q->pool, page);
		return NULL;
	}
	/* freeing the skb gives its pages back to the pool */
	skb_mark_for_recycle(skb);
	skb_reserve(skb, off);
	__skb_put(skb, len);
	if (meta)
		skb_metadata_set(skb, meta);
	return skb;
}

/*
 * Bytes of a frame beyond the first page: into more pool pages, as frags,
 * filling the last one first (an RSC chain appends fragment by fragment).
 */
static int hvg2_net_rx_frags(struct hvg2_net_queue *q, struct sk_buff *skb,
			     const u8 *src, u32 len)
{
	struct skb_shared_info *si = skb_shinfo(skb);
	struct page *page;
	skb_frag_t *f;
	u32 n, used;

	while (len) {
		f = si->nr_frags ? &si->frags[si->nr_frags - 1] : NULL;
		used = f ? skb_frag_off(f) + skb_frag_size(f) : PAGE_SIZE;
		if (used < PAGE_SIZE) {
			/* our pool page, only this skb's: room left in it */
			n = min_t(u32, len, PAGE_SIZE - used);
			memcpy(page_address(skb_frag_page(f)) + used, src, n);
			skb_frag_size_add(f, n);
			skb->len += n;
			skb->data_len += n;
		} else {
			if (si->nr_frags >= MAX_SKB_FRAGS)
				return -E2BIG;
			page = page_pool_dev_alloc_pages(q->pool);
			if (!page)
				return -ENOMEM;
			n = min_t(u32, len, PAGE_SIZE);
			memcpy(page_address(page), src, n);
			skb_add_rx_frag(skb, si->nr_frags, page, 0, n, PAGE_SIZE);
		}
		src += n;
		len -= n;
	}
	return 0;
}

static void hvg2_net_rx_meta(struct hvg2_net_queue *q, struct sk_buff *skb,
			     const struct hvg2_net_rx_info *info)
{
	struct net_device *ndev = q->nd->ndev;

	if (info->has_csum && (ndev->features & NETIF_F_RXCSUM)) {
		if (hvg2_net_rx_csum_ok(info->csum)) {
			skb->ip_summed = CHECKSUM_UNNECESSARY;
			HVG2_RX_INC(q, csum_ok);
		} else if (info->csum & (HVG2_CSUM_RX_TCP_FAILED |
					 HVG2_CSUM_RX_UDP_FAILED |
					 HVG2_CSUM_RX_IP_FAILED)) {
			/* let the stack verify and count it */
			HVG2_RX_INC(q, csum_bad);
		}
	}
	if (info->has_hash && (ndev->features & NETIF_F_RXHASH))
		skb_set_hash(skb, info->hash, PKT_HASH_TYPE_L4);
	if (info->has_vlan) {
		u16 tci = ((info->vlan >> HVG2_VLAN_ID_SHIFT) & HVG2_VLAN_ID_MASK) |
			  ((info->vlan & HVG2_VLAN_PRIO_MASK) << VLAN_PRIO_SHIFT);

		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), tci);
	}
}

/* ---- RSC: a chain of fragments joined into one packet ---- */

/* Drop the chain being joined, if any, and count it; true if there was one. */
static bool hvg2_net_rsc_drop(struct hvg2_net_queue *q,
			      struct hvg2_net_rsc_state *rsc)
{
	bool had = rsc->skb || rsc->frags;

	if (rsc->skb)
		napi_consume_skb(rsc->skb, 1);
	if (had)
		HVG2_RX_INC(q, rsc_drops);
	rsc->skb = NULL;
	rsc->frags = 0;
	rsc->open = false;
	return had;
}

/*
 * Fragment @info of @msg joins the chain: the first starts the packet
 * (headers in the linear part), the others append their bytes as frags.
 * A failure drops the packet; the chain's later fragments find it gone.
 */
static void hvg2_net_rsc_add(struct hvg2_net_queue *q,
			     struct hvg2_net_rsc_state *rsc, const u8 *msg,
			     const struct hvg2_net_rx_info *info)
{
	const u8 *src = msg + info->data_off;
	u32 head;
	struct page *page;

	if (rsc->frags == 1) {
		rsc->info = *info;
		if (rsc->skb)
			napi_consume_skb(rsc->skb, 1);
		rsc->skb = NULL;
		/* the headers must be in the first fragment */
		if (info->data_len < ETH_HLEN) {
			HVG2_RX_INC(q, drop_bad_rndis);
			return;
		}
		page = q->pool ? page_pool_dev_alloc_pages(q->pool) : NULL;
		if (unlikely(!page)) {
			HVG2_RX_INC(q, drop_nomem);
			return;
		}
		head = min_t(u32, info->data_len, HVG2_NET_RX_LINEAR_MAX);
		memcpy(page_address(page) + HVG2_NET_RX_HEADROOM, src, head);
		rsc->skb = hvg2_net_rx_build(q, page, HVG2_NET_RX_HEADROOM,
					     head, 0);
		if (unlikely(!rsc->skb)) {
			HVG2_RX_INC(q, drop_nomem);
			return;
		}
		src += head;
		if (hvg2_net_rx_frags(q, rsc->skb, src, info->data_len - head))
			goto nomem;
		return;
	}
	if (!rsc->skb)
		return;
	if (hvg2_net_rx_frags(q, rsc->skb, src, info->data_len))
		goto nomem;
	return;
nomem:
	napi_consume_skb(rsc->skb, 1);
	rsc->skb = NULL;
	HVG2_RX_INC(q, drop_nomem);
}

/*
 * Tell the stack what the packet is: a TCP super-packet as GRO would
 * have built it, gso_size the MSS the MTU allows (the host sends no
 * count of the segments it joined).
 */
static void hvg2_net_rsc_gso(struct net_device *ndev, struct sk_buff *skb)
{
	u32 nhl, thl, payload, mss, type;
	const struct tcphdr *th;
	u8 proto;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *ip;

		if (!pskb_may_pull(skb, sizeof(*ip)))
			return;
		/* after eth_type_trans: the IP header is at data */
		ip = (const void *)skb->data;
		nhl = ip->ihl * 4;
		proto = ip->protocol;
		type = SKB_GSO_TCPV4;
		if (nhl < sizeof(*ip) || ip_is_fragment(ip))
			return;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		nhl = sizeof(struct ipv6hdr);
		if (!pskb_may_pull(skb, nhl))
			return;
		proto = ((const struct ipv6hdr *)skb->data)->nexthdr;
		type = SKB_GSO_TCPV6;
	} else {
		return;
	}
	if (proto != IPPROTO_TCP || !pskb_may_pull(skb, nhl + sizeof(*th)))
		return;
	th = (const void *)(skb->data + nhl);
	thl = th->doff * 4;
	if (thl < sizeof(*th) || skb->len < nhl + thl || ndev->mtu <= nhl + thl)
		return;
	payload = skb->len - nhl - thl;
	mss = ndev->mtu - nhl - thl;
	if (payload <= mss)
		return;
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, nhl);
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = type;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(payload, mss);
}

/* The chain is complete: its packet to the stack. Returns 1 if delivered. */
static int hvg2_net_rsc_done(struct hvg2_net_queue *q,
			     struct hvg2_net_rsc_state *rsc)
{
	struct net_device *ndev = q->nd->ndev;
	struct sk_buff *skb = rsc->skb;
	u32 frags = rsc->frags;

	rsc->skb = NULL;
	rsc->frags = 0;
	if (!skb)
		return 0;	/* counted where it went */
	/* an XDP program cannot see it (no multi-buffer XDP): RSC was on */
	if (rcu_access_pointer(q->nd->xdp_prog)) {
		napi_consume_skb(skb, 1);
		HVG2_RX_INC(q, rsc_drops);
		return 0;
	}
	u64_stats_update_begin(&q->rx.syncp);
	q->rx.packets++;
	q->rx.bytes += skb->len;
	q->rx.copied += skb->len;
	q->rx.rsc_pkts++;
	q->rx.rsc_frags += frags;
	u64_stats_update_end(&q->rx.syncp);
	skb->protocol = eth_type_trans(skb, ndev);
	hvg2_net_rx_meta(q, skb, &rsc->info);
	hvg2_net_rsc_gso(ndev, skb);
	napi_gro_receive(&q->napi, skb);
	return 1;
}

/*
 * One RNDIS PACKET at @msg (@len bytes, validated range): the frame is
 * copied once, into a page of the queue's pool, where the XDP program
 * (if any) sees it and the skb is built around it; an RSC fragment goes
 * to its chain instead (@rsc, @last: the packet's last range). Returns 1
 * if the frame was consumed (delivered, or taken by XDP), 0 if dropped
 * or kept for its chain.
 */
static int hvg2_net_rx_frame(struct hvg2_net_queue *q, const void *msg, u32 len,
			     struct hvg2_net_rsc_state *rsc, bool last)
{
	struct net_device *ndev = q->nd->ndev;
	u32 off = HVG2_NET_RX_HEADROOM, meta = 0, head, flen;
	struct hvg2_net_rx_info info;
	struct bpf_prog *prog;
	struct sk_buff *skb;
	struct page *page;

	if (hvg2_net_parse_rndis_packet(msg, len, &info)) {
		HVG2_RX_INC(q, drop_bad_rndis);
		hvg2_net_rsc_drop(q, rsc);
		return 0;
	}
	switch (hvg2_net_rsc_step(rsc, info.rsc_flags, info.data_len, last)) {
	case HVG2_RSC_MORE:
		hvg2_net_rsc_add(q, rsc, msg, &info);
		return 0;
	case HVG2_RSC_DONE:
		hvg2_net_rsc_add(q, rsc, msg, &info);
		return hvg2_net_rsc_done(q, rsc);
	case HVG2_RSC_BAD:
		/* the chain so far goes; so does this if it was part of one */
		if (!hvg2_net_rsc_drop(q, rsc) &&
		    (info.rsc_flags & HVG2_RNDIS_PKT_ID_SUBALLOC))
			HVG2_RX_INC(q, rsc_drops);	/* a stray fragment */
		if (info.rsc_flags & HVG2_RNDIS_PKT_ID_SUBALLOC)
			return 0;
		break;
	default:
		break;
	}
	if (info.data_len < ETH_HLEN ||
	    info.data_len > ndev->mtu + ETH_HLEN + VLAN_HLEN) {
		HVG2_RX_INC(q, drop_bad_rndis);
		return 0;
	}
	prog = rcu_dereference(q->nd->xdp_prog);
	/* the MTU was checked when the program came; a change since races */
	if (prog && info.data_len > HVG2_NET_RX_LINEAR_MAX) {
		HVG2_RX_INC(q, drop_bad_rndis);
		return 0;
	}
	/* no pool while the device is down */
	page = q->pool ? page_pool_dev_alloc_pages(q->pool) : NULL;
	if (unlikely(!page)) {
		HVG2_RX_INC(q, drop_nomem);
		return 0;
	}
	/* the one copy out of the host-writable receive buffer */
	head = min_t(u32, info.data_len, HVG2_NET_RX_LINEAR_MAX);
	memcpy(page_address(page) + off, msg + info.data_off, head);
	u64_stats_update_begin(&q->rx.syncp);
	q->rx.packets++;
	q->rx.bytes += info.data_len;
	q->rx.copied += info.data_len;
	u64_stats_update_end(&q->rx.syncp);

	flen = head;
	if (prog && hvg2_net_xdp_run(q, prog, page, &off, &flen, &meta) !=
		    XDP_PASS)
		return 1;
	skb = hvg2_net_rx_build(q, page, off, flen, meta);
	if (unlikely(!skb)) {
		HVG2_RX_INC(q, drop_nomem);
		return 0;
	}
	if (info.data_len > head &&
	    hvg2_net_rx_frags(q, skb, msg + info.data_off + head,
			      info.data_len - head)) {
		napi_consume_skb(skb, 1);
		HVG2_RX_INC(q, drop_nomem);
		return 0;
	}
	skb->protocol = eth_type_trans(skb, ndev);
	hvg2_net_rx_meta(q, skb, &info);
	napi_gro_receive(&q->napi, skb);
	return 1;
}

/* A transfer-page packet: each range one RNDIS message. Returns frames. */
static int hvg2_net_rx_xfer(struct hvg2_net_queue *q,
			    const struct hvg2_ring_pkt *pkt)
{
	const struct hvg2_xfer_pkt_hdr *x = (const void *)pkt->desc;
	u32 hdr_len = pkt->len - pkt->payload_len;
	const struct hvg2_nvsp_msg *m = pkt->payload;
	struct hvg2_net *nd = q->nd;
	struct hvg2_net_rsc_state rsc = { };
	u32 i, cnt, set_id;
	int frames = 0;

	/* fields of the ring are host-writable: each read once */
	cnt = READ_ONCE(x->range_cnt);
	set_id = READ_ONCE(x->set_id);
	if (hdr_len < sizeof(*x) || set_id != HVG2_NVSP_RECV_BUF_ID || !cnt ||
	    (u64)sizeof(*x) + (u64)cnt * sizeof(x->range[0]) > hdr_len ||
	    pkt->payload_len < HVG2_NVSP_MSG_MIN(rndis_pkt) ||
	    READ_ONCE(m->type) != HVG2_NVSP_MSG1_SEND_RNDIS_PKT) {
		HVG2_RX_INC(q, drop_bad_xfer);
		q->comp_new++;
		return 0;
	}
	/* what the completion gives back: at most the buffer's sections */
	q->comp_new += min(cnt, hvg2_net_recv_nsec(nd));
	for (i = 0; i < cnt; i++) {
		u32 off = READ_ONCE(x->range[i].byte_offset);
		u32 len = READ_ONCE(x->range[i].byte_count);
		const struct hvg2_rndis_hdr *h;
		u32 type, mlen;

		if ((u64)off + len > nd->recv_size || off % 4 ||
		    len < sizeof(*h)) {
			HVG2_RX_INC(q, drop_bad_xfer);
			hvg2_net_rsc_drop(q, &rsc);
			continue;
		}
		h = nd->recv_buf + off;
		type = READ_ONCE(h->type);
		if (type == HVG2_RNDIS_MSG_PACKET) {
			frames += hvg2_net_rx_frame(q, h, len, &rsc, i == cnt - 1);
			continue;
		}
		/* a control message inside a chain breaks it */
		hvg2_net_rsc_drop(q, &rsc);
		mlen = READ_ONCE(h->len);
		if (mlen < sizeof(*h) || mlen > len) {
			HVG2_RX_INC(q, drop_bad_rndis);
			continue;
		}
		hvg2_net_rndis_control(nd, h, mlen);
	}
	/* a chain cut short (a bad last range) */
	hvg2_net_rsc_drop(q, &rsc);
	return frames;
}

/* Hand the ranges of packet @tid back to the host (committed, unpublished). */
static int hvg2_net_rx_complete(struct hvg2_net_queue *q, u64 tid)
{
	struct hvg2_nvsp_msg msg = {
		.type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE,
		.rndis_pkt_complete.status = HVG2_NVSP_STAT_SUCCESS,
	};
	struct kvec iov = { .iov_base = &msg, .iov_len = sizeof(msg) };

	return hvg2_channel_sendv(q->ch, HVG2_PKT_COMPLETION, 0, tid, &iov, 1,
				  true);
}

/* ---- inband messages from the host ---- */

static void hvg2_net_rx_inband(struct hvg2_net_queue *q,
			       const struct hvg2_ring_pkt *pkt)
{
	const struct hvg2_nvsp_msg *m = pkt->payload;

	if (pkt->payload_len < sizeof(u32))
		return;
	switch (READ_ONCE(m->type)) {
	case HVG2_NVSP_MSG4_SEND_VF_ASSOCIATION:
		if (hvg2_net_vf_assoc(q->nd, m, pkt->payload_len))
			HVG2_RX_INC(q, drop_bad_xfer);
		break;
	case HVG2_NVSP_MSG5_SEND_INDIRECTION_TABLE:
		hvg2_net_send_table(q->nd, m, pkt->payload_len);
		break;
	default:
		break;
	}
}

/* ---- completion doorbells ---- */

static enum hrtimer_restart hvg2_net_comp_fire(struct hrtimer *t)
{
	struct hvg2_net_queue *q = container_of(t, struct hvg2_net_queue,
						comp_timer);

	/* signals only if the host is still idle with packets unread */
	hvg2_channel_kick(q->ch);
	return HRTIMER_NORESTART;
}

/**
 * hvg2_net_comp_init - set up a queue's completion backstop timer
 * @q: the queue
 */
void hvg2_net_comp_init(struct hvg2_net_queue *q)
{
	hvg2_hrtimer_setup(&q->comp_timer, hvg2_net_comp_fire, CLOCK_MONOTONIC,
			   HRTIMER_MODE_REL);
}

/**
 * hvg2_net_comp_stop - no backstop pass any more
 * @q: the queue, its NAPI disabled (nothing arms the timer), its channel
 *	still open
 */
void hvg2_net_comp_stop(struct hvg2_net_queue *q)
{
	hrtimer_cancel(&q->comp_timer);
	q->comp_new = 0;
	q->comp_debt = 0;
	q->tx_owes = false;
}

/* Under the ring lock: may this poll's completions go without a doorbell? */
static bool hvg2_net_comp_defer(void *ctx)
{
	struct hvg2_net_queue *q = ctx;
	struct hvg2_net *nd = q->nd;
	u32 limit = min(READ_ONCE(rx_comp_defer), hvg2_net_recv_nsec(nd) / 8);
	bool tx = q->tx_owes;
	u32 n = q->comp_new;

	q->tx_owes = false;
	q->comp_debt += n;
	q->comp_new = 0;
	if (tx || !q->comp_debt || q->comp_debt >= limit) {
		q->comp_debt = 0;
		return false;
	}
	if (n)
		HVG2_RX_INC(q, comp_deferred);
	return true;
}

/* The poll's publish: its completions, and what earlier sends left. */
static void hvg2_net_comp_flush(struct hvg2_net_queue *q)
{
	u32 n = q->comp_new;
	u32 us;

	if (!hvg2_channel_flush_owe(q->ch, hvg2_net_comp_defer, q))
		return;
	/* owed: the host had read all before, so the debt is this poll's */
	q->comp_debt = n;
	us = max(READ_ONCE(rx_comp_defer_us), 1U);
	if (!hrtimer_is_queued(&q->comp_timer))
		hrtimer_start(&q->comp_timer, ns_to_ktime((u64)us * NSEC_PER_USEC),
			      HRTIMER_MODE_REL);
}

/* ---- the poll ---- */

/**
 * hvg2_net_poll_again - schedule the NAPI, as the host's signal would
 * @q: the queue
 */
void hvg2_net_poll_again(struct hvg2_net_queue *q)
{
	if (napi_schedule_prep(&q->napi)) {
		hvg2_channel_poll_begin(q->ch);
		__napi_schedule(&q->napi);
	}
}

/**
 * hvg2_net_poll - NAPI poll of one channel
 * @napi: the queue's NAPI
 * @budget: frames we may deliver
 *
 * Return: frames delivered.
 */
int hvg2_net_poll(struct napi_struct *napi, int budget)
{
	struct hvg2_net_queue *q = container_of(napi, struct hvg2_net_queue, napi);
	struct hvg2_net_txdone done = { };
	struct hvg2_ring_pkt pkt;
	int work = 0, n = 0, ret = 0;

	HVG2_RX_INC(q, polls);
	/* the XDP program and what it redirects to live under RCU */
	rcu_read_lock();
	if (q->comp_pending) {
		if (hvg2_net_rx_complete(q, q->comp_tid) == -EAGAIN)
			goto out;
		q->comp_pending = false;
	}
	while (work < budget && n++ < HVG2_NET_POLL_MAX_PKTS &&
	       !(ret = hvg2_channel_peek(q->ch, &pkt))) {
		switch (pkt.type) {
		case HVG2_PKT_COMPLETION:
			hvg2_net_rx_completion(q, &pkt, &done, budget);
			break;
		case HVG2_PKT_DATA_USING_XFER_PAGES:
			work += hvg2_net_rx_xfer(q, &pkt);
			/* copied: the host may reuse the ranges */
			if (hvg2_net_rx_complete(q, pkt.trans_id) == -EAGAIN) {
				q->comp_pending = true;
				q->comp_tid = pkt.trans_id;
				HVG2_RX_INC(q, comp_retry);
			}
			break;
		case HVG2_PKT_DATA_INBAND:
			hvg2_net_rx_inband(q, &pkt);
			break;
		default:
			HVG2_RX_INC(q, drop_bad_xfer);
			break;
		}
		hvg2_channel_advance(q->ch);
		if (q->comp_pending)
			break;
	}
	if (ret == -EIO && !READ_ONCE(q->nd->broken)) {
		WRITE_ONCE(q->nd->broken, true);
		netdev_err(q->nd->ndev, "channel broken by the host\n");
		netif_carrier_off(q->nd->ndev);
	}
out:
	if (q->xdp_flush) {
		/* frames redirected in this poll leave now */
		xdp_do_flush();
		q->xdp_flush = false;
	}
	rcu_read_unlock();
	hvg2_channel_release(q->ch);
	hvg2_net_comp_flush(q);
	hvg2_net_tx_wake(q, &done);
	if (work >= budget)
		return budget;
	/* the ring had more than a poll's worth of control traffic */
	if (n > HVG2_NET_POLL_MAX_PKTS && !q->comp_pending)
		return budget;
	if (napi_complete_done(napi, work) && hvg2_channel_poll_end(q->ch))
		hvg2_net_poll_again(q);
	return work;
}
