// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: RNDIS control, spoken inside NVSP SEND_RNDIS_PKT.
 *
 * A request travels as a GPA-direct packet that names a small kmalloc
 * buffer (as the reference guests do; a send-buffer section would work
 * too but is kept for frames). Two answers come back: the VMBus
 * completion of the packet (the host has read the buffer: it may be
 * freed) and, in the receive buffer, the RNDIS completion, matched by the
 * req_id we chose. One request is in flight at a time (rndis_lock).
 *
 * INDICATE_STATUS messages from the host carry the link state.
 */
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include "hvg2_net.h"

/* the request buffer: never crosses a page (kmalloc of a power of two) */
#define HVG2_NET_RNDIS_REQ_SIZE	1024	/* RSS parameters take 620 */

/*
 * Send the RNDIS message in @buf (@len bytes) and wait for the host's
 * VMBus completion, after which it no longer reads @buf. @buf is ours
 * (kmalloc): freed then, or when it was never sent; when the completion
 * does not come (timeout, rescind, broken channel) it becomes an orphan,
 * freed after close: the host may still read it.
 */
static int hvg2_net_rndis_send(struct hvg2_net *nd, void *buf, u32 len)
{
	struct {
		struct hvg2_vmbus_gpa_range r;
		u64 pfn;
	} range;
	struct hvg2_nvsp_msg msg = {
		.type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT,
		.rndis_pkt.channel_type = HVG2_NVSP_CHANNEL_CONTROL,
		.rndis_pkt.section_index = HVG2_NVSP_NO_SECTION,
	};
	struct hvg2_net_req req;
	u64 id;
	int ret;

	range.r.byte_count = len;
	range.pfn = virt_to_phys(buf) >> HVG2_HV_PAGE_SHIFT;
	/* Hyper-V pages are 4 KiB; the offset is within that page */
	range.r.byte_offset = virt_to_phys(buf) & (HVG2_HV_PAGE_SIZE - 1);

	init_completion(&req.done);
	id = hvg2_reqid_alloc(&nd->ids, (void *)((unsigned long)&req |
						 HVG2_NET_CTX_REQ));
	if (!id) {
		kfree(buf);
		return -ENOSPC;
	}
	ret = hvg2_channel_send_gpa(nd->q[0].ch, &range.r, sizeof(range),
				    &msg, sizeof(msg), id, false);
	if (ret) {
		hvg2_reqid_take(&nd->ids, id);
		kfree(buf);
		return ret;
	}
	ret = hvg2_net_req_wait(nd, &req.done, id);
	if (ret)
		hvg2_net_orphan(nd, buf);
	else
		kfree(buf);
	return ret;
}

/*
 * One request/answer exchange. @buf holds the request (header first);
 * the answer is copied to nd->rndis_resp. Called with rndis_lock held.
 */
static int hvg2_net_rndis_exchange(struct hvg2_net *nd, void *buf, u32 len,
				   u32 req_id)
{
	int ret;

	if (READ_ONCE(nd->broken)) {
		kfree(buf);
		return -EIO;
	}
	spin_lock_bh(&nd->rndis_resp_lock);
	reinit_completion(&nd->rndis_done);
	nd->rndis_resp_len = 0;
	WRITE_ONCE(nd->rndis_id, req_id);
	spin_unlock_bh(&nd->rndis_resp_lock);

	ret = hvg2_net_rndis_send(nd, buf, len);
	if (!ret) {
		ret = hvg2_channel_wait(nd->q[0].ch, &nd->rndis_done,
					HVG2_NET_TIMEOUT, &nd->broken);
		if (ret)
			WRITE_ONCE(nd->broken, true);
	}

	spin_lock_bh(&nd->rndis_resp_lock);
	WRITE_ONCE(nd->rndis_id, 0);
	spin_unlock_bh(&nd->rndis_resp_lock);
	return ret;
}

/* A fresh request buffer with header @type and a new req_id (never 0). */
static void *hvg2_net_rndis_alloc(struct hvg2_net *nd, u32 type, u32 len,
				  u32 *req_id)
{
	struct hvg2_rndis_hdr *h = kzalloc(HVG2_NET_RNDIS_REQ_SIZE, GFP_KERNEL);

	if (!h)
		return NULL;
	h->type = type;
	h->len = len;
	if (!++nd->rndis_next_id)
		++nd->rndis_next_id;
	*req_id = nd->rndis_next_id;
	/* every control body starts with req_id */
	*(u32 *)(h + 1) = *req_id;
	return h;
}

/**
 * hvg2_net_rndis_init - RNDIS INIT: the device's limits
 * @nd: the device, NVSP connected
 *
 * Return: 0 or an error.
 */
int hvg2_net_rndis_init(struct hvg2_net *nd)
{
	const u32 len = HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_init_req);
	const struct hvg2_rndis_init_complete *c;
	struct hvg2_rndis_init_req *r;
	void *buf;
	u32 id;
	int ret;

	mutex_lock(&nd->rndis_lock);
	ret = -ENOMEM;
	buf = hvg2_net_rndis_alloc(nd, HVG2_RNDIS_MSG_INIT, len, &id);
	if (!buf)
		goto out;
	r = buf + sizeof(struct hvg2_rndis_hdr);
	r->major_ver = HVG2_RNDIS_MAJOR_VER;
	r->minor_ver = HVG2_RNDIS_MINOR_VER;
	r->max_xfer_size = 0x4000;
	ret = hvg2_net_rndis_exchange(nd, buf, len, id);
	if (ret)
		goto out;
	ret = -EPROTO;
	c = (void *)(nd->rndis_resp + sizeof(struct hvg2_rndis_hdr));
	if (nd->rndis_resp_len < HVG2_RNDIS_MSG_MIN(*c) ||
	    ((struct hvg2_rndis_hdr *)nd->rndis_resp)->type != HVG2_RNDIS_MSG_INIT_C ||
	    c->status != HVG2_RNDIS_STATUS_SUCCESS)
		goto out;
	nd->rndis_max_pkts = clamp_t(u32, c->max_pkt_per_msg, 1, 64);
	/* at least 8 (our headers are built for it), at most a page */
	nd->rndis_align = 1U << clamp_t(u32, c->pkt_align_shift, 3, 12);
	ret = 0;
out:
	mutex_unlock(&nd->rndis_lock);
	return ret;
}

/*
 * QUERY or SET of @oid with the first @in_len bytes of @buf as the info
 * buffer; for QUERY, @buf/@len receive the answer.
 */
static int hvg2_net_rndis_oid(struct hvg2_net *nd, u32 type, u32 oid,
			      void *buf, u32 in_len, u32 *len)
{
	const u32 hlen = HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_oid_req);
	struct hvg2_rndis_oid_req *r;
	struct hvg2_rndis_hdr *h;
	void *req;
	u32 id;
	int ret;

	if (hlen + in_len > HVG2_NET_RNDIS_REQ_SIZE)
		return -EINVAL;
	mutex_lock(&nd->rndis_lock);
	ret = -ENOMEM;
	req = hvg2_net_rndis_alloc(nd, type, hlen + in_len, &id);
	if (!req)
		goto out;
	r = req + sizeof(*h);
	r->oid = oid;
	r->info_len = in_len;
	r->info_offset = sizeof(*r);
	memcpy(r + 1, buf, in_len);
	ret = hvg2_net_rndis_exchange(nd, req, hlen + in_len, id);
	if (ret)
		goto out;
	h = (void *)nd->rndis_resp;
	ret = -EPROTO;
	if (type == HVG2_RNDIS_MSG_SET) {
		const struct hvg2_rndis_set_complete *c = (void *)(h + 1);

		if (nd->rndis_resp_len < HVG2_RNDIS_MSG_MIN(*c) ||
		    h->type != HVG2_RNDIS_MSG_SET_C)
			goto out;
		ret = c->status == HVG2_RNDIS_STATUS_SUCCESS ? 0 : -EIO;
	} else {
		const struct hvg2_rndis_query_complete *c = (void *)(h + 1);
		u64 end = (u64)sizeof(*h) + c->info_offset + c->info_len;

		if (nd->rndis_resp_len < HVG2_RNDIS_MSG_MIN(*c) ||
		    h->type != HVG2_RNDIS_MSG_QUERY_C)
			goto out;
		if (c->status != HVG2_RNDIS_STATUS_SUCCESS) {
			ret = -EIO;
			goto out;
		}
		/* the answer must lie inside what the host sent */
		if (c->info_offset < sizeof(*c) || end > nd->rndis_resp_len ||
		    c->info_len > *len)
			goto out;
		memcpy(buf, (u8 *)(h + 1) + c->info_offset, c->info_len);
		*len = c->info_len;
		ret = 0;
	}
out:
	mutex_unlock(&nd->rndis_lock);
	return ret;
}

/**
 * hvg2_net_rndis_query - RNDIS QUERY
 * @nd: the device
 * @oid: what to ask
 * @buf: the answer
 * @len: in, room in @buf; out, bytes the host answered
 *
 * Return: 0, -EIO (the host said no), -EPROTO (malformed), or an error.
 */
int hvg2_net_rndis_query(struct hvg2_net *nd, u32 oid, void *buf, u32 *len)
{
	return hvg2_net_rndis_oid(nd, HVG2_RNDIS_MSG_QUERY, oid, buf, 0, len);
}

/**
 * hvg2_net_rndis_query_in - RNDIS QUERY that sends an info buffer
 * @nd: the device
 * @oid: what to ask
 * @buf: in, @in_len bytes the host reads (an NDIS object header saying
 *	which revision we want); out, the answer
 * @in_len: bytes of @buf sent
 * @len: in, room in @buf; out, bytes the host answered
 *
 * Return: as hvg2_net_rndis_query().
 */
int hvg2_net_rndis_query_in(struct hvg2_net *nd, u32 oid, void *buf,
			    u32 in_len, u32 *len)
{
	return hvg2_net_rndis_oid(nd, HVG2_RNDIS_MSG_QUERY, oid, buf, in_len,
				  len);
}

/**
 * hvg2_net_rndis_set - RNDIS SET
 * @nd: the device
 * @oid: what to set
 * @buf: the value
 * @len: its length
 *
 * Return: as hvg2_net_rndis_query().
 */
int hvg2_net_rndis_set(struct hvg2_net *nd, u32 oid, const void *buf, u32 len)
{
	return hvg2_net_rndis_oid(nd, HVG2_RNDIS_MSG_SET, oid, (void *)buf,
				  len, &len);
}

/**
 * hvg2_net_rndis_halt - RNDIS HALT: the host stops indicating frames
 * @nd: the device
 *
 * HALT has no answer; we wait only for the host to have read it.
 */
void hvg2_net_rndis_halt(struct hvg2_net *nd)
{
	const u32 len = HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_halt_req);
	void *buf;
	u32 id;

	if (READ_ONCE(nd->broken))
		return;
	mutex_lock(&nd->rndis_lock);
	buf = hvg2_net_rndis_alloc(nd, HVG2_RNDIS_MSG_HALT, len, &id);
	if (buf)
		hvg2_net_rndis_send(nd, buf, len);
	mutex_unlock(&nd->rndis_lock);
}

/* ---- from the host: completions and status (NAPI context) ---- */

static void hvg2_net_rndis_status(struct hvg2_net *nd, const void *msg, u32 len)
{
	const struct hvg2_rndis_indicate *ind = msg + sizeof(struct hvg2_rndis_hdr);

	if (len < HVG2_RNDIS_MSG_MIN(*ind))
		return;
	switch (READ_ONCE(ind->status)) {
	case HVG2_RNDIS_STATUS_MEDIA_CONNECT:
		WRITE_ONCE(nd->link_up, true);
		netif_carrier_on(nd->ndev);
		break;
	case HVG2_RNDIS_STATUS_MEDIA_DISCONNECT:
		WRITE_ONCE(nd->link_up, false);
		netif_carrier_off(nd->ndev);
		break;
	default:
		/* link speed, network change: nothing to do for now */
		break;
	}
}

/**
 * hvg2_net_rndis_control - a control message the host indicated
 * @nd: the device
 * @msg: the RNDIS message, in the receive buffer (host writable)
 * @len: its length, validated against the range it came in
 */
void hvg2_net_rndis_control(struct hvg2_net *nd, const void *msg, u32 len)
{
	u32 type = READ_ONCE(((const struct hvg2_rndis_hdr *)msg)->type);
	u32 req_id;

	if (type == HVG2_RNDIS_MSG_INDICATE) {
		hvg2_net_rndis_status(nd, msg, len);
		return;
	}
	if (!(type & HVG2_RNDIS_MSG_COMPLETION) ||
	    len < sizeof(struct hvg2_rndis_hdr) + sizeof(u32))
		return;
	/* every completion we wait for starts its body with req_id */
	req_id = READ_ONCE(*(const u32 *)(msg + sizeof(struct hvg2_rndis_hdr)));
	spin_lock(&nd->rndis_resp_lock);
	if (req_id && req_id == nd->rndis_id && !nd->rndis_resp_len) {
		len = min_t(u32, len, sizeof(nd->rndis_resp));
		/* one copy: the waiter parses our copy, not the host's */
		memcpy(nd->rndis_resp, msg, len);
		nd->rndis_resp_len = len;
		complete(&nd->rndis_done);
	}
	spin_unlock(&nd->rndis_resp_lock);
}
