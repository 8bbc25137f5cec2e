// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: transmit.
 *
 * Small frames are copied into a send-buffer section behind an RNDIS
 * PACKET header. Frames of one batch (the stack's xmit_more) share a
 * section, up to the host's messages-per-transfer limit, and the section
 * goes to the host as one NVSP SEND_RNDIS_PKT; the ring is published and
 * the host signalled once per batch (BQL decides where a batch ends, with
 * __netdev_tx_sent_queue()). The skb is kept, chained to its section,
 * until the host completes the NVSP message, which frees the section and
 * its frames: like a NIC's, our frames hold their sockets' memory until
 * they have left, so TCP small queues limit how much a socket queues
 * behind a busy host. (Freed at the copy, they let a sender queue without
 * limit: the round trip grew with the queue, TCP shrank its segments to
 * its slower pace, and the host, paying per packet, fell further behind.)
 *
 * Frames that do not fit a section go as GPA-direct page ranges: the RNDIS
 * header in the skb's headroom plus the linear part form the first range,
 * each fragment one more; nothing is copied or linearised whatever the
 * fragment count. The skb lives until the host completes. The open
 * section is sent before such a frame, so that a queue's frames reach
 * the host in the order the stack gave them (a batch's small frames
 * would otherwise follow a large frame sent after them).
 *
 * Completion contexts in the request-id table: an skb (page ranges), or a
 * section number tagged with HVG2_NET_CTX_SEC (see hvg2_net.h).
 *
 * Doorbells wait under load. A batch that finds tx_defer_depth sends of
 * earlier batches in flight on its queue publishes without signalling:
 * the host owes completions for those sends, they bring the queue's NAPI,
 * and the poll's flush rings the doorbell if the host is still idle with
 * packets it has not read (a host that reads while it works needs none).
 * The count goes up before a send is committed and down when the poll
 * reaps its completion, before that poll's flush; the decision is taken
 * under the ring lock (hvg2_channel_flush_owe()), so a counted send's
 * reap always comes after the deferral that counted it: no doorbell is
 * stranded. The open batch's own sends never count, being the very
 * packets whose doorbell is in question.
 */
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include "hvg2_net.h"

static unsigned int tx_defer_depth = 4;
module_param(tx_defer_depth, uint, 0644);
MODULE_PARM_DESC(tx_defer_depth, "Sends of earlier batches in flight on a queue from which a batch's doorbell waits for the queue's next poll (0: never, default 4)");

/*
 * TCP sizes its segments, and TCP small queues what a socket may have
 * queued, as 1/2^sk_pacing_shift of a second at its pacing rate: 1 ms by
 * default. Our host pays per packet and completes in batches, so a socket
 * that sends through us gets a larger share, as Wi-Fi's does (mac80211):
 * 2^-7 s, 8 ms. Without it a flow whose round trip grew under load was
 * cut to two-MSS segments and could not recover.
 */
static unsigned int tx_pacing_shift = 7;
module_param(tx_pacing_shift, uint, 0644);
MODULE_PARM_DESC(tx_pacing_shift, "Pacing shift for sockets that send through us: TCP segments and queues up to 1/2^shift s of data (1-10, default 7; 0: leave sockets as they are)");

/* ---- sections ---- */

static void *hvg2_net_sec_addr(struct hvg2_net *nd, u32 sec)
{
	return nd->send_buf + (size_t)sec * nd->send_section;
}

/* A free section, or U32_MAX. Only xmit allocates (under the tx lock). */
static u32 hvg2_net_sec_get(struct hvg2_net *nd)
{
	u32 sec;

	do {
		sec = find_first_zero_bit(nd->send_map, nd->send_nsec);
		if (sec >= nd->send_nsec)
			return U32_MAX;
	} while (test_and_set_bit(sec, nd->send_map));
	return sec;
}

/* Free the frames copied into @sec (NAPI @budget, 0: any context). */
static void hvg2_net_sec_skbs_put(struct hvg2_net *nd, u32 sec, int budget)
{
	struct sk_buff *skb = nd->sec_skbs[sec], *next;

	nd->sec_skbs[sec] = NULL;
	for (; skb; skb = next) {
		next = skb->next;
		skb_mark_not_on_list(skb);
		napi_consume_skb(skb, budget);
	}
}

/**
 * hvg2_net_sec_skbs_free - free the frames of sections never completed
 * @nd: the device; nothing sends and no completion comes any more
 */
void hvg2_net_sec_skbs_free(struct hvg2_net *nd)
{
	u32 sec;

	if (!nd->sec_skbs)
		return;
	for (sec = 0; sec < nd->send_nsec; sec++)
		hvg2_net_sec_skbs_put(nd, sec, 0);
}

static void hvg2_net_sec_put(struct hvg2_net *nd, u32 sec)
{
	/* the host is done with the section: order its reads before reuse */
	clear_bit_unlock(sec, nd->send_map);
}

/* ---- per-packet info ---- */

/**
 * hvg2_net_tx_ppi - the per-packet info a frame needs
 * @skb: the frame, headers set (transport offset, GSO fields)
 * @ppi: filled in: LSO for TCP GSO, USO for UDP GSO, else checksum if
 *	the stack left it to us
 */
void hvg2_net_tx_ppi(const struct sk_buff *skb, struct hvg2_net_tx_ppi *ppi)
{
	u32 l4 = skb_transport_offset(skb);

	memset(ppi, 0, sizeof(*ppi));
	if (skb_is_gso(skb) && (skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4)) {
		/* headers as the stack built them: the host rewrites them */
		ppi->has_uso = true;
		ppi->uso = (skb_shinfo(skb)->gso_size & HVG2_USO_MSS_MASK) |
			   ((l4 & HVG2_USO_L4_OFF_MASK) << HVG2_USO_L4_OFF_SHIFT);
		if (skb->protocol == htons(ETH_P_IPV6))
			ppi->uso |= HVG2_USO_IPV6;
		return;
	}
	if (skb_is_gso(skb)) {
		ppi->has_lso = true;
		ppi->lso = HVG2_LSO_TYPE_V2 |
			   (skb_shinfo(skb)->gso_size & HVG2_LSO_MSS_MASK) |
			   ((l4 & HVG2_LSO_L4_OFF_MASK) << HVG2_LSO_L4_OFF_SHIFT);
		if (skb->protocol == htons(ETH_P_IPV6))
			ppi->lso |= HVG2_LSO_IPV6;
		return;
	}
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return;
	ppi->has_csum = true;
	ppi->csum = (l4 & HVG2_CSUM_TX_L4_OFF_MASK) << HVG2_CSUM_TX_L4_OFF_SHIFT;
	if (skb->protocol == htons(ETH_P_IP)) {
		ppi->csum |= HVG2_CSUM_TX_IPV4;
		ppi->csum |= ip_hdr(skb)->protocol == IPPROTO_TCP ?
			     HVG2_CSUM_TX_TCP : HVG2_CSUM_TX_UDP;
	} else {
		ppi->csum |= HVG2_CSUM_TX_IPV6;
		ppi->csum |= ipv6_hdr(skb)->nexthdr == IPPROTO_TCP ?
			     HVG2_CSUM_TX_TCP : HVG2_CSUM_TX_UDP;
	}
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_tx_ppi);

/* ---- the open section of a batch ---- */

/* A send of the open batch, counted before it is committed. */
static void hvg2_net_tx_count(struct hvg2_net_queue *q)
{
	atomic_inc(&q->tx_inflight);
	q->tx_unpub++;
}

/* The send failed: it was never committed. */
static void hvg2_net_tx_uncount(struct hvg2_net_queue *q)
{
	atomic_dec(&q->tx_inflight);
	q->tx_unpub--;
}

/*
 * Send the open section as one SEND_RNDIS_PKT. The packet is committed,
 * not published: the caller flushes at the end of the batch.
 */
static int hvg2_net_agg_send(struct hvg2_net_queue *q)
{
	struct hvg2_net *nd = q->nd;
	struct hvg2_nvsp_msg msg = {
		.type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT,
		.rndis_pkt.channel_type = HVG2_NVSP_CHANNEL_DATA,
		.rndis_pkt.section_index = q->agg_sec,
		.rndis_pkt.section_size = q->agg_len,
	};
	u64 id;
	int ret;

	if (q->agg_sec == U32_MAX)
		return 0;
	nd->sec_pkts[q->agg_sec] = q->agg_cnt;
	nd->sec_bytes[q->agg_sec] = q->agg_bytes;
	id = hvg2_reqid_alloc(&nd->ids, (void *)(((unsigned long)q->agg_sec << 2) |
						 HVG2_NET_CTX_SEC));
	if (!id)
		return -EAGAIN;
	hvg2_net_tx_count(q);
	ret = hvg2_channel_send(q->ch, &msg, sizeof(msg), id,
				HVG2_PKT_FLAG_COMPLETION_REQUESTED, true);
	if (ret) {
		hvg2_net_tx_uncount(q);
		hvg2_reqid_take(&nd->ids, id);
	} else {
		q->agg_sec = U32_MAX;
	}
	return ret;
}

/* Under the ring lock: may the batch's doorbell wait for the next poll? */
static bool hvg2_net_tx_defer(void *ctx)
{
	struct hvg2_net_queue *q = ctx;
	unsigned int depth = READ_ONCE(tx_defer_depth);
	/* sends of earlier batches only: the open one's are being published */
	int seen = atomic_read(&q->tx_inflight) - (int)q->tx_unpub;

	q->tx_unpub = 0;
	if (!depth || seen < (int)depth)
		return false;
	/* the next poll's publish must not wait (rx.c) */
	q->tx_owes = true;
	return true;
}

/* Publish what the batch committed (one signal at most, maybe owed). */
static void hvg2_net_kick(struct hvg2_net_queue *q)
{
	bool owed = hvg2_channel_flush_owe(q->ch, hvg2_net_tx_defer, q);

	u64_stats_update_begin(&q->tx.syncp);
	q->tx.batches++;
	q->tx.deferred += owed;
	u64_stats_update_end(&q->tx.syncp);
}

/*
 * Stop the queue: out of sections, ids or ring space. The NAPI wakes it
 * (hvg2_net_tx_wake()); if it ran since xmit started (@seq changed), it
 * may have missed the stop: restart at once.
 *
 * Sections and ids belong to the device, though: another queue's sends
 * may hold them all while this queue has nothing in flight, and then no
 * poll of its own comes. So the queue is also marked starved, and any
 * poll that frees some schedules its NAPI; if one freed since xmit
 * started (@fseq changed), it may have missed the mark: restart at once.
 */
static void hvg2_net_tx_stop(struct hvg2_net_queue *q, struct netdev_queue *txq,
			     u32 seq, u32 fseq)
{
	struct hvg2_net *nd = q->nd;

	set_bit(q->idx, nd->tx_starved);
	netif_tx_stop_queue(txq);
	u64_stats_update_begin(&q->tx.syncp);
	q->tx.busy++;
	u64_stats_update_end(&q->tx.syncp);
	/* pairs with the barriers in hvg2_net_tx_wake() */
	smp_mb__after_atomic();
	if (READ_ONCE(q->done_seq) != seq ||
	    atomic_read(&nd->tx_free_seq) != fseq)
		netif_tx_start_queue(txq);
}

/*
 * Room for a frame of @len bytes behind its RNDIS header in the open
 * section, opening one if needed. Returns where the frame goes.
 */
static void *hvg2_net_agg_reserve(struct hvg2_net_queue *q, u32 len,
				  const struct hvg2_net_tx_ppi *ppi)
{
	struct hvg2_net *nd = q->nd;
	u32 align = nd->rndis_align;
	u32 hlen, off;
	void *dst;
	int ret;

	if (q->agg_sec != U32_MAX &&
	    (q->agg_cnt >= nd->rndis_max_pkts ||
	     ALIGN(q->agg_len, align) + HVG2_NET_TX_HDR_MAX + len >
	     nd->send_section)) {
		ret = hvg2_net_agg_send(q);
		if (ret)
			return ERR_PTR(ret);
	}
	if (q->agg_sec == U32_MAX) {
		q->agg_sec = hvg2_net_sec_get(nd);
		if (q->agg_sec == U32_MAX)
			return ERR_PTR(-EAGAIN);
		q->agg_len = 0;
		q->agg_cnt = 0;
		q->agg_bytes = 0;
	}
	off = ALIGN(q->agg_len, align);
	dst = hvg2_net_sec_addr(nd, q->agg_sec) + off;
	if (off != q->agg_len) {
		struct hvg2_rndis_hdr *prev = hvg2_net_sec_addr(nd, q->agg_sec) +
					      q->agg_last;

		/*
		 * The host walks a section message by message, by length:
		 * the padding that aligns this message belongs to the
		 * previous one (its frame length says where the frame ends).
		 */
		memset(dst - (off - q->agg_len), 0, off - q->agg_len);
		prev->len += off - q->agg_len;
	}
	q->agg_last = off;
	hlen = hvg2_net_build_rndis_packet(dst, HVG2_NET_TX_HDR_MAX, len, ppi);
	q->agg_len = off + hlen + len;
	q->agg_cnt++;
	u64_stats_update_begin(&q->tx.syncp);
	q->tx.copied += len;
	u64_stats_update_end(&q->tx.syncp);
	return dst + hlen;
}

/* Copy @skb into the open section, opening one if needed. */
static int hvg2_net_tx_copy(struct hvg2_net_queue *q, struct sk_buff *skb)
{
	struct hvg2_net_tx_ppi ppi;
	void *dst;

	hvg2_net_tx_ppi(skb, &ppi);
	dst = hvg2_net_agg_reserve(q, skb->len, &ppi);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	skb_copy_bits(skb, 0, dst, skb->len);
	q->agg_bytes += skb->len;
	/* freed with the section, which is not sent yet: nobody else looks */
	skb->next = q->nd->sec_skbs[q->agg_sec];
	q->nd->sec_skbs[q->agg_sec] = skb;
	return 0;
}

/**
 * hvg2_net_tx_xdp_frame - copy an XDP frame into the open section
 * @q: the queue; the caller holds its transmit lock
 * @data: the frame
 * @len: its length
 *
 * The frame joins the batch the stack's frames fill, but not BQL's
 * byte count (the stack never queued it). hvg2_net_tx_xdp_flush() or the
 * next poll sends the section.
 *
 * Return: 0, -E2BIG (no section holds it), -EAGAIN (no section free).
 */
int hvg2_net_tx_xdp_frame(struct hvg2_net_queue *q, const void *data, u32 len)
{
	struct hvg2_net_tx_ppi ppi = { };
	void *dst;

	if (unlikely(READ_ONCE(q->nd->broken)))
		return -EIO;
	if (len + HVG2_NET_TX_HDR_MAX > q->nd->send_section)
		return -E2BIG;
	dst = hvg2_net_agg_reserve(q, len, &ppi);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	memcpy(dst, data, len);
	return 0;
}

/**
 * hvg2_net_tx_xdp_flush - send the open section, one doorbell
 * @q: the queue; the caller holds its transmit lock
 */
void hvg2_net_tx_xdp_flush(struct hvg2_net_queue *q)
{
	if (q->agg_sec != U32_MAX && !hvg2_net_agg_send(q))
		hvg2_net_kick(q);
}

/* ---- page ranges ---- */

/* Bytes a GPA range for [@phys, @phys + @len) takes, PFNs included. */
static u32 hvg2_net_range_size(phys_addr_t phys, u32 len)
{
	u32 off = phys & (HVG2_HV_PAGE_SIZE - 1);

	return sizeof(struct hvg2_vmbus_gpa_range) +
	       DIV_ROUND_UP(off + len, HVG2_HV_PAGE_SIZE) * sizeof(u64);
}

static u8 *hvg2_net_put_range(u8 *p, phys_addr_t phys, u32 len)
{
	struct hvg2_vmbus_gpa_range *r = (void *)p;
	u32 off = phys & (HVG2_HV_PAGE_SIZE - 1);
	u32 i, n = DIV_ROUND_UP(off + len, HVG2_HV_PAGE_SIZE);

	r->byte_count = len;
	r->byte_offset = off;
	for (i = 0; i < n; i++)
		r->pfn[i] = (phys >> HVG2_HV_PAGE_SHIFT) + i;
	return (u8 *)&r->pfn[n];
}

/*
 * Send @skb as page ranges: header + linear part, then each fragment.
 * The RNDIS header is written into the headroom (needed_headroom asks
 * the stack for it; skb_cow_head() makes room when it did not).
 */
static int hvg2_net_tx_ranges(struct hvg2_net_queue *q, struct sk_buff *skb)
{
	struct hvg2_nvsp_msg msg = {
		.type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT,
		.rndis_pkt.channel_type = HVG2_NVSP_CHANNEL_DATA,
		.rndis_pkt.section_index = HVG2_NVSP_NO_SECTION,
	};
	struct skb_shared_info *si = skb_shinfo(skb);
	struct hvg2_net *nd = q->nd;
	struct hvg2_gpa_pkt_hdr *h;
	u8 tmp[HVG2_NET_TX_HDR_MAX] __aligned(8);
	struct hvg2_net_tx_ppi ppi;
	unsigned long flags;
	u32 hlen, len, i;
	u8 *hdr, *p;
	u64 id;

	if (skb_cow_head(skb, HVG2_NET_TX_HDR_MAX))
		return -ENOMEM;
	hvg2_net_tx_ppi(skb, &ppi);
	hlen = hvg2_net_build_rndis_packet(tmp, sizeof(tmp), skb->len, &ppi);
	/* the header ends where the frame starts: one range for both */
	hdr = skb->data - hlen;
	memcpy(hdr, tmp, hlen);

	len = sizeof(*h) + hvg2_net_range_size(virt_to_phys(hdr),
					       hlen + skb_headlen(skb));
	for (i = 0; i < si->nr_frags; i++) {
		const skb_frag_t *f = &si->frags[i];

		len += hvg2_net_range_size(page_to_phys(skb_frag_page(f)) +
					   skb_frag_off(f), skb_frag_size(f));
	}
	len += sizeof(msg);
	if (len > HVG2_PKT_MAX_LEN)
		return -E2BIG;

	id = hvg2_reqid_alloc(&nd->ids, skb);
	if (!id)
		return -EAGAIN;
	/* the completion may run as soon as we commit: set up first */
	HVG2_NET_CB(skb)->bytes = skb->len;
	nd->inflight[(u32)id - 1] = skb;
	hvg2_net_tx_count(q);
	hvg2_channel_lock(q->ch, &flags);
	h = (void *)hvg2_channel_reserve(q->ch, len);
	if (IS_ERR(h)) {
		hvg2_channel_unlock(q->ch, flags);
		hvg2_net_tx_uncount(q);
		nd->inflight[(u32)id - 1] = NULL;
		hvg2_reqid_take(&nd->ids, id);
		return PTR_ERR(h);
	}
	h->desc.type = HVG2_PKT_DATA_USING_GPA_DIRECT;
	h->desc.offset8 = (len - sizeof(msg)) / 8;
	h->desc.flags = HVG2_PKT_FLAG_COMPLETION_REQUESTED;
	h->desc.trans_id = id;
	h->reserved = 0;
	h->range_cnt = 1 + si->nr_frags;
	p = hvg2_net_put_range((u8 *)(h + 1), virt_to_phys(hdr),
			       hlen + skb_headlen(skb));
	for (i = 0; i < si->nr_frags; i++) {
		const skb_frag_t *f = &si->frags[i];

		p = hvg2_net_put_range(p, page_to_phys(skb_frag_page(f)) +
				       skb_frag_off(f), skb_frag_size(f));
	}
	memcpy(p, &msg, sizeof(msg));
	hvg2_channel_commit(q->ch, true);
	hvg2_channel_unlock(q->ch, flags);
	return 0;
}

/* ---- the xmit entry ---- */

/**
 * hvg2_net_xmit - ndo_start_xmit
 * @skb: the frame
 * @ndev: our device
 *
 * Return: NETDEV_TX_OK (sent or dropped), NETDEV_TX_BUSY (queue stopped).
 */
netdev_tx_t hvg2_net_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u16 qi = skb_get_queue_mapping(skb);
	struct hvg2_net_queue *q = &nd->q[qi < nd->nq ? qi : 0];
	struct netdev_queue *txq = netdev_get_tx_queue(ndev, q->idx);
	u32 seq = READ_ONCE(q->done_seq);
	u32 fseq = atomic_read(&nd->tx_free_seq);
	u32 bytes = skb->len;
	/* read now: once sent, the host's completion may free the skb */
	bool uso = skb_is_gso(skb) &&
		   (skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4);
	unsigned int shift;
	bool copy;
	int ret;

	/* between detach and attach: no buffers; attach wakes the queue */
	if (unlikely(!READ_ONCE(nd->attached))) {
		netif_tx_stop_queue(netdev_get_tx_queue(ndev, qi));
		return NETDEV_TX_BUSY;
	}
	ret = -EIO;
	if (unlikely(READ_ONCE(nd->broken)))
		goto drop;
	/* what a poll freed before bumping @fseq is seen by our allocations */
	smp_rmb();
	if (skb_is_gso(skb)) {
		ret = skb_cow_head(skb, HVG2_NET_TX_HDR_MAX);
		if (!ret)
			ret = hvg2_net_lso_prepare(skb);
		if (ret)
			goto drop;
	}
	shift = READ_ONCE(tx_pacing_shift);
	if (shift && shift <= 10)
		sk_pacing_shift_update(skb->sk, shift);
	copy = skb->len + HVG2_NET_TX_HDR_MAX <= nd->send_section;
	if (copy) {
		ret = hvg2_net_tx_copy(q, skb);
	} else {
		/* the frames of the open section leave before this one */
		ret = hvg2_net_agg_send(q);
		if (!ret)
			ret = hvg2_net_tx_ranges(q, skb);
	}
	if (ret == -EAGAIN) {
		/* send what the batch holds, then wait for completions */
		hvg2_net_agg_send(q);
		hvg2_net_kick(q);
		hvg2_net_tx_stop(q, txq, seq, fseq);
		return NETDEV_TX_BUSY;
	}
	if (ret)
		goto drop;

	u64_stats_update_begin(&q->tx.syncp);
	q->tx.packets++;
	q->tx.bytes += bytes;
	q->tx.uso += uso;
	u64_stats_update_end(&q->tx.syncp);
	if (__netdev_tx_sent_queue(txq, bytes, netdev_xmit_more())) {
		/* end of the batch: the open section goes, one doorbell */
		if (hvg2_net_agg_send(q))
			hvg2_net_tx_stop(q, txq, seq, fseq);
		hvg2_net_kick(q);
	}
	/* sent: the host's completion may have freed it already */
	return NETDEV_TX_OK;

drop:
	u64_stats_update_begin(&q->tx.syncp);
	if (ret == -E2BIG)
		q->tx.drop_too_big++;
	else
		q->tx.drop_error++;
	u64_stats_update_end(&q->tx.syncp);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* ---- completions (NAPI) ---- */

/**
 * hvg2_net_tx_done - the host completed a SEND_RNDIS_PKT
 * @q: the queue whose channel it came on
 * @id: the transaction id, already taken from the table
 * @ctx: the context from the request-id table
 * @done: accumulates packets and bytes for BQL
 * @budget: NAPI budget (0: not from NAPI)
 */
void hvg2_net_tx_done(struct hvg2_net_queue *q, u64 id, void *ctx,
		      struct hvg2_net_txdone *done, int budget)
{
	unsigned long v = (unsigned long)ctx;
	struct hvg2_net *nd = q->nd;

	/* before this poll's flush, which pays a doorbell the send deferred */
	atomic_dec_if_positive(&q->tx_inflight);
	if (v & HVG2_NET_CTX_SEC) {
		u32 sec = v >> 2;

		done->pkts += nd->sec_pkts[sec];
		done->bytes += nd->sec_bytes[sec];
		hvg2_net_sec_skbs_put(nd, sec, budget);
		hvg2_net_sec_put(nd, sec);
	} else {
		struct sk_buff *skb = ctx;

		nd->inflight[(u32)id - 1] = NULL;
		done->pkts++;
		done->bytes += HVG2_NET_CB(skb)->bytes;
		napi_consume_skb(skb, budget);
	}
}

/*
 * Wake the queues that stopped for want of sections or ids: this poll
 * freed some. Their NAPIs send what their batches hold and start them.
 */
static void hvg2_net_tx_unstarve(struct hvg2_net_queue *q)
{
	struct hvg2_net *nd = q->nd;
	unsigned int i;

	/* the frees before the bump; pairs with xmit's smp_rmb() */
	smp_mb__before_atomic();
	atomic_inc(&nd->tx_free_seq);
	/* the bump before the starved test; pairs with hvg2_net_tx_stop() */
	smp_mb__after_atomic();
	for_each_set_bit(i, nd->tx_starved, nd->nq) {
		if (!test_and_clear_bit(i, nd->tx_starved) || i == q->idx)
			continue;
		hvg2_net_poll_again(&nd->q[i]);
	}
}

/**
 * hvg2_net_tx_wake - report completions to BQL, wake a stopped queue
 * @q: the queue
 * @done: what hvg2_net_tx_done() accumulated
 */
void hvg2_net_tx_wake(struct hvg2_net_queue *q, struct hvg2_net_txdone *done)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->nd->ndev, q->idx);

	if (done->pkts) {
		u64_stats_update_begin(&q->tx.syncp);
		q->tx.completions += done->pkts;
		u64_stats_update_end(&q->tx.syncp);
		netdev_tx_completed_queue(txq, done->pkts, done->bytes);
		hvg2_net_tx_unstarve(q);
	}
	/*
	 * A batch whose section could not be sent (ring or ids full) is
	 * still open; if the stack sends nothing more, nothing else would
	 * send it.
	 */
	if (READ_ONCE(q->agg_sec) != U32_MAX) {
		__netif_tx_lock(txq, smp_processor_id());
		if (q->agg_sec != U32_MAX && !hvg2_net_agg_send(q))
			hvg2_net_kick(q);
		__netif_tx_unlock(txq);
	}
	/* any channel activity may have freed ring space too: every poll */
	WRITE_ONCE(q->done_seq, q->done_seq + 1);
	/* seq before the stopped test; pairs with hvg2_net_tx_stop()'s */
	smp_mb();
	if (netif_tx_queue_stopped(txq) && !READ_ONCE(q->nd->broken) &&
	    READ_ONCE(q->nd->attached))
		netif_tx_wake_queue(txq);
}

/**
 * hvg2_net_tx_timeout - ndo_tx_timeout: a queue stayed stopped too long
 * @ndev: our device
 * @txqueue: the queue the stack's watchdog found stuck
 *
 * The stack has logged the timeout; we say what the queue waits for and
 * count it. A host that completes nothing keeps the queue stopped, and
 * that is all it can do: no reset could get our sends back from it. What
 * can be recovered here is a lost wake-up, so the queue's NAPI is run as
 * an interrupt would: it reaps what the host completed, sends the open
 * batch and wakes the queue. Runs from the watchdog timer, the queues
 * frozen.
 */
void hvg2_net_tx_timeout(struct net_device *ndev, unsigned int txqueue)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	struct hvg2_net_queue *q;

	if (txqueue >= nd->nq)
		return;
	q = &nd->q[txqueue];
	u64_stats_update_begin(&q->tx.syncp);
	q->tx.timeouts++;
	u64_stats_update_end(&q->tx.syncp);
	netdev_warn(ndev, "transmit queue %u stuck: %d sends not completed by the host, batch %s%s\n",
		    txqueue, atomic_read(&q->tx_inflight),
		    READ_ONCE(q->agg_sec) != U32_MAX ? "open" : "closed",
		    READ_ONCE(nd->broken) ? ", channel broken" : "");
	if (READ_ONCE(nd->attached) && !READ_ONCE(nd->broken))
		hvg2_net_poll_again(q);
}

/**
 * hvg2_net_tx_drain - free what the host never completed
 * @nd: the device; channel closed, NAPI off
 */
void hvg2_net_tx_drain(struct hvg2_net *nd)
{
	u32 i;

	for (i = 0; i < HVG2_NET_MAX_IDS; i++) {
		if (nd->inflight[i])
			dev_kfree_skb_any(nd->inflight[i]);
		nd->inflight[i] = NULL;
	}
	bitmap_zero(nd->tx_starved, HVG2_NET_MAX_QUEUES);
	for (i = 0; i < nd->nq; i++) {
		nd->q[i].agg_sec = U32_MAX;
		atomic_set(&nd->q[i].tx_inflight, 0);
		nd->q[i].tx_unpub = 0;
		/* what BQL thought in flight will never complete */
		netdev_tx_reset_queue(netdev_get_tx_queue(nd->ndev, i));
	}
}
