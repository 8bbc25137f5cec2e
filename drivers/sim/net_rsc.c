// SPDX-License-Identifier: GPL-2.0
/*
 * Receive segment coalescing (RSC), the host half.
 *
 * When the guest asked for it (NVSP 6.1, TCP_OFFLOAD_PARAMETERS rsc_ip4 /
 * rsc_ip6 enabled), the port takes whole TCP GSO packets from its stack
 * and each reaches the guest as ONE transfer-page packet: a chain of
 * RNDIS PACKETs, one per receive section, in order. Every fragment
 * carries the internal PKT_ID info (SUBALLOC, FIRST on the first, LAST on
 * the last) and the checksum (and hash) info; the first holds the headers
 * of the coalesced packet (its IP length covering it all, its TCP
 * checksum over it all, as if it had arrived in one piece), the others
 * only payload. The guest joins the fragments into one packet.
 *
 * The sections of a chain are adjacent, so the packet's transaction id
 * names them all and one guest completion frees them (SNET_TID()).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include "net.h"

/* The RNDIS headers in front of each fragment. */
struct snet_rsc_hdr {
	struct hvg2_rndis_hdr h;
	struct hvg2_rndis_packet p;
	struct hvg2_rndis_ppi id;
	struct hvg2_rndis_pkt_id id_val;
	struct hvg2_rndis_ppi csum;
	u32 csum_val;
	struct hvg2_rndis_ppi hash;
	u32 hash_val;
} __packed;

/**
 * snet_rsc_params - the guest set TCP_OFFLOAD_PARAMETERS
 * @nd: the NIC (primary channel's work)
 * @info: the object (type checked)
 * @len: its length
 *
 * NO_CHANGE (0) keeps the current setting, as Hyper-V does: hv_netvsc's
 * ethtool -K lro sends only the RSC fields.
 */
void snet_rsc_params(struct snet_dev *nd, const u8 *info, u32 len)
{
	struct hvg2_ndis_offload_params p = { };

	if (nd->nvsp_ver < HVG2_NVSP_VER_61 ||
	    len < offsetofend(struct hvg2_ndis_offload_params, rsc_ip6)) {
		WRITE_ONCE(nd->rsc_ip4, false);
		WRITE_ONCE(nd->rsc_ip6, false);
		return;
	}
	memcpy(&p, info, min_t(u32, len, sizeof(p)));
	if (p.rsc_ip4 == HVG2_NDIS_OFFLOAD_RSC_ON ||
	    p.rsc_ip4 == HVG2_NDIS_OFFLOAD_RSC_OFF)
		WRITE_ONCE(nd->rsc_ip4, p.rsc_ip4 == HVG2_NDIS_OFFLOAD_RSC_ON);
	if (p.rsc_ip6 == HVG2_NDIS_OFFLOAD_RSC_ON ||
	    p.rsc_ip6 == HVG2_NDIS_OFFLOAD_RSC_OFF)
		WRITE_ONCE(nd->rsc_ip6, p.rsc_ip6 == HVG2_NDIS_OFFLOAD_RSC_ON);
}

/**
 * snet_rsc_on - may @skb, a GSO packet, go to the guest coalesced?
 * @nd: the NIC
 * @skb: the packet
 *
 * Return: true for TCP over an IP version the guest enabled RSC for.
 */
bool snet_rsc_on(struct snet_dev *nd, const struct sk_buff *skb)
{
	unsigned int t = skb_shinfo(skb)->gso_type;

	if (t & SKB_GSO_TCPV4)
		return READ_ONCE(nd->rsc_ip4);
	if (t & SKB_GSO_TCPV6)
		return READ_ONCE(nd->rsc_ip6);
	return false;
}

/* Fragments of a chain of @len bytes; buf_sem held (read). */
static u32 snet_rsc_nfrags(struct snet_dev *nd, u32 len, bool hash)
{
	u32 hl = hash ? sizeof(struct snet_rsc_hdr) :
			offsetof(struct snet_rsc_hdr, hash);
	u32 room = nd->rsec_size > hl ? round_down(nd->rsec_size - hl, 8) : 0;

	return room ? DIV_ROUND_UP(len, room) : U32_MAX;
}

/**
 * snet_rsc_fits - may a packet of @len bytes go as one RSC chain?
 * @nd: the NIC
 * @len: its length
 * @hash: it carries an RSS hash
 *
 * Return: true if the receive buffer has sections and the chain needs at
 * most SNET_RSC_MAX_FRAGS of them (no more than the buffer has).
 */
bool snet_rsc_fits(struct snet_dev *nd, u32 len, bool hash)
{
	bool ok;
	u32 n;

	down_read(&nd->buf_sem);
	n = nd->rbuf ? snet_rsc_nfrags(nd, len, hash) : U32_MAX;
	ok = n <= SNET_RSC_MAX_FRAGS && n <= nd->rsec_count;
	up_read(&nd->buf_sem);
	return ok;
}

static void snet_rsc_ppi(struct hvg2_rndis_ppi *ppi, u32 type, u32 val_len)
{
	ppi->size = sizeof(*ppi) + val_len;
	ppi->type = type;
	ppi->offset = sizeof(*ppi);
}

/**
 * snet_rsc_send - send a coalesced packet to the guest as an RSC chain
 * @ch: the channel (its work)
 * @skb: the packet, checksums complete, no longer GSO
 * @csum: the checksum info for the guest (HVG2_CSUM_RX_*)
 * @hash: the RSS hash, or NULL
 *
 * Return: 0; -ENOSPC (no run of free sections) or -EAGAIN (ring full):
 * retry later; -EMSGSIZE: more fragments than a chain may have (send it
 * segmented); -ENODEV, -EIO as snet_send_rndis().
 */
int snet_rsc_send(struct snet_chan *ch, struct sk_buff *skb, u32 csum,
		  const u32 *hash)
{
	struct snet_dev *nd = ch->nd;
	struct hvg2_xfer_pkt_hdr *x;
	struct snet_rsc_hdr r;
	struct hvg2_nvsp_msg *m;
	u32 hl, room, n, i, plen, off, len;
	int slot, ret = 0;

	memset(&r, 0, sizeof(r));
	hl = hash ? sizeof(r) : offsetof(struct snet_rsc_hdr, hash);
	snet_rsc_ppi(&r.id, HVG2_RNDIS_PPI_PKT_ID, sizeof(r.id_val));
	r.id_val.ver = 1;
	snet_rsc_ppi(&r.csum, HVG2_RNDIS_PPI_CSUM, sizeof(u32));
	r.csum_val = csum;
	if (hash) {
		snet_rsc_ppi(&r.hash, HVG2_RNDIS_PPI_HASH, sizeof(u32));
		r.hash_val = *hash;
	}
	r.h.type = HVG2_RNDIS_MSG_PACKET;
	r.p.ppi_offset = sizeof(r.p);
	r.p.ppi_len = hl - sizeof(r.h) - sizeof(r.p);
	r.p.data_offset = hl - sizeof(r.h);

	down_read(&nd->buf_sem);
	if (!nd->rbuf) {
		ret = -ENODEV;
		goto out;
	}
	room = nd->rsec_size > hl ? round_down(nd->rsec_size - hl, 8) : 0;
	n = snet_rsc_nfrags(nd, skb->len, hash);
	if (n > SNET_RSC_MAX_FRAGS || n > nd->rsec_count) {
		ret = -EMSGSIZE;
		goto out;
	}
	slot = snet_rsec_get_n(nd, n);
	if (slot < 0) {
		snet_count(nd, SNET_RX_NO_SECTION, 1);
		ret = -ENOSPC;
		goto out;
	}
	plen = sizeof(*x) + n * sizeof(x->range[0]);
	x = (void *)hvg2_ring_reserve(&ch->c->out, plen + sizeof(*m));
	if (IS_ERR(x)) {
		snet_rsec_put_n(nd, slot, n);
		ret = PTR_ERR(x);
		goto out;
	}
	x->desc.type = HVG2_PKT_DATA_USING_XFER_PAGES;
	x->desc.offset8 = plen / 8;
	x->desc.flags = HVG2_PKT_FLAG_COMPLETION_REQUESTED;
	x->desc.trans_id = SNET_TID(slot, n);
	x->set_id = nd->rbuf_id;
	x->sender_owns_set = 0;
	x->reserved = 0;
	x->range_cnt = n;
	for (i = 0, off = 0; i < n; i++, off += len) {
		u8 *sec = nd->rbuf + (size_t)(slot + i) * nd->rsec_size;

		len = min(room, skb->len - off);
		r.id_val.flags = HVG2_RNDIS_PKT_ID_SUBALLOC |
				(i == 0 ? HVG2_RNDIS_PKT_ID_FIRST : 0) |
				(i == n - 1 ? HVG2_RNDIS_PKT_ID_LAST : 0);
		r.h.len = hl + len;
		r.p.data_len = len;
		memcpy(sec, &r, hl);
		/* cannot fail: off + len <= skb->len */
		if (skb_copy_bits(skb, off, sec + hl, len))
			memset(sec + hl, 0, len);
		x->range[i].byte_offset = (slot + i) * nd->rsec_size;
		x->range[i].byte_count = hl + len;
	}
	m = (void *)((u8 *)x + plen);
	memset(m, 0, sizeof(*m));
	m->type = HVG2_NVSP_MSG1_SEND_RNDIS_PKT;
	m->rndis_pkt.channel_type = HVG2_NVSP_CHANNEL_DATA;
	m->rndis_pkt.section_index = HVG2_NVSP_NO_SECTION;
	hvg2_ring_commit(&ch->c->out);
	snet_count(nd, SNET_RX_RSC, 1);
	snet_count(nd, SNET_RX_RSC_FRAGS, n);
out:
	up_read(&nd->buf_sem);
	return ret;
}
