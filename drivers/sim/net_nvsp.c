// SPDX-License-Identifier: GPL-2.0
/*
 * The host half of NVSP, as a Hyper-V host speaks it to a synthetic NIC.
 *
 * A channel's work item drains the guest's ring in a budgeted loop:
 *   - inband NVSP messages: the handshake (INIT, NDIS config and version,
 *     receive and send buffers, subchannels, datapath switch), answered
 *     with completion packets that echo the guest's transaction id;
 *   - SEND_RNDIS_PKT, inband (the message sits in a send-buffer section)
 *     or GPA-direct (page ranges, possibly after a section's worth):
 *     copied out once into the channel's gather buffer, then handed to
 *     RNDIS (net_rndis.c) and completed;
 *   - completions of our transfer-page packets: the receive section they
 *     held is free again.
 * An answer is reserved in the guest's inbound ring before its request is
 * acted on, so a full ring leaves the request in place for the next pass
 * (the guest signals when it frees space).
 *
 * Host to guest, every RNDIS message (a frame or a control answer) goes
 * into one receive-buffer section, named by a one-range transfer-page
 * packet whose transaction id names the section.
 */
#include <linux/highmem.h>
#include <linux/slab.h>
#include "net.h"

/* ---- completions to the guest ---- */

/* Reserve a completion packet with @len payload bytes, or ERR_PTR. */
static struct hvg2_pkt_desc *snet_comp_reserve(struct hvg2_sim_chan *c, u32 len)
{
	return hvg2_ring_reserve(&c->out, sizeof(struct hvg2_pkt_desc) + len);
}

static void snet_comp_commit(struct hvg2_sim_chan *c, struct hvg2_pkt_desc *d,
			     u64 tid, const void *msg, u32 len)
{
	d->type = HVG2_PKT_COMPLETION;
	d->offset8 = sizeof(*d) / 8;
	d->flags = 0;
	d->trans_id = tid;
	if (hvg2_sim_fault_take(c, HVG2_SIM_FAULT_FORGE_TID))
		d->trans_id ^= 0x5a5a000000000000ull;
	memcpy(d + 1, msg, len);
	hvg2_ring_commit(&c->out);
	atomic64_inc(&c->packets);
	if (hvg2_sim_fault_take(c, HVG2_SIM_FAULT_REPEAT_TID)) {
		d = snet_comp_reserve(c, len);
		if (!IS_ERR(d)) {
			d->type = HVG2_PKT_COMPLETION;
			d->offset8 = sizeof(*d) / 8;
			d->flags = 0;
			d->trans_id = tid;
			memcpy(d + 1, msg, len);
			hvg2_ring_commit(&c->out);
		}
	}
}

/* ---- the buffers ---- */

/* The receive section size for the guest's MTU (or the configfs one). */
static u32 snet_rsec_size(struct snet_dev *nd)
{
	u32 need;

	if (nd->cfg.recv_section)
		return nd->cfg.recv_section;
	/* frame + VLAN tag + RNDIS header + PACKET + three per-packet infos */
	need = nd->guest_mtu + ETH_HLEN + 4 + sizeof(struct hvg2_rndis_hdr) +
	       sizeof(struct hvg2_rndis_packet) +
	       3 * (sizeof(struct hvg2_rndis_ppi) + sizeof(u32));
	return max_t(u32, SNET_RECV_SECTION_MIN, ALIGN(need, 64));
}

static u32 snet_map_recv(struct snet_dev *nd, u32 gpadl, u16 id,
			 struct hvg2_nvsp_recv_section *sec)
{
	size_t size;
	void *p;
	u32 ssz, n;

	if (nd->rbuf)
		return HVG2_NVSP_STAT_FAIL;
	p = hvg2_sim_gpadl_map(nd->sd, gpadl, &size);
	if (IS_ERR(p))
		return HVG2_NVSP_STAT_FAIL;
	ssz = snet_rsec_size(nd);
	n = min_t(size_t, size, U32_MAX) / ssz;
	nd->rsec_busy = n ? bitmap_zalloc(n, GFP_KERNEL) : NULL;
	if (!nd->rsec_busy) {
		hvg2_sim_gpadl_unmap(nd->sd, gpadl);
		return HVG2_NVSP_STAT_FAIL;
	}
	nd->rbuf = p;
	nd->rbuf_gpadl = gpadl;
	nd->rbuf_id = id;
	nd->rbuf_size = min_t(size_t, size, U32_MAX);
	nd->rsec_size = ssz;
	nd->rsec_count = n;
	sec->offset = 0;
	sec->sub_alloc_size = ssz;
	sec->num_sub_allocs = n;
	sec->end_offset = n * ssz;
	return HVG2_NVSP_STAT_SUCCESS;
}

static u32 snet_map_send(struct snet_dev *nd, u32 gpadl, u32 *section)
{
	size_t size;
	void *p;

	if (nd->sbuf)
		return HVG2_NVSP_STAT_FAIL;
	p = hvg2_sim_gpadl_map(nd->sd, gpadl, &size);
	if (IS_ERR(p))
		return HVG2_NVSP_STAT_FAIL;
	if (size < nd->cfg.send_section) {
		hvg2_sim_gpadl_unmap(nd->sd, gpadl);
		return HVG2_NVSP_STAT_FAIL;
	}
	nd->sbuf = p;
	nd->sbuf_gpadl = gpadl;
	nd->sbuf_size = min_t(size_t, size, U32_MAX);
	nd->ssec_size = nd->cfg.send_section;
	*section = nd->ssec_size;
	return HVG2_NVSP_STAT_SUCCESS;
}

static void snet_unmap_recv(struct snet_dev *nd)
{
	if (!nd->rbuf)
		return;
	hvg2_sim_gpadl_unmap(nd->sd, nd->rbuf_gpadl);
	bitmap_free(nd->rsec_busy);
	nd->rsec_busy = NULL;
	nd->rbuf = NULL;
	nd->rsec_count = 0;
}

static void snet_unmap_send(struct snet_dev *nd)
{
	if (!nd->sbuf)
		return;
	hvg2_sim_gpadl_unmap(nd->sd, nd->sbuf_gpadl);
	nd->sbuf = NULL;
}

/* Let go of both buffers (the guest revoked them, or the NIC closed). */
void snet_buffers_release(struct snet_dev *nd)
{
	down_write(&nd->buf_sem);
	snet_unmap_recv(nd);
	snet_unmap_send(nd);
	up_write(&nd->buf_sem);
}

/* ---- host -> guest: RNDIS messages through the receive buffer ---- */

/**
 * snet_rsec_get_n - take @n adjacent free receive sections
 * @nd: the NIC, @buf_sem held (read)
 * @n: how many (an RSC chain takes one per fragment)
 *
 * Adjacent, so that one transaction id names them all (SNET_TID()).
 *
 * Return: the first section, or -1 when there is no such run.
 */
int snet_rsec_get_n(struct snet_dev *nd, u32 n)
{
	unsigned long i;

	spin_lock_bh(&nd->rsec_lock);
	i = bitmap_find_next_zero_area(nd->rsec_busy, nd->rsec_count, 0, n, 0);
	if (i + n <= nd->rsec_count)
		bitmap_set(nd->rsec_busy, i, n);
	spin_unlock_bh(&nd->rsec_lock);
	return i + n <= nd->rsec_count ? (int)i : -1;
}

/**
 * snet_rsec_busy - receive sections the guest has not completed yet
 * @nd: the NIC
 *
 * Return: how many, 0 without a receive buffer.
 */
u32 snet_rsec_busy(struct snet_dev *nd)
{
	u32 n = 0;

	down_read(&nd->buf_sem);
	spin_lock_bh(&nd->rsec_lock);
	if (nd->rsec_busy)
		n = bitmap_weight(nd->rsec_busy, nd->rsec_count);
	spin_unlock_bh(&nd->rsec_lock);
	up_read(&nd->buf_sem);
	return n;
}

static int snet_rsec_get(struct snet_dev *nd)
{
	return snet_rsec_get_n(nd, 1);
}

/**
 * snet_rsec_put_n - give back sections @slot .. @slot + @n - 1
 * @nd: the NIC, @buf_sem held (read)
 * @slot: the first
 * @n: how many
 *
 * Return: true if all were busy (else none is freed: a forged id).
 */
bool snet_rsec_put_n(struct snet_dev *nd, u64 slot, u32 n)
{
	bool ok = false;

	spin_lock_bh(&nd->rsec_lock);
	if (nd->rsec_busy && n && slot < nd->rsec_count &&
	    n <= nd->rsec_count - slot &&
	    find_next_zero_bit(nd->rsec_busy, slot + n, slot) >= slot + n) {
		bitmap_clear(nd->rsec_busy, slot, n);
		ok = true;
	}
	spin_unlock_bh(&nd->rsec_lock);
	return ok;
}

static bool snet_rsec_put(struct snet_dev *nd, u64 slot)
{
	return snet_rsec_put_n(nd, slot, 1);
}

/**
 * snet_send_rndis - send one RNDIS message to the guest
 * @ch: the channel to send on
 * @hdr: the message, or its headers when @skb carries the frame
 * @hdr_len: bytes of @hdr
 * @skb: the frame that follows @hdr, or NULL
 * @control: a control answer (else a data PACKET)
 *
 * Return: 0; -ENOSPC when no section is free or -EAGAIN when the ring is
 * full (retry after the guest completes or signals); -EMSGSIZE when it
 * cannot fit a section; -ENODEV without a receive buffer; -EIO when the
 * ring is broken.
 */
int snet_send_rndis(struct snet_chan *ch, const void *hdr, u32 hdr_len,
		    const struct sk_buff *skb, bool control)
{
	struct snet_dev *nd = ch->nd;
	const u32 plen = sizeof(struct hvg2_xfer_pkt_hdr) +
			 sizeof(struct hvg2_xfer_range);
	u32 total = hdr_len + (skb ? skb->len : 0);
	struct hvg2_xfer_pkt_hdr *x;
	struct hvg2_nvsp_msg *m;
	u8 *sec;
	int slot, ret = 0;

	down_read(&nd->buf_sem);
	if (!nd->rbuf) {
		ret = -ENODEV;
		goto out;
	}
	if (total > nd->rsec_size) {
		ret = -EMSGSIZE;
		goto out;
	}
	slot = snet_rsec_get(nd);
	if (slot < 0) {
		snet_count(nd, SNET_RX_NO_SECTION, 1);
		ret = -ENOSPC;
		goto out;
	}
	x = (void *)hvg2_ring_reserve(&ch->c->out, plen + sizeof(*m));
	if (IS_ERR(x)) {
		snet_rsec_put(nd, slot);
		ret = PTR_ERR(x);
		goto out;
	}
	sec = nd->rbuf + (size_t)slot * nd->rsec_size;
	memcpy(sec, hdr, hdr_len);
	if (skb && skb_copy_bits(skb, 0, sec + hdr_len, skb->len))
		total = hdr_len;	/* cannot happen: skb->len bytes exist */
	if (atomic_add_unless(&nd->faults.corrupt_rndis, -1, 0)) {
		/* a length past the section: the guest must drop it */
		((struct hvg2_rndis_hdr *)sec)->len = 0xfffffff0;
		snet_count(nd, SNET_FAULTS, 1);
	}

	x->desc.type = HVG2_PKT_DATA_USING_XFER_PAGES;
	x->desc.offset8 = plen / 8;
	x->desc.flags = HVG2_PKT_FLAG_COMPLETION_REQUESTED;
	x->desc.trans_id = SNET_TID(slot, 1);
	x->set_id = nd->rbuf_id;
	x->sender_owns_set = 0;
	x->reserved = 0;
	x->range_cnt = 1;
	x->range[0].byte_count = total;
	x->range[0].byte_offset = slot * nd->rsec_size;
	if (atomic_add_unless(&nd->faults.bad_rx_offset, -1, 0)) {
		x->range[0].byte_offset = nd->rbuf_size + HVG2_HV_PAGE_SIZE;
		snet_count(nd, SNET_FAULTS, 1);
	}
	m = (void *)((u8 *)x + plen);
	memset(m, 0, sizeof(*m));
	m->type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT;
	m->rndis_pkt.channel_type = control ? HVG2_NVSP_CHANNEL_CONTROL :
					      HVG2_NVSP_CHANNEL_DATA;
	m->rndis_pkt.section_index = HVG2_NVSP_NO_SECTION;
	hvg2_ring_commit(&ch->c->out);
out:
	up_read(&nd->buf_sem);
	return ret;
}

/* The guest is done with one of our transfer-page packets: true if so. */
static bool snet_rx_completion(struct snet_chan *ch, u64 tid)
{
	struct snet_dev *nd = ch->nd;
	bool ok = false;

	if ((tid & SNET_TID_MAGIC_MASK) == SNET_TID_MAGIC) {
		down_read(&nd->buf_sem);
		ok = snet_rsec_put_n(nd, tid & U32_MAX, SNET_TID_COUNT(tid));
		up_read(&nd->buf_sem);
	}
	if (!ok) {
		snet_count(nd, SNET_BAD_COMPLETIONS, 1);
		pr_warn_ratelimited("hvg2_sim_net: %s: completion of unknown packet %#llx\n",
				    hvg2_sim_dev_name(nd->sd), tid);
	}
	return ok;
}

/*
 * Receive slots were freed on @self: the other channels may be waiting
 * for one (their frames or the control answers stay queued meanwhile).
 */
static void snet_kick_waiters(struct snet_dev *nd, struct snet_chan *self)
{
	unsigned int i;

	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++) {
		struct snet_chan *ch = &nd->chan[i];
		bool waiting = !skb_queue_empty_lockless(&ch->rxq) ||
			       (!i && !list_empty_careful(&nd->ctlq));

		if (ch != self && READ_ONCE(ch->open) && waiting)
			hvg2_sim_kick(ch->c);
	}
}

/*
 * SEND_INDIRECTION_TABLE (v5+): which channel the guest sends on, per
 * hash bucket. Spread over the channels granted so far; the table sits
 * right after the fixed-size message, where guests look for it.
 */
void snet_send_table(struct snet_dev *nd)
{
	struct hvg2_sim_chan *c = nd->chan[0].c;
	struct {
		struct hvg2_nvsp_msg m;
		u32 tab[HVG2_NVSP_SEND_TABLE_SIZE];
	} __packed t = {};
	struct hvg2_pkt_desc *d;
	unsigned int i;

	if (nd->nvsp_ver < HVG2_NVSP_VER_5 || !c)
		return;
	t.m.type = HVG2_NVSP_MSG5_SEND_INDIRECTION_TABLE;
	t.m.send_table.count = HVG2_NVSP_SEND_TABLE_SIZE;
	t.m.send_table.offset = sizeof(t.m);
	for (i = 0; i < HVG2_NVSP_SEND_TABLE_SIZE; i++)
		t.tab[i] = i % (nd->nsub + 1);
	d = hvg2_ring_reserve(&c->out, sizeof(*d) + sizeof(t));
	if (IS_ERR(d))
		return;		/* guests keep sending on the primary */
	d->type = HVG2_PKT_DATA_INBAND;
	d->offset8 = sizeof(*d) / 8;
	d->flags = 0;
	d->trans_id = 0;
	memcpy(d + 1, &t, sizeof(t));
	hvg2_ring_commit(&c->out);
}

/* ---- guest -> host: NVSP control ---- */

/*
 * SUBCHANNEL: the guest asks for subchannels; it gets up to channels_max - 1
 * (the offers follow asynchronously), once per open of the primary.
 */
static void snet_subchannels(struct snet_dev *nd, const struct hvg2_nvsp_msg *in,
			     struct hvg2_nvsp_msg *out)
{
	u32 want = in->subchannel_req.num_subchannels;
	u32 n = min3(want, READ_ONCE(nd->cfg.channels_max) - 1,
		     (u32)HVG2_SIM_MAX_CHANNELS - 1);

	out->subchannel_complete.status = HVG2_NVSP_STAT_FAIL;
	if (in->subchannel_req.op != HVG2_NVSP_SUBCHANNEL_ALLOCATE ||
	    nd->nvsp_ver < HVG2_NVSP_VER_5 || nd->nsub)
		return;
	if (n && hvg2_sim_offer_subchannels(nd->sd, n))
		return;
	WRITE_ONCE(nd->nsub, n);
	out->subchannel_complete.status = HVG2_NVSP_STAT_SUCCESS;
	out->subchannel_complete.num_subchannels = n;
}

/*
 * One inband NVSP message (not an RNDIS packet). Returns -EAGAIN to be
 * called again with the same packet (the answer did not fit the ring).
 */
static int snet_nvsp_ctrl(struct snet_chan *ch, const struct hvg2_ring_pkt *pkt)
{
	struct snet_dev *nd = ch->nd;
	struct hvg2_nvsp_msg in = {}, out = {};
	u32 out_len = sizeof(out), status;
	struct hvg2_pkt_desc *d = NULL;
	bool table = false, answer = true;

	memcpy(&in, pkt->payload, min_t(u32, pkt->payload_len, sizeof(in)));
	out.type = in.type;

	switch (in.type) {
	case HVG2_NVSP_MSG_INIT:
		if (pkt->payload_len < HVG2_NVSP_MSG_MIN(init))
			goto bad;
		break;
	case HVG2_NVSP_MSG2_SEND_NDIS_CONFIG:
		if (pkt->payload_len < HVG2_NVSP_MSG_MIN(ndis_config))
			goto bad;
		break;
	case HVG2_NVSP_MSG1_SEND_RECV_BUF:
	case HVG2_NVSP_MSG1_SEND_SEND_BUF:
		if (pkt->payload_len < HVG2_NVSP_MSG_MIN(send_buf))
			goto bad;
		break;
	case HVG2_NVSP_MSG5_SUBCHANNEL:
		if (pkt->payload_len < HVG2_NVSP_MSG_MIN(subchannel_req))
			goto bad;
		break;
	}
	/* every control message belongs on the primary channel */
	if (ch->c->subidx)
		goto bad;

	/*
	 * The answer's room first: a full ring retries the whole message.
	 * Messages without an answer get an empty completion only when the
	 * guest asked for one.
	 */
	switch (in.type) {
	case HVG2_NVSP_MSG_INIT:
	case HVG2_NVSP_MSG1_SEND_RECV_BUF:
	case HVG2_NVSP_MSG1_SEND_SEND_BUF:
	case HVG2_NVSP_MSG5_SUBCHANNEL:
		break;
	default:
		answer = pkt->flags & HVG2_PKT_FLAG_COMPLETION_REQUESTED;
		out_len = 0;
	}
	if (answer) {
		d = snet_comp_reserve(ch->c, out_len);
		if (IS_ERR(d))
			return PTR_ERR(d) == -EAGAIN ? -EAGAIN : -EIO;
	}

	switch (in.type) {
	case HVG2_NVSP_MSG_INIT:
		out.type = HVG2_NVSP_MSG_INIT_COMPLETE;
		nd->nvsp_ver = hvg2_snet_pick_version(in.init.min_ver,
						      in.init.max_ver,
						      nd->cfg.nvsp_max);
		out.init_complete.negotiated_ver = nd->nvsp_ver;
		out.init_complete.status = nd->nvsp_ver ?
			HVG2_NVSP_STAT_SUCCESS : HVG2_NVSP_STAT_PROTOCOL_UNSUPPORTED;
		break;
	case HVG2_NVSP_MSG2_SEND_NDIS_CONFIG:
		nd->guest_mtu = clamp_t(u32, in.ndis_config.mtu, ETH_MIN_MTU,
					nd->cfg.mtu);
		break;
	case HVG2_NVSP_MSG1_SEND_NDIS_VER:
		nd->ndis_ver = HVG2_NDIS_VER(in.ndis_ver.major, in.ndis_ver.minor);
		break;
	case HVG2_NVSP_MSG1_SEND_RECV_BUF:
		out.type = HVG2_NVSP_MSG1_SEND_RECV_BUF_COMPLETE;
		down_write(&nd->buf_sem);
		status = snet_map_recv(nd, in.send_buf.gpadl, in.send_buf.id,
				       &out.recv_buf_complete.section);
		up_write(&nd->buf_sem);
		out.recv_buf_complete.status = status;
		out.recv_buf_complete.num_sections = status == HVG2_NVSP_STAT_SUCCESS;
		break;
	case HVG2_NVSP_MSG1_SEND_SEND_BUF:
		out.type = HVG2_NVSP_MSG1_SEND_SEND_BUF_COMPLETE;
		down_write(&nd->buf_sem);
		status = snet_map_send(nd, in.send_buf.gpadl,
				       &out.send_buf_complete.section_size);
		up_write(&nd->buf_sem);
		out.send_buf_complete.status = status;
		table = status == HVG2_NVSP_STAT_SUCCESS;
		break;
	case HVG2_NVSP_MSG1_REVOKE_RECV_BUF:
		down_write(&nd->buf_sem);
		snet_unmap_recv(nd);
		up_write(&nd->buf_sem);
		break;
	case HVG2_NVSP_MSG1_REVOKE_SEND_BUF:
		down_write(&nd->buf_sem);
		snet_unmap_send(nd);
		up_write(&nd->buf_sem);
		break;
	case HVG2_NVSP_MSG5_SUBCHANNEL:
		snet_subchannels(nd, &in, &out);
		table = out.subchannel_complete.status == HVG2_NVSP_STAT_SUCCESS;
		break;
	case HVG2_NVSP_MSG4_SWITCH_DATA_PATH:
		/* no VF here: the synthetic path stays (empty completion) */
		break;
	default:
		/* chimney, VMQ, PacketDirect, OID_QUERY_EX: not offered */
		snet_count(nd, SNET_BAD_NVSP, 1);
		break;
	}

	if (answer)
		snet_comp_commit(ch->c, d, pkt->trans_id, &out, out_len);
	if (table)
		snet_send_table(nd);
	return 0;
bad:
	snet_count(nd, SNET_BAD_NVSP, 1);
	pr_warn_ratelimited("hvg2_sim_net: %s: bad NVSP message %u (%u bytes) on channel %u\n",
			    hvg2_sim_dev_name(nd->sd), in.type, pkt->payload_len,
			    ch->c->subidx);
	return 0;
}

/* ---- guest -> host: RNDIS packets ---- */

struct snet_gather {
	struct snet_dev *nd;
	u8 *buf;
	u32 len;
};

static int snet_gather_page(void *ctx, u64 pfn, u32 off, u32 len)
{
	struct snet_gather *g = ctx;
	struct page *page;

	if (len > SNET_GATHER_MAX - g->len)
		return -EMSGSIZE;
	page = hvg2_sim_guest_page(g->nd->sd, pfn);
	if (!page)
		return -EFAULT;
	memcpy_from_page(g->buf + g->len, page, off, len);
	g->len += len;
	return 0;
}

/*
 * SEND_RNDIS_PKT: gather the message(s) (section, then page ranges),
 * hand them to RNDIS, complete. -EAGAIN: retry later (ring full).
 */
static int snet_rndis_pkt(struct snet_chan *ch, const struct hvg2_ring_pkt *pkt)
{
	struct snet_dev *nd = ch->nd;
	struct hvg2_nvsp_msg in = {}, out = {};
	struct snet_gather g = { .nd = nd, .buf = ch->gather };
	struct hvg2_pkt_desc *d;
	u32 status = HVG2_NVSP_STAT_SUCCESS;

	memcpy(&in, pkt->payload, min_t(u32, pkt->payload_len, sizeof(in)));
	d = snet_comp_reserve(ch->c, HVG2_NVSP_MSG_MIN(rndis_pkt_complete));
	if (IS_ERR(d))
		return PTR_ERR(d) == -EAGAIN ? -EAGAIN : -EIO;

	down_read(&nd->buf_sem);
	if (pkt->payload_len < HVG2_NVSP_MSG_MIN(rndis_pkt))
		goto bad;
	if (in.rndis_pkt.section_index != HVG2_NVSP_NO_SECTION) {
		u32 idx = in.rndis_pkt.section_index;
		u32 len = in.rndis_pkt.section_size;

		if (!nd->sbuf || idx >= nd->sbuf_size / nd->ssec_size ||
		    !len || len > nd->ssec_size)
			goto bad;
		memcpy(g.buf, nd->sbuf + (size_t)idx * nd->ssec_size, len);
		g.len = len;
	}
	if (pkt->type == HVG2_PKT_DATA_USING_GPA_DIRECT) {
		const u8 *start = (const u8 *)pkt->desc;
		struct hvg2_gpa_pkt_hdr h;
		u32 hdr_end = (u32)((const u8 *)pkt->payload - start);
		u32 rlen;

		/* the ranges sit between the header and the payload */
		if (hdr_end < sizeof(h) || hdr_end - sizeof(h) > SNET_RANGES_MAX)
			goto bad;
		memcpy(&h, start, sizeof(h));
		rlen = hdr_end - sizeof(h);
		memcpy(ch->ranges, start + sizeof(h), rlen);
		if (hvg2_snet_gpa_walk(ch->ranges, rlen, h.range_cnt,
				       snet_gather_page, &g))
			goto bad;
	}
	if (!g.len)
		goto bad;
	up_read(&nd->buf_sem);
	/* the private copy is ours: RNDIS may take its time */
	snet_rndis_process(ch, g.buf, g.len);
	goto done;
bad:
	up_read(&nd->buf_sem);
	snet_count(nd, SNET_BAD_NVSP, 1);
	status = HVG2_NVSP_STAT_INVALID_RNDIS_PKT;
done:
	out.type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE;
	out.rndis_pkt_complete.status = status;
	snet_comp_commit(ch->c, d, pkt->trans_id, &out,
			 HVG2_NVSP_MSG_MIN(rndis_pkt_complete));
	return 0;
}

/*
 * One packet from the guest. -EAGAIN: leave it for the next pass.
 * @freed counts the receive slots it gave back.
 */
static int snet_one(struct snet_chan *ch, const struct hvg2_ring_pkt *pkt,
		    unsigned int *freed)
{
	u32 type = 0;

	switch (pkt->type) {
	case HVG2_PKT_COMPLETION:
		*freed += snet_rx_completion(ch, pkt->trans_id);
		return 0;
	case HVG2_PKT_DATA_INBAND:
	case HVG2_PKT_DATA_USING_GPA_DIRECT:
		if (pkt->payload_len >= sizeof(u32))
			memcpy(&type, pkt->payload, sizeof(type));
		if (type == HVG2_NVSP_MSG1_SEND_RNDIS_PKT)
			return snet_rndis_pkt(ch, pkt);
		if (pkt->type == HVG2_PKT_DATA_INBAND)
			return snet_nvsp_ctrl(ch, pkt);
		break;
	}
	snet_count(ch->nd, SNET_BAD_NVSP, 1);
	return 0;
}

/* An unsolicited completion of a packet the guest never sent (fault). */
static void snet_forge_completion(struct snet_chan *ch)
{
	struct hvg2_nvsp_msg out = {
		.type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE,
		.rndis_pkt_complete.status = HVG2_NVSP_STAT_SUCCESS,
	};
	struct hvg2_pkt_desc *d = snet_comp_reserve(ch->c, sizeof(out));

	if (IS_ERR(d))
		return;
	snet_comp_commit(ch->c, d, 0xdead0000beef0000ull, &out, sizeof(out));
	snet_count(ch->nd, SNET_FAULTS, 1);
}

/**
 * snet_nvsp_work - the channel's work: the guest signalled, or we kicked
 * @ch: the channel
 */
void snet_nvsp_work(struct snet_chan *ch)
{
	struct hvg2_sim_chan *c = ch->c;
	struct snet_dev *nd = ch->nd;
	struct hvg2_ring_pkt pkt;
	unsigned int n, freed = 0;
	int ret = 0;

	if (hvg2_sim_fault_take(c, HVG2_SIM_FAULT_STALL))
		return;
	/* the guest need not signal for what this pass reads anyway */
	hvg2_ring_mask(&c->in);
	for (n = 0; n < SNET_BUDGET; n++) {
		ret = hvg2_ring_peek(&c->in, &pkt);
		if (ret == -ENODATA)
			break;
		if (ret) {
			pr_warn_ratelimited("hvg2_sim_net: %s: guest broke its ring\n",
					    hvg2_sim_dev_name(nd->sd));
			break;
		}
		ret = snet_one(ch, &pkt, &freed);
		if (ret)
			break;	/* the guest signals when it freed space */
		hvg2_ring_advance(&c->in);
	}
	if (atomic_add_unless(&nd->faults.forge_completion, -1, 0))
		snet_forge_completion(ch);
	if (!c->subidx)
		snet_ctl_flush(ch);
	snet_port_rx_flush(ch);
	if (hvg2_ring_publish(&c->out) | hvg2_ring_release(&c->in))
		hvg2_sim_signal(c);
	/*
	 * Budget spent: another pass, still masked. Otherwise unmask; what
	 * came while masked, or before read_index was out, did not signal:
	 * another pass. A pass stopped for room in the guest's ring waits
	 * for the guest's signal that it made some (pending_send_sz), and
	 * unmasks so that nothing else depends on this pass.
	 */
	if (n == SNET_BUDGET)
		hvg2_sim_kick(c);
	else if (hvg2_ring_unmask(&c->in) && ret == -ENODATA)
		hvg2_sim_kick(c);
	if (freed)
		snet_kick_waiters(nd, ch);
}
