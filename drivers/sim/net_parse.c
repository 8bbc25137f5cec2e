// SPDX-License-Identifier: GPL-2.0
/*
 * What the guest writes, checked before the vSwitch port uses it. Each
 * helper works on a private copy (the caller copied the guest's bytes
 * out once), returns -EINVAL for anything that does not add up, and
 * never reads outside the buffer it was given. No state, no locks: the
 * KUnit suite (kunit/sim_net_kunit.c) drives them directly.
 */
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "net.h"

/* ---- NVSP ---- */

static const u32 snet_versions[] = {
	HVG2_NVSP_VER_61, HVG2_NVSP_VER_6, HVG2_NVSP_VER_5,
	HVG2_NVSP_VER_4, HVG2_NVSP_VER_2, HVG2_NVSP_VER_1,
};

/*
 * The version to answer an INIT with: the newest the host knows that lies
 * in the guest's range and not above @host_max; 0 when there is none.
 * Guests usually ask for one version at a time, newest first.
 */
u32 hvg2_snet_pick_version(u32 min, u32 max, u32 host_max)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(snet_versions); i++) {
		u32 v = snet_versions[i];

		if (v >= min && v <= max && v <= host_max)
			return v;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_pick_version);

/*
 * GPA-direct ranges, copied out of the packet: @count ranges in @len
 * bytes, each a byte count and offset and the PFNs they span. Calls @fn
 * once per page piece, in order; stops at the first error of @fn.
 */
int hvg2_snet_gpa_walk(const u8 *ranges, u32 len, u32 count,
		       int (*fn)(void *ctx, u64 pfn, u32 off, u32 len),
		       void *ctx)
{
	u32 pos = 0, i, p;
	int ret;

	for (i = 0; i < count; i++) {
		struct hvg2_vmbus_gpa_range r;
		u32 npfn, left, off;

		if (len - pos < sizeof(r))
			return -EINVAL;
		memcpy(&r, ranges + pos, sizeof(r));
		pos += sizeof(r);
		if (!r.byte_count || r.byte_offset >= HVG2_HV_PAGE_SIZE ||
		    r.byte_count > SNET_GATHER_MAX)
			return -EINVAL;
		npfn = DIV_ROUND_UP(r.byte_offset + r.byte_count,
				    HVG2_HV_PAGE_SIZE);
		if ((len - pos) / sizeof(u64) < npfn)
			return -EINVAL;
		left = r.byte_count;
		off = r.byte_offset;
		for (p = 0; p < npfn; p++) {
			u32 piece = min_t(u32, left, HVG2_HV_PAGE_SIZE - off);
			u64 pfn;

			memcpy(&pfn, ranges + pos + p * sizeof(u64), sizeof(pfn));
			ret = fn(ctx, pfn, off, piece);
			if (ret)
				return ret;
			left -= piece;
			off = 0;
		}
		pos += npfn * sizeof(u64);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_gpa_walk);

/* ---- RNDIS ---- */

/*
 * The RNDIS message at @off of a send of @len bytes: its length, checked
 * to lie inside. Guests chain several in one send-buffer section; each
 * message's length includes its alignment padding.
 */
int hvg2_snet_rndis_next(const u8 *buf, u32 len, u32 off, u32 *msg_len)
{
	struct hvg2_rndis_hdr h;

	if (off > len || len - off < sizeof(h))
		return -EINVAL;
	memcpy(&h, buf + off, sizeof(h));
	if (h.len < sizeof(h) || h.len > len - off)
		return -EINVAL;
	*msg_len = h.len;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_rndis_next);

static int snet_ppi_u32(const u8 *e, u32 size, u32 *val)
{
	struct hvg2_rndis_ppi p;

	memcpy(&p, e, sizeof(p));
	if (p.offset < sizeof(p) || p.offset > size ||
	    size - p.offset < sizeof(u32))
		return -EINVAL;
	memcpy(val, e + p.offset, sizeof(u32));
	return 0;
}

/*
 * A PACKET message of @len bytes (header included): where its frame is,
 * and the per-packet info the host acts on (checksum, large send, hash).
 * Unknown per-packet info is skipped; a malformed element fails it all.
 */
int hvg2_snet_parse_packet(const u8 *msg, u32 len, struct snet_pkt_info *pi)
{
	const u32 hl = sizeof(struct hvg2_rndis_hdr);
	struct hvg2_rndis_packet p;
	u32 blen, pos, end;

	memset(pi, 0, sizeof(*pi));
	if (len < hl + sizeof(p))
		return -EINVAL;
	memcpy(&p, msg + hl, sizeof(p));
	blen = len - hl;
	if (p.data_offset < sizeof(p) || p.data_offset > blen ||
	    p.data_len > blen - p.data_offset || p.data_len < ETH_HLEN)
		return -EINVAL;
	pi->data_off = hl + p.data_offset;
	pi->data_len = p.data_len;
	if (!p.ppi_len)
		return 0;
	if (p.ppi_offset < sizeof(p) || p.ppi_offset > blen ||
	    p.ppi_len > blen - p.ppi_offset)
		return -EINVAL;
	pos = hl + p.ppi_offset;
	end = pos + p.ppi_len;
	while (pos < end) {
		struct hvg2_rndis_ppi e;
		u32 val;

		if (end - pos < sizeof(e))
			return -EINVAL;
		memcpy(&e, msg + pos, sizeof(e));
		if (e.size < sizeof(e) || e.size > end - pos)
			return -EINVAL;
		switch (e.type) {
		case HVG2_RNDIS_PPI_CSUM:
		case HVG2_RNDIS_PPI_LSO:
		case HVG2_RNDIS_PPI_USO:
		case HVG2_RNDIS_PPI_HASH:
			if (snet_ppi_u32(msg + pos, e.size, &val))
				return -EINVAL;
			if (e.type == HVG2_RNDIS_PPI_CSUM) {
				pi->csum = val;
			} else if (e.type == HVG2_RNDIS_PPI_LSO) {
				pi->lso = val;
			} else if (e.type == HVG2_RNDIS_PPI_USO) {
				/* 0 would read as "no USO": refuse it */
				if (!val || (val & HVG2_USO_RESERVED))
					return -EINVAL;
				pi->uso = val;
			} else {
				pi->hash = val;
				pi->has_hash = true;
			}
			break;
		}
		pos += e.size;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_parse_packet);

/*
 * A QUERY or SET of @len bytes: its OID and where its info buffer is
 * (offset from the message start, length), checked to lie inside.
 */
int hvg2_snet_oid_info(const u8 *msg, u32 len, u32 *oid, u32 *info_off,
		       u32 *info_len)
{
	const u32 hl = sizeof(struct hvg2_rndis_hdr);
	struct hvg2_rndis_oid_req q;
	u32 blen;

	if (len < hl + sizeof(q))
		return -EINVAL;
	memcpy(&q, msg + hl, sizeof(q));
	blen = len - hl;
	*oid = q.oid;
	if (!q.info_len) {
		*info_off = len;
		*info_len = 0;
		return 0;
	}
	if (q.info_offset < sizeof(q) || q.info_offset > blen ||
	    q.info_len > blen - q.info_offset)
		return -EINVAL;
	*info_off = hl + q.info_offset;
	*info_len = q.info_len;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_oid_info);

/*
 * RSS_PARAMETERS (an object of @len bytes): the hash types, key and
 * indirection table the guest wants. The table and key are written only
 * when the guest changes them; every table entry must name one of
 * @nchannels channels.
 */
int hvg2_snet_parse_rss(const u8 *obj, u32 len, u32 nchannels, u32 *hash_info,
			u8 *key, u16 *itab, u32 *itab_len, bool *disable)
{
	struct hvg2_ndis_rss_params p;
	u32 i, n;

	if (len < sizeof(p))
		return -EINVAL;
	memcpy(&p, obj, sizeof(p));
	if (p.hdr.type != HVG2_NDIS_OBJ_RSS_PARAMS || p.hdr.rev < 1 ||
	    p.hdr.size > len)
		return -EINVAL;
	*disable = p.flags & HVG2_NDIS_RSS_DISABLE;
	if (*disable)
		return 0;
	if (!(p.flags & HVG2_NDIS_RSS_HASH_INFO_UNCHANGED))
		*hash_info = p.hash_info;
	if (!(p.flags & HVG2_NDIS_RSS_ITABLE_UNCHANGED)) {
		if (p.itab_size % sizeof(u32) || !p.itab_size ||
		    p.itab_size > HVG2_NDIS_RSS_ITAB_MAX * sizeof(u32) ||
		    p.itab_offset > len || p.itab_size > len - p.itab_offset)
			return -EINVAL;
		n = p.itab_size / sizeof(u32);
		for (i = 0; i < n; i++) {
			u32 e;

			memcpy(&e, obj + p.itab_offset + i * sizeof(u32), sizeof(e));
			if (e >= nchannels)
				return -EINVAL;
		}
		/* only now: a bad entry must leave the old table alone */
		for (i = 0; i < n; i++) {
			u32 e;

			memcpy(&e, obj + p.itab_offset + i * sizeof(u32), sizeof(e));
			itab[i] = e;
		}
		*itab_len = n;
	}
	if (!(p.flags & HVG2_NDIS_RSS_KEY_UNCHANGED)) {
		if (p.key_size != HVG2_NDIS_RSS_KEY_SIZE || p.key_offset > len ||
		    p.key_size > len - p.key_offset)
			return -EINVAL;
		memcpy(key, obj + p.key_offset, HVG2_NDIS_RSS_KEY_SIZE);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_parse_rss);

/*
 * The Toeplitz hash of @n input bytes under a 40-byte @key (n <= 36): for
 * every set input bit, XOR in the 32 key bits that start at that bit.
 */
u32 hvg2_snet_toeplitz(const u8 *key, const u8 *in, unsigned int n)
{
	u32 v = (u32)key[0] << 24 | (u32)key[1] << 16 | (u32)key[2] << 8 | key[3];
	u32 hash = 0;
	unsigned int i;
	int b;

	for (i = 0; i < n; i++) {
		for (b = 7; b >= 0; b--) {
			if (in[i] & BIT(b))
				hash ^= v;
			v = v << 1 | ((key[i + 4] >> b) & 1);
		}
	}
	return hash;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_snet_toeplitz);
