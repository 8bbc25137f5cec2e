// SPDX-License-Identifier: GPL-2.0
/*
 * RNDIS on the vSwitch port: the messages a guest sends inside NVSP
 * SEND_RNDIS_PKT, already copied out of its memory (net_nvsp.c).
 *
 * Control requests (INIT, QUERY, SET, RESET, KEEPALIVE, HALT) are answered
 * the way Hyper-V answers them; the answers travel like received frames,
 * through a receive-buffer section, so they are queued here and sent by
 * the primary channel's work as sections free up. Data packets (PACKET)
 * go to the port (net_port.c). Link changes are announced with
 * INDICATE_STATUS.
 */
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include "net.h"

#define SNET_CTL_QUEUE_MAX	64	/* answers waiting for a section */
#define SNET_LINK_SPEED		100000000	/* 10 Gbit/s in 100 bit/s units */
#define SNET_QUERY_INFO_MAX	256

/* ---- the answer queue ---- */

/**
 * snet_ctl_queue - queue a control message for the guest
 * @nd: the NIC
 * @msg: the RNDIS message, header included
 * @len: its length
 *
 * Return: 0, or -ENOBUFS when too many answers wait (the guest is not
 * completing our packets; it will time its request out).
 */
int snet_ctl_queue(struct snet_dev *nd, const void *msg, u32 len)
{
	struct snet_ctl *e, *it;
	unsigned int n = 0;

	e = kmalloc(struct_size(e, data, len), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->len = len;
	memcpy(e->data, msg, len);
	mutex_lock(&nd->ctl_lock);
	list_for_each_entry(it, &nd->ctlq, node)
		n++;
	if (n >= SNET_CTL_QUEUE_MAX) {
		mutex_unlock(&nd->ctl_lock);
		kfree(e);
		return -ENOBUFS;
	}
	list_add_tail(&e->node, &nd->ctlq);
	mutex_unlock(&nd->ctl_lock);
	return 0;
}

/* Primary channel's work: send what fits; the rest waits for sections. */
void snet_ctl_flush(struct snet_chan *ch)
{
	struct snet_dev *nd = ch->nd;
	struct snet_ctl *e;
	int ret;

	mutex_lock(&nd->ctl_lock);
	while ((e = list_first_entry_or_null(&nd->ctlq, struct snet_ctl, node))) {
		ret = snet_send_rndis(ch, e->data, e->len, NULL, true);
		if (ret == -ENOSPC || ret == -EAGAIN)
			break;
		list_del(&e->node);
		kfree(e);
	}
	mutex_unlock(&nd->ctl_lock);
}

void snet_ctl_purge(struct snet_dev *nd)
{
	struct snet_ctl *e, *tmp;

	mutex_lock(&nd->ctl_lock);
	list_for_each_entry_safe(e, tmp, &nd->ctlq, node) {
		list_del(&e->node);
		kfree(e);
	}
	mutex_unlock(&nd->ctl_lock);
}

static void snet_ctl_send(struct snet_chan *ch, const void *msg, u32 len)
{
	struct snet_dev *nd = ch->nd;

	if (snet_ctl_queue(nd, msg, len))
		snet_count(nd, SNET_RX_DROPS, 1);
	snet_count(nd, SNET_CTRL_MSGS, 1);
	/* answers leave from the primary channel's work */
	if (ch->c->subidx)
		hvg2_sim_kick(nd->chan[0].c);
}

/**
 * snet_link_indicate - tell the guest the link went up or down
 * @nd: the NIC
 */
void snet_link_indicate(struct snet_dev *nd)
{
	struct {
		struct hvg2_rndis_hdr h;
		struct hvg2_rndis_indicate i;
	} __packed m = {
		.h.type = HVG2_RNDIS_MSG_INDICATE,
		.h.len = sizeof(m),
		.i.buf_offset = sizeof(m.i),
	};

	if (!READ_ONCE(nd->rndis_up))
		return;
	m.i.status = READ_ONCE(nd->cfg.link_up) ? HVG2_RNDIS_STATUS_MEDIA_CONNECT :
					      HVG2_RNDIS_STATUS_MEDIA_DISCONNECT;
	if (!snet_ctl_queue(nd, &m, sizeof(m)))
		hvg2_sim_kick(nd->chan[0].c);
}

/* ---- control requests ---- */

static void snet_init(struct snet_chan *ch, const u8 *msg, u32 len)
{
	struct snet_dev *nd = ch->nd;
	struct hvg2_rndis_init_req q;
	struct {
		struct hvg2_rndis_hdr h;
		struct hvg2_rndis_init_complete c;
	} __packed a = {
		.h.type = HVG2_RNDIS_MSG_INIT_C,
		.h.len = sizeof(a),
		.c.status = HVG2_RNDIS_STATUS_SUCCESS,
		.c.major_ver = HVG2_RNDIS_MAJOR_VER,
		.c.minor_ver = HVG2_RNDIS_MINOR_VER,
		.c.dev_flags = HVG2_RNDIS_DF_CONNECTIONLESS,
		.c.medium = HVG2_RNDIS_MEDIUM_802_3,
		.c.max_pkt_per_msg = SNET_RNDIS_MAX_PKTS,
		.c.max_xfer_size = SNET_GATHER_MAX,
		.c.pkt_align_shift = SNET_RNDIS_ALIGN_SHIFT,
	};

	memcpy(&q, msg + sizeof(struct hvg2_rndis_hdr), sizeof(q));
	a.c.req_id = q.req_id;
	WRITE_ONCE(nd->rndis_up, true);
	snet_port_carrier(nd);
	snet_ctl_send(ch, &a, sizeof(a));
}

/* The offload capabilities, at the revision the guest asked for. */
/*
 * The capabilities at the revision the guest asked for (1 to 3, or 4: the
 * hvgen2 USO extension after the revision-3 object). hv_netvsc asks for
 * 3 and never sees the extension.
 */
static u32 snet_hw_caps(const u8 *info, u32 info_len, u8 *out)
{
	struct hvg2_ndis_offload_caps_uso cu = {};
	struct hvg2_ndis_offload_caps *c = &cu.base;
	u8 rev = 1;
	u32 size;

	if (info_len >= sizeof(struct hvg2_ndis_obj_hdr))
		rev = clamp_t(u8, ((const struct hvg2_ndis_obj_hdr *)info)->rev, 1,
			      HVG2_NDIS_OFFLOAD_CAPS_REV_USO);
	size = rev == HVG2_NDIS_OFFLOAD_CAPS_REV_USO ? sizeof(cu) :
	       rev == 3 ? sizeof(*c) : rev == 2 ? HVG2_NDIS_OFFLOAD_CAPS_SIZE_6_1 :
	       HVG2_NDIS_OFFLOAD_CAPS_SIZE_6_0;
	cu.uso.signature = HVG2_NDIS_USO_SIGNATURE;
	cu.uso.ip4_encap = HVG2_NDIS_ENCAP_8023;
	cu.uso.ip4_max_size = SNET_LSO_MAX;
	cu.uso.ip4_min_segs = 2;
	cu.uso.ip4_sub_mss_final = 1;
	cu.uso.ip6_encap = HVG2_NDIS_ENCAP_8023;
	cu.uso.ip6_max_size = SNET_LSO_MAX;
	cu.uso.ip6_min_segs = 2;
	cu.uso.ip6_sub_mss_final = 1;
	c->hdr.type = HVG2_NDIS_OBJ_OFFLOAD;
	c->hdr.rev = rev;
	c->hdr.size = size;
	c->csum.ip4_tx_encap = HVG2_NDIS_ENCAP_8023;
	c->csum.ip4_tx = HVG2_NDIS_CSUM_IP4_OPT | HVG2_NDIS_CSUM_TCP_OPT |
			 HVG2_NDIS_CSUM_TCP | HVG2_NDIS_CSUM_UDP | HVG2_NDIS_CSUM_IP4;
	c->csum.ip4_rx_encap = HVG2_NDIS_ENCAP_8023;
	c->csum.ip4_rx = c->csum.ip4_tx;
	c->csum.ip6_tx_encap = HVG2_NDIS_ENCAP_8023;
	c->csum.ip6_tx = HVG2_NDIS_CSUM_IP4_OPT | HVG2_NDIS_CSUM_TCP_OPT |
			 HVG2_NDIS_CSUM_TCP | HVG2_NDIS_CSUM_UDP;
	c->csum.ip6_rx_encap = HVG2_NDIS_ENCAP_8023;
	c->csum.ip6_rx = c->csum.ip6_tx;
	c->lso_v2.ip4_encap = HVG2_NDIS_ENCAP_8023;
	c->lso_v2.ip4_max_size = SNET_LSO_MAX;
	c->lso_v2.ip4_min_segs = 2;
	c->lso_v2.ip6_encap = HVG2_NDIS_ENCAP_8023;
	c->lso_v2.ip6_max_size = SNET_LSO_MAX;
	c->lso_v2.ip6_min_segs = 2;
	c->lso_v2.ip6_opts = HVG2_NDIS_LSO_IP6_EXT | HVG2_NDIS_LSO_TCP6_OPT;
	/* RSC (net_rsc.c): the fields exist from revision 3 */
	c->rsc_ip4 = 1;
	c->rsc_ip6 = 1;
	memcpy(out, &cu, size);
	return size;
}

/* The answer to QUERY @oid into @out; returns its length or a status. */
static u32 snet_query_oid(struct snet_dev *nd, u32 oid, const u8 *info,
			  u32 info_len, u8 *out, u32 *out_len)
{
	struct hvg2_ndis_rss_caps rc = {};
	u32 v;

	switch (oid) {
	case HVG2_OID_802_3_PERMANENT_ADDRESS:
	case HVG2_OID_802_3_CURRENT_ADDRESS:
		memcpy(out, nd->cfg.mac, ETH_ALEN);
		*out_len = ETH_ALEN;
		return HVG2_RNDIS_STATUS_SUCCESS;
	case HVG2_OID_GEN_MAXIMUM_FRAME_SIZE:
		v = READ_ONCE(nd->cfg.mtu);
		break;
	case HVG2_OID_GEN_MAXIMUM_TOTAL_SIZE:
		v = READ_ONCE(nd->cfg.mtu) + ETH_HLEN;
		break;
	case HVG2_OID_GEN_LINK_SPEED:
		v = SNET_LINK_SPEED;
		break;
	case HVG2_OID_GEN_MEDIA_CONNECT_STATUS:
		v = READ_ONCE(nd->cfg.link_up) ? HVG2_RNDIS_MEDIA_CONNECTED :
					     HVG2_RNDIS_MEDIA_DISCONNECTED;
		break;
	case HVG2_OID_GEN_PHYSICAL_MEDIUM:
		v = 0;
		break;
	case HVG2_OID_GEN_CURRENT_PACKET_FILTER:
		v = nd->filter;
		break;
	case HVG2_OID_GEN_RSS_CAPABILITIES:
		if (nd->nvsp_ver < HVG2_NVSP_VER_5)
			return HVG2_RNDIS_STATUS_NOT_SUPPORTED;
		rc.hdr.type = HVG2_NDIS_OBJ_RSS_CAPS;
		rc.hdr.rev = 2;
		rc.hdr.size = sizeof(rc);
		rc.flags = HVG2_NDIS_RSS_CAP_HASH_TCP4 | HVG2_NDIS_RSS_CAP_HASH_TCP6;
		rc.num_int_msg = READ_ONCE(nd->cfg.channels_max);
		rc.num_recv_queues = rc.num_int_msg;
		rc.num_indirect_entries = HVG2_NDIS_RSS_ITAB_MAX;
		memcpy(out, &rc, sizeof(rc));
		*out_len = sizeof(rc);
		return HVG2_RNDIS_STATUS_SUCCESS;
	case HVG2_OID_TCP_OFFLOAD_HW_CAPS:
	case HVG2_OID_TCP_OFFLOAD_CURRENT_CONFIG:
		*out_len = snet_hw_caps(info, info_len, out);
		return HVG2_RNDIS_STATUS_SUCCESS;
	default:
		return HVG2_RNDIS_STATUS_NOT_SUPPORTED;
	}
	memcpy(out, &v, sizeof(v));
	*out_len = sizeof(v);
	return HVG2_RNDIS_STATUS_SUCCESS;
}

struct snet_query_answer {
	struct hvg2_rndis_hdr h;
	struct hvg2_rndis_query_complete c;
	u8 info[SNET_QUERY_INFO_MAX];
} __packed;

static void snet_query(struct snet_chan *ch, const u8 *msg, u32 len)
{
	struct snet_dev *nd = ch->nd;
	struct hvg2_rndis_oid_req q;
	struct snet_query_answer *a;
	u32 oid, ioff, ilen, olen = 0;

	if (hvg2_snet_oid_info(msg, len, &oid, &ioff, &ilen)) {
		snet_count(nd, SNET_BAD_RNDIS, 1);
		return;
	}
	memcpy(&q, msg + sizeof(struct hvg2_rndis_hdr), sizeof(q));
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return;
	a->c.req_id = q.req_id;
	a->c.status = snet_query_oid(nd, oid, msg + ioff, ilen, a->info, &olen);
	a->c.info_len = olen;
	a->c.info_offset = sizeof(a->c);
	a->h.type = HVG2_RNDIS_MSG_QUERY_C;
	a->h.len = sizeof(a->h) + sizeof(a->c) + olen;
	snet_ctl_send(ch, a, a->h.len);
	kfree(a);
}

static u32 snet_set_rss(struct snet_dev *nd, const u8 *info, u32 len)
{
	u8 key[HVG2_NDIS_RSS_KEY_SIZE];
	u16 *itab;
	u32 hash_info, itab_len;
	bool disable;
	int ret;

	itab = kmalloc_array(HVG2_NDIS_RSS_ITAB_MAX, sizeof(*itab), GFP_KERNEL);
	if (!itab)
		return HVG2_RNDIS_STATUS_RESOURCES;
	spin_lock_bh(&nd->rss_lock);
	memcpy(key, nd->rss_key, sizeof(key));
	memcpy(itab, nd->rss_itab, sizeof(nd->rss_itab));
	hash_info = nd->rss_hash_info;
	itab_len = nd->rss_itab_len;
	spin_unlock_bh(&nd->rss_lock);

	ret = hvg2_snet_parse_rss(info, len, nd->nsub + 1, &hash_info, key,
				  itab, &itab_len, &disable);
	if (!ret) {
		spin_lock_bh(&nd->rss_lock);
		nd->rss_on = !disable && itab_len;
		nd->rss_hash_info = hash_info;
		memcpy(nd->rss_key, key, sizeof(key));
		memcpy(nd->rss_itab, itab, sizeof(nd->rss_itab));
		nd->rss_itab_len = itab_len;
		spin_unlock_bh(&nd->rss_lock);
	}
	kfree(itab);
	return ret ? HVG2_RNDIS_STATUS_INVALID_DATA : HVG2_RNDIS_STATUS_SUCCESS;
}

/* Did these offload parameters enable USO (the hvgen2 extension)? */
static bool snet_uso_enabled(const u8 *info, u32 len)
{
	struct hvg2_ndis_offload_params_uso p;

	if (len < sizeof(p))
		return false;
	memcpy(&p, info, sizeof(p));
	return p.base.hdr.rev >= HVG2_NDIS_OFFLOAD_PARAMS_REV_USO &&
	       p.base.hdr.size >= sizeof(p) &&
	       p.signature == HVG2_NDIS_USO_SIGNATURE &&
	       (p.uso_ip4 == HVG2_NDIS_OFFLOAD_USO_ON ||
		p.uso_ip6 == HVG2_NDIS_OFFLOAD_USO_ON);
}

static u32 snet_set_oid(struct snet_dev *nd, u32 oid, const u8 *info, u32 len)
{
	switch (oid) {
	case HVG2_OID_GEN_CURRENT_PACKET_FILTER:
		if (len < sizeof(u32))
			return HVG2_RNDIS_STATUS_INVALID_LENGTH;
		memcpy(&nd->filter, info, sizeof(u32));
		snet_port_carrier(nd);
		return HVG2_RNDIS_STATUS_SUCCESS;
	case HVG2_OID_TCP_OFFLOAD_PARAMETERS:
		if (len < HVG2_NDIS_OFFLOAD_PARAMS_SIZE_V4 ||
		    info[0] != HVG2_NDIS_OBJ_DEFAULT)
			return HVG2_RNDIS_STATUS_INVALID_DATA;
		memset(&nd->offload, 0, sizeof(nd->offload));
		memcpy(&nd->offload, info, min_t(u32, len, sizeof(nd->offload)));
		nd->uso = snet_uso_enabled(info, len);
		snet_rsc_params(nd, info, len);
		return HVG2_RNDIS_STATUS_SUCCESS;
	case HVG2_OID_GEN_RSS_PARAMETERS:
		if (nd->nvsp_ver < HVG2_NVSP_VER_5)
			return HVG2_RNDIS_STATUS_NOT_SUPPORTED;
		return snet_set_rss(nd, info, len);
	case HVG2_OID_GEN_RNDIS_CONFIG_PARAMETER:
	case HVG2_OID_OFFLOAD_ENCAPSULATION:
	case HVG2_OID_802_3_MULTICAST_LIST:
		/* accepted; the port does not filter on them */
		return HVG2_RNDIS_STATUS_SUCCESS;
	}
	return HVG2_RNDIS_STATUS_NOT_SUPPORTED;
}

static void snet_set(struct snet_chan *ch, const u8 *msg, u32 len)
{
	struct snet_dev *nd = ch->nd;
	struct hvg2_rndis_oid_req q;
	struct {
		struct hvg2_rndis_hdr h;
		struct hvg2_rndis_set_complete c;
	} __packed a = {
		.h.type = HVG2_RNDIS_MSG_SET_C,
		.h.len = sizeof(a),
	};
	u32 oid, ioff, ilen;

	if (hvg2_snet_oid_info(msg, len, &oid, &ioff, &ilen)) {
		snet_count(nd, SNET_BAD_RNDIS, 1);
		return;
	}
	memcpy(&q, msg + sizeof(struct hvg2_rndis_hdr), sizeof(q));
	a.c.req_id = q.req_id;
	a.c.status = snet_set_oid(nd, oid, msg + ioff, ilen);
	snet_ctl_send(ch, &a, sizeof(a));
}

static void snet_reset(struct snet_chan *ch)
{
	struct {
		struct hvg2_rndis_hdr h;
		struct hvg2_rndis_reset_complete c;
	} __packed a = {
		.h.type = HVG2_RNDIS_MSG_RESET_C,
		.h.len = sizeof(a),
		.c.status = HVG2_RNDIS_STATUS_SUCCESS,
	};

	snet_ctl_send(ch, &a, sizeof(a));
}

static void snet_keepalive(struct snet_chan *ch, const u8 *msg)
{
	struct hvg2_rndis_keepalive_req q;
	struct {
		struct hvg2_rndis_hdr h;
		struct hvg2_rndis_keepalive_complete c;
	} __packed a = {
		.h.type = HVG2_RNDIS_MSG_KEEPALIVE_C,
		.h.len = sizeof(a),
		.c.status = HVG2_RNDIS_STATUS_SUCCESS,
	};

	memcpy(&q, msg + sizeof(struct hvg2_rndis_hdr), sizeof(q));
	a.c.req_id = q.req_id;
	snet_ctl_send(ch, &a, sizeof(a));
}

/* ---- one guest send ---- */

/* The smallest length of each request type (header + body). */
static u32 snet_min_len(u32 type)
{
	switch (type) {
	case HVG2_RNDIS_MSG_PACKET:
		return HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_packet);
	case HVG2_RNDIS_MSG_INIT:
		return HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_init_req);
	case HVG2_RNDIS_MSG_HALT:
		return HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_halt_req);
	case HVG2_RNDIS_MSG_QUERY:
	case HVG2_RNDIS_MSG_SET:
		return HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_oid_req);
	case HVG2_RNDIS_MSG_RESET:
		return HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_reset_req);
	case HVG2_RNDIS_MSG_KEEPALIVE:
		return HVG2_RNDIS_MSG_MIN(struct hvg2_rndis_keepalive_req);
	}
	return 0;
}

static void snet_packet(struct snet_chan *ch, const u8 *msg, u32 len)
{
	struct snet_dev *nd = ch->nd;
	struct snet_pkt_info pi;

	if (hvg2_snet_parse_packet(msg, len, &pi)) {
		snet_count(nd, SNET_BAD_RNDIS, 1);
		return;
	}
	if (!READ_ONCE(nd->rndis_up))
		return;
	snet_port_deliver(nd, msg + pi.data_off, &pi);
}

/**
 * snet_rndis_process - act on the RNDIS messages of one guest send
 * @ch: the channel it came on
 * @buf: the private copy (send-buffer section and page ranges, in order)
 * @len: its length
 *
 * A message that does not add up ends the walk (what follows cannot be
 * found) and is counted.
 */
void snet_rndis_process(struct snet_chan *ch, const u8 *buf, u32 len)
{
	struct snet_dev *nd = ch->nd;
	u32 off = 0, mlen, type;

	while (off < len) {
		if (hvg2_snet_rndis_next(buf, len, off, &mlen)) {
			snet_count(nd, SNET_BAD_RNDIS, 1);
			return;
		}
		memcpy(&type, buf + off, sizeof(type));
		if (mlen < snet_min_len(type) || !snet_min_len(type)) {
			snet_count(nd, SNET_BAD_RNDIS, 1);
			off += mlen;
			continue;
		}
		switch (type) {
		case HVG2_RNDIS_MSG_PACKET:
			snet_packet(ch, buf + off, mlen);
			break;
		case HVG2_RNDIS_MSG_INIT:
			snet_init(ch, buf + off, mlen);
			break;
		case HVG2_RNDIS_MSG_HALT:
			WRITE_ONCE(nd->rndis_up, false);
			snet_port_carrier(nd);
			break;
		case HVG2_RNDIS_MSG_QUERY:
			snet_query(ch, buf + off, mlen);
			break;
		case HVG2_RNDIS_MSG_SET:
			snet_set(ch, buf + off, mlen);
			break;
		case HVG2_RNDIS_MSG_RESET:
			snet_reset(ch);
			break;
		case HVG2_RNDIS_MSG_KEEPALIVE:
			snet_keepalive(ch, buf + off);
			break;
		}
		off += mlen;
	}
}
