// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: NVSP, the protocol of the primary channel.
 *
 * The handshake (include/hvg2/nvsp_wire.h): INIT with the newest version
 * we speak, stepping down until the host accepts one; NDIS_CONFIG (v2+)
 * and the NDIS version; the receive buffer and then the send buffer, each
 * a GPADL the host answers with how it carved it into sections. Teardown
 * revokes both buffers, tears the GPADLs down and only then frees them:
 * a buffer whose GPADL the host did not release is never freed.
 *
 * Requests that expect an answer carry a transaction id from the device's
 * request-id table; the NAPI finds the waiter by it (rx.c) and copies the
 * answer. A waiter that times out takes its id back, so a late answer is
 * refused instead of written into a stack frame that is gone.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "hvg2_net.h"

/* newest first: the order in which INIT offers them */
static const u32 hvg2_net_nvsp_versions[] = {
	HVG2_NVSP_VER_61, HVG2_NVSP_VER_6, HVG2_NVSP_VER_5,
	HVG2_NVSP_VER_4, HVG2_NVSP_VER_2, HVG2_NVSP_VER_1,
};

/* ---- requests ---- */

/**
 * hvg2_net_nvsp_post - send an NVSP message that has no answer
 * @nd: the device
 * @msg: the message
 *
 * Return: 0 or the channel's error.
 */
int hvg2_net_nvsp_post(struct hvg2_net *nd, const struct hvg2_nvsp_msg *msg)
{
	return hvg2_channel_send(nd->q[0].ch, msg, sizeof(*msg), 0, 0, false);
}

/* Called by the NAPI with the answer to @req; the id was taken already. */
void hvg2_net_req_complete(struct hvg2_net *nd, struct hvg2_net_req *req,
			   const void *data, u32 len)
{
	len = min_t(u32, len, sizeof(req->resp));
	memcpy(&req->resp, data, len);
	req->resp_len = len;
	complete(&req->done);
}

/**
 * hvg2_net_req_wait - wait for the answer to a request on the primary
 * @nd: the device
 * @done: completed by the NAPI when the answer came
 * @id: the request's transaction id
 *
 * The wait ends early when the channel is rescinded or broken (the answer
 * cannot come). Then, or on timeout, the id is taken back; if the NAPI
 * took it first, the answer is being copied now: wait for that instead.
 * A host that did not answer is marked broken: it costs one wait, not
 * one per request.
 *
 * Return: 0, -ENODEV (rescinded), -EIO (broken), -ETIMEDOUT.
 */
int hvg2_net_req_wait(struct hvg2_net *nd, struct completion *done, u64 id)
{
	int ret = hvg2_channel_wait(nd->q[0].ch, done, HVG2_NET_TIMEOUT,
				    &nd->broken);

	if (!ret)
		return 0;
	if (hvg2_reqid_take(&nd->ids, id)) {
		WRITE_ONCE(nd->broken, true);
		return ret;
	}
	wait_for_completion(done);
	return 0;
}

/**
 * hvg2_net_nvsp_request - send an NVSP request and wait for its answer
 * @nd: the device
 * @msg: the request
 * @req: where the answer goes (req->resp, req->resp_len)
 *
 * Return: 0, -ETIMEDOUT, -ENODEV, -EIO, -ENOSPC (no id) or the channel's
 * error.
 */
int hvg2_net_nvsp_request(struct hvg2_net *nd, struct hvg2_nvsp_msg *msg,
			  struct hvg2_net_req *req)
{
	u64 id;
	int ret;

	if (READ_ONCE(nd->broken))
		return -EIO;
	init_completion(&req->done);
	req->resp_len = 0;
	id = hvg2_reqid_alloc(&nd->ids, (void *)((unsigned long)req |
						 HVG2_NET_CTX_REQ));
	if (!id)
		return -ENOSPC;
	ret = hvg2_channel_send(nd->q[0].ch, msg, sizeof(*msg), id,
				HVG2_PKT_FLAG_COMPLETION_REQUESTED, false);
	if (ret) {
		hvg2_reqid_take(&nd->ids, id);
		return ret;
	}
	return hvg2_net_req_wait(nd, &req->done, id);
}

/* ---- buffers the host may still use ---- */

struct hvg2_net_orphan {
	struct list_head node;
	void *buf;
};

/*
 * @buf (vmalloc or kmalloc) may still be read or written by the host:
 * keep it until the channel is closed. Without memory for the note the
 * buffer is leaked on purpose: freeing it would be worse.
 */
void hvg2_net_orphan(struct hvg2_net *nd, void *buf)
{
	struct hvg2_net_orphan *o = kmalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return;
	o->buf = buf;
	list_add(&o->node, &nd->orphans);
}

/* The channel is closed: the host touches none of our memory any more. */
void hvg2_net_free_orphans(struct hvg2_net *nd)
{
	struct hvg2_net_orphan *o, *tmp;

	list_for_each_entry_safe(o, tmp, &nd->orphans, node) {
		kvfree(o->buf);
		list_del(&o->node);
		kfree(o);
	}
}

/* ---- the handshake ---- */

static int hvg2_net_nvsp_init(struct hvg2_net *nd)
{
	struct hvg2_net_req req;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(hvg2_net_nvsp_versions); i++) {
		u32 ver = hvg2_net_nvsp_versions[i];
		struct hvg2_nvsp_msg msg = {
			.type = HVG2_NVSP_MSG_INIT,
			.init.min_ver = ver,
			.init.max_ver = ver,
		};

		ret = hvg2_net_nvsp_request(nd, &msg, &req);
		if (ret)
			return ret;
		if (req.resp_len < HVG2_NVSP_MSG_MIN(init_complete) ||
		    req.resp.type != HVG2_NVSP_MSG_INIT_COMPLETE)
			return -EPROTO;
		if (req.resp.init_complete.status != HVG2_NVSP_STAT_SUCCESS)
			continue;
		/* a host may not pick a version we did not offer */
		if (req.resp.init_complete.negotiated_ver != ver &&
		    req.resp.init_complete.negotiated_ver != 0)
			return -EPROTO;
		nd->nvsp_ver = ver;
		return 0;
	}
	return -EPROTONOSUPPORT;
}

static int hvg2_net_nvsp_config(struct hvg2_net *nd)
{
	struct hvg2_nvsp_msg msg = { };
	int ret;

	if (nd->nvsp_ver >= HVG2_NVSP_VER_2) {
		msg.type = HVG2_NVSP_MSG2_SEND_NDIS_CONFIG;
		/* the largest frame we may send: the MTU limit plus header */
		msg.ndis_config.mtu = nd->ndev->max_mtu + ETH_HLEN;
		msg.ndis_config.capability = HVG2_NVSP_CAP_IEEE8021Q;
		if (nd->nvsp_ver >= HVG2_NVSP_VER_5)
			msg.ndis_config.capability |= HVG2_NVSP_CAP_SRIOV |
						       HVG2_NVSP_CAP_TEAMING;
		ret = hvg2_net_nvsp_post(nd, &msg);
		if (ret)
			return ret;
	}
	/* NDIS 6.30 from NVSP 5 on (RSS, VF); 6.1 before */
	nd->ndis_ver = nd->nvsp_ver >= HVG2_NVSP_VER_5 ? HVG2_NDIS_VER_6_30 :
							 HVG2_NDIS_VER_6_1;
	memset(&msg, 0, sizeof(msg));
	msg.type = HVG2_NVSP_MSG1_SEND_NDIS_VER;
	msg.ndis_ver.major = nd->ndis_ver >> 16;
	msg.ndis_ver.minor = nd->ndis_ver & 0xffff;
	return hvg2_net_nvsp_post(nd, &msg);
}

/* A buffer shared with the host, page aligned, zeroed. */
static void *hvg2_net_buf_alloc(u32 size)
{
	return vzalloc(size);
}

static int hvg2_net_recv_buf(struct hvg2_net *nd)
{
	const struct hvg2_nvsp_recv_section *sec;
	struct hvg2_nvsp_msg msg = { .type = HVG2_NVSP_MSG1_SEND_RECV_BUF };
	struct hvg2_net_req req;
	int ret;

	nd->recv_size = nd->recv_want;
	nd->recv_buf = hvg2_net_buf_alloc(nd->recv_size);
	if (!nd->recv_buf)
		return -ENOMEM;
	ret = hvg2_channel_gpadl_create(nd->q[0].ch, nd->recv_buf,
					nd->recv_size, &nd->recv_gpadl);
	if (ret) {
		nd->recv_gpadl = 0;
		return ret;
	}
	msg.send_buf.gpadl = nd->recv_gpadl;
	msg.send_buf.id = HVG2_NVSP_RECV_BUF_ID;
	ret = hvg2_net_nvsp_request(nd, &msg, &req);
	if (ret)
		return ret;
	if (req.resp_len < HVG2_NVSP_MSG_MIN(recv_buf_complete) ||
	    req.resp.type != HVG2_NVSP_MSG1_SEND_RECV_BUF_COMPLETE ||
	    req.resp.recv_buf_complete.status != HVG2_NVSP_STAT_SUCCESS)
		return -EPROTO;
	/* one section from offset 0, inside the buffer, as Linux requires */
	sec = &req.resp.recv_buf_complete.section;
	if (req.resp.recv_buf_complete.num_sections != 1 || sec->offset ||
	    !sec->sub_alloc_size || sec->end_offset > nd->recv_size ||
	    (u64)sec->sub_alloc_size * sec->num_sub_allocs > nd->recv_size)
		return -EPROTO;
	nd->recv_section = sec->sub_alloc_size;
	return 0;
}

static int hvg2_net_send_buf(struct hvg2_net *nd)
{
	struct hvg2_nvsp_msg msg = { .type = HVG2_NVSP_MSG1_SEND_SEND_BUF };
	struct hvg2_net_req req;
	u32 section;
	int ret;

	nd->send_size = nd->send_want;
	nd->send_buf = hvg2_net_buf_alloc(nd->send_size);
	if (!nd->send_buf)
		return -ENOMEM;
	ret = hvg2_channel_gpadl_create(nd->q[0].ch, nd->send_buf,
					nd->send_size, &nd->send_gpadl);
	if (ret) {
		nd->send_gpadl = 0;
		return ret;
	}
	msg.send_buf.gpadl = nd->send_gpadl;
	msg.send_buf.id = HVG2_NVSP_SEND_BUF_ID;
	ret = hvg2_net_nvsp_request(nd, &msg, &req);
	if (ret)
		return ret;
	if (req.resp_len < HVG2_NVSP_MSG_MIN(send_buf_complete) ||
	    req.resp.type != HVG2_NVSP_MSG1_SEND_SEND_BUF_COMPLETE ||
	    req.resp.send_buf_complete.status != HVG2_NVSP_STAT_SUCCESS)
		return -EPROTO;
	section = req.resp.send_buf_complete.section_size;
	/* room for our RNDIS header and a minimal frame, 8-byte multiples */
	if (section < HVG2_NET_TX_HDR_MAX + ETH_ZLEN || section % 8 ||
	    section > nd->send_size)
		return -EPROTO;
	nd->send_section = section;
	nd->send_nsec = min_t(u32, nd->send_size / section,
			      HVG2_NET_MAX_IDS - 64);
	nd->send_map = bitmap_zalloc(nd->send_nsec, GFP_KERNEL);
	nd->sec_pkts = kcalloc(nd->send_nsec, sizeof(*nd->sec_pkts), GFP_KERNEL);
	nd->sec_bytes = kcalloc(nd->send_nsec, sizeof(*nd->sec_bytes),
				GFP_KERNEL);
	nd->sec_skbs = kcalloc(nd->send_nsec, sizeof(*nd->sec_skbs), GFP_KERNEL);
	if (!nd->send_map || !nd->sec_pkts || !nd->sec_bytes || !nd->sec_skbs)
		return -ENOMEM;
	return 0;
}

/**
 * hvg2_net_nvsp_connect - NVSP handshake and both buffers
 * @nd: the device, primary channel open
 *
 * On error, hvg2_net_nvsp_disconnect() undoes what was done.
 *
 * Return: 0 or an error.
 */
int hvg2_net_nvsp_connect(struct hvg2_net *nd)
{
	struct device *dev = &nd->hd->dev;
	int ret;

	ret = hvg2_net_nvsp_init(nd);
	if (ret) {
		dev_err(dev, "NVSP version negotiation failed: %d\n", ret);
		return ret;
	}
	ret = hvg2_net_nvsp_config(nd);
	if (ret)
		return ret;
	ret = hvg2_net_recv_buf(nd);
	if (ret) {
		dev_err(dev, "receive buffer refused: %d\n", ret);
		return ret;
	}
	ret = hvg2_net_send_buf(nd);
	if (ret) {
		dev_err(dev, "send buffer refused: %d\n", ret);
		return ret;
	}
	dev_dbg(dev, "NVSP %#x, NDIS %#x, recv %u/%u, send %u x %u\n",
		nd->nvsp_ver, nd->ndis_ver, nd->recv_size, nd->recv_section,
		nd->send_nsec, nd->send_section);
	return 0;
}

/* Revoke one buffer, tear its GPADL down, free it if the host let go. */
static void hvg2_net_buf_release(struct hvg2_net *nd, u32 revoke, u16 id,
				 void **buf, u32 *gpadl)
{
	struct hvg2_nvsp_msg msg = { .type = revoke, .revoke_buf.id = id };
	bool keep = false;

	if (*gpadl) {
		/* revoke needs no answer; the teardown is what we wait for */
		if (!READ_ONCE(nd->broken))
			hvg2_net_nvsp_post(nd, &msg);
		if (hvg2_channel_gpadl_teardown(nd->q[0].ch, *gpadl) == -ETIMEDOUT)
			keep = true;
		*gpadl = 0;
	}
	if (keep)
		hvg2_net_orphan(nd, *buf);
	else
		vfree(*buf);
	*buf = NULL;
}

/**
 * hvg2_net_nvsp_disconnect - revoke and release both buffers
 * @nd: the device; nothing sends any more
 */
void hvg2_net_nvsp_disconnect(struct hvg2_net *nd)
{
	hvg2_net_buf_release(nd, HVG2_NVSP_MSG1_REVOKE_SEND_BUF,
			     HVG2_NVSP_SEND_BUF_ID, &nd->send_buf, &nd->send_gpadl);
	hvg2_net_buf_release(nd, HVG2_NVSP_MSG1_REVOKE_RECV_BUF,
			     HVG2_NVSP_RECV_BUF_ID, &nd->recv_buf, &nd->recv_gpadl);
	/* sections the host never completed: their frames go now */
	hvg2_net_sec_skbs_free(nd);
	bitmap_free(nd->send_map);
	kfree(nd->sec_pkts);
	kfree(nd->sec_bytes);
	kfree(nd->sec_skbs);
	nd->send_map = NULL;
	nd->sec_pkts = NULL;
	nd->sec_bytes = NULL;
	nd->sec_skbs = NULL;
}
