// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: RNDIS PACKET messages, parsed and built.
 *
 * Parsing reads a message the host wrote into the receive buffer and can
 * still change: every field is read exactly once (READ_ONCE, so the
 * compiler cannot read it again), into a local, and checked before it is
 * used; the caller copies the frame out with the offsets returned here,
 * so a later change by the host cannot move the copy outside the message.
 * Messages and their per-packet info must be 4-byte aligned (hosts align
 * them to 8): an unaligned one is refused rather than read piecewise.
 *
 * Building writes the PACKET header and its per-packet info in front of a
 * frame in a send-buffer section.
 */
#include "hvg2_net.h"

/* the u32 at byte @off of @base, read once; @off is 4-aligned */
static u32 hvg2_net_rd32(const void *base, u32 off)
{
	return READ_ONCE(*(const u32 *)((const u8 *)base + off));
}

#define HVG2_PKT_BODY	sizeof(struct hvg2_rndis_hdr)
#define HVG2_PKT_MIN	(HVG2_PKT_BODY + sizeof(struct hvg2_rndis_packet))
#define HVG2_PKT_FIELD(f) (HVG2_PKT_BODY + offsetof(struct hvg2_rndis_packet, f))

/* Walk the PPIs in [@off, @off + @len) of the message; fill @info. */
static int hvg2_net_parse_ppi(const void *msg, u32 off, u32 len,
			      struct hvg2_net_rx_info *info)
{
	while (len) {
		u32 size, type, doff;

		if (len < sizeof(struct hvg2_rndis_ppi))
			return -EINVAL;
		size = hvg2_net_rd32(msg, off);
		type = hvg2_net_rd32(msg, off + 4);
		doff = hvg2_net_rd32(msg, off + 8);
		if (size < sizeof(struct hvg2_rndis_ppi) || size > len ||
		    size % 4 || doff < sizeof(struct hvg2_rndis_ppi) ||
		    doff % 4 || doff > size - sizeof(u32))
			return -EINVAL;
		switch (type) {
		case HVG2_RNDIS_PPI_CSUM:
			info->csum = hvg2_net_rd32(msg, off + doff);
			info->has_csum = true;
			break;
		case HVG2_RNDIS_PPI_HASH:
			info->hash = hvg2_net_rd32(msg, off + doff);
			info->has_hash = true;
			break;
		case HVG2_RNDIS_PPI_VLAN:
			info->vlan = hvg2_net_rd32(msg, off + doff);
			info->has_vlan = true;
			break;
		case HVG2_RNDIS_PPI_PKT_ID:
			/* struct hvg2_rndis_pkt_id, little endian: flags byte 1 */
			info->rsc_flags = (hvg2_net_rd32(msg, off + doff) >> 8) &
					  0xff;
			break;
		default:
			/* unknown information is skipped, not refused */
			break;
		}
		off += size;
		len -= size;
	}
	return 0;
}

/**
 * hvg2_net_parse_rndis_packet - validate an RNDIS PACKET from the host
 * @msg: the message (4-byte aligned), in host-writable memory
 * @len: bytes the host gave for it (its transfer-page range)
 * @info: what it says: where the frame is, its per-packet info
 *
 * Return: 0, or -EINVAL when a length or offset points outside @len.
 */
int hvg2_net_parse_rndis_packet(const void *msg, u32 len,
				struct hvg2_net_rx_info *info)
{
	u32 mlen, doff, dlen, poff, plen;

	memset(info, 0, sizeof(*info));
	if ((unsigned long)msg % 4 ||
	    len < HVG2_PKT_MIN)
		return -EINVAL;
	if (hvg2_net_rd32(msg, 0) != HVG2_RNDIS_MSG_PACKET)
		return -EINVAL;
	mlen = hvg2_net_rd32(msg, 4);
	if (mlen < HVG2_PKT_MIN || mlen > len)
		return -EINVAL;
	doff = hvg2_net_rd32(msg, HVG2_PKT_FIELD(data_offset));
	dlen = hvg2_net_rd32(msg, HVG2_PKT_FIELD(data_len));
	poff = hvg2_net_rd32(msg, HVG2_PKT_FIELD(ppi_offset));
	plen = hvg2_net_rd32(msg, HVG2_PKT_FIELD(ppi_len));
	/* offsets count from the body; everything inside the message */
	if (doff < sizeof(struct hvg2_rndis_packet) || !dlen ||
	    (u64)HVG2_PKT_BODY + doff + dlen > mlen)
		return -EINVAL;
	if (plen) {
		if (poff < sizeof(struct hvg2_rndis_packet) || poff % 4 ||
		    (u64)HVG2_PKT_BODY + poff + plen > mlen)
			return -EINVAL;
		if (hvg2_net_parse_ppi(msg, HVG2_PKT_BODY + poff, plen, info))
			return -EINVAL;
	}
	info->data_off = HVG2_PKT_BODY + doff;
	info->data_len = dlen;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_parse_rndis_packet);

/* One PPI of type @type with u32 @value at @p; returns its size. */
static u32 hvg2_net_put_ppi(u8 *p, u32 type, u32 value)
{
	struct hvg2_rndis_ppi *ppi = (void *)p;

	ppi->size = sizeof(*ppi) + sizeof(u32);
	ppi->type = type;
	ppi->offset = sizeof(*ppi);
	*(u32 *)(ppi + 1) = value;
	return ppi->size;
}

/**
 * hvg2_net_build_rndis_packet - write a PACKET header for a frame
 * @buf: where the message starts (8-byte aligned)
 * @room: bytes available for the header
 * @frame_len: the frame that will follow the header
 * @ppi: the per-packet info to send
 *
 * The frame goes right after the returned header length, which is a
 * multiple of 8 so that the frame starts aligned.
 *
 * Return: the header length, or 0 if @room is too small.
 */
u32 hvg2_net_build_rndis_packet(void *buf, u32 room, u32 frame_len,
				const struct hvg2_net_tx_ppi *ppi)
{
	struct hvg2_rndis_hdr *h = buf;
	struct hvg2_rndis_packet *pkt = (void *)(h + 1);
	u8 *p = (u8 *)(pkt + 1);
	u32 plen = 0, hlen;

	hlen = sizeof(*h) + sizeof(*pkt) +
	       (ppi->has_csum + ppi->has_lso + ppi->has_uso) *
	       (sizeof(struct hvg2_rndis_ppi) + sizeof(u32));
	hlen = ALIGN(hlen, 8);
	if (hlen > room)
		return 0;
	memset(buf, 0, hlen);
	if (ppi->has_csum)
		plen += hvg2_net_put_ppi(p + plen, HVG2_RNDIS_PPI_CSUM, ppi->csum);
	if (ppi->has_lso)
		plen += hvg2_net_put_ppi(p + plen, HVG2_RNDIS_PPI_LSO, ppi->lso);
	if (ppi->has_uso)
		plen += hvg2_net_put_ppi(p + plen, HVG2_RNDIS_PPI_USO, ppi->uso);
	h->type = HVG2_RNDIS_MSG_PACKET;
	h->len = hlen + frame_len;
	pkt->data_offset = hlen - sizeof(*h);
	pkt->data_len = frame_len;
	if (plen) {
		pkt->ppi_offset = sizeof(*pkt);
		pkt->ppi_len = plen;
	}
	return hlen;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_build_rndis_packet);

/**
 * hvg2_net_rsc_step - one RNDIS PACKET of a transfer-page packet, for RSC
 * @st: the chain being joined (zeroed at the start of the packet)
 * @flags: the packet's PKT_ID flags (HVG2_RNDIS_PKT_ID_*), 0 if none
 * @len: its frame bytes
 * @last: it is the packet's last range
 *
 * A chain is SUBALLOC fragments in order: FIRST ... LAST, all in one
 * transfer-page packet, at most HVG2_NET_RSC_MAX_FRAGS fragments and
 * HVG2_NET_RSC_MAX_LEN bytes. A fragment that does not fit that (FIRST
 * inside a chain, a middle one outside, the packet ending before LAST,
 * too many or too long) makes the chain bad: the caller drops the chain
 * so far and this fragment. A frame without SUBALLOC inside a chain also
 * makes the chain bad, but is itself a frame of its own.
 *
 * Return: HVG2_RSC_FRAME (no chain: a frame alone), HVG2_RSC_MORE (taken,
 * the chain goes on), HVG2_RSC_DONE (taken, the chain is complete), or
 * HVG2_RSC_BAD. @st->open says whether a chain is open afterwards.
 */
int hvg2_net_rsc_step(struct hvg2_net_rsc_state *st, u32 flags, u32 len,
		      bool last)
{
	if (!(flags & HVG2_RNDIS_PKT_ID_SUBALLOC)) {
		if (st->open) {
			st->open = false;
			return HVG2_RSC_BAD;
		}
		return HVG2_RSC_FRAME;
	}
	if (flags & HVG2_RNDIS_PKT_ID_FIRST) {
		if (st->open)
			goto bad;
		st->open = true;
		st->frags = 0;
		st->len = 0;
	} else if (!st->open) {
		goto bad;
	}
	if (st->frags >= HVG2_NET_RSC_MAX_FRAGS ||
	    len > HVG2_NET_RSC_MAX_LEN - st->len)
		goto bad;
	st->frags++;
	st->len += len;
	if (flags & HVG2_RNDIS_PKT_ID_LAST) {
		st->open = false;
		return HVG2_RSC_DONE;
	}
	if (last)
		goto bad;
	return HVG2_RSC_MORE;
bad:
	st->open = false;
	return HVG2_RSC_BAD;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_rsc_step);
