// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_sim_net: how the simulated host's vSwitch port checks
 * what a guest writes (drivers/sim/net_parse.c).
 *
 *   version    NVSP INIT ranges against the versions the host knows
 *   rndis      chains of RNDIS messages in one send; lengths that lie
 *   packet     PACKET data and per-packet info: offsets, sizes, loops
 *   oid        QUERY/SET info buffers inside the message or refused
 *   rss        RSS parameters: table entries naming absent channels,
 *              wrong key sizes; a refused table leaves the old one
 *   gpa        GPA-direct ranges split into page pieces; truncated lists
 *   toeplitz   Microsoft's published RSS verification values
 *   uso        the USO per-packet info (hvgen2 extension) parsed, 0 and
 *              the reserved bit refused; a UDP datagram segmented with
 *              lengths, checksums and payload right; headers that lie
 *              refused
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/checksum.h>

#include "../drivers/sim/net.h"

/* ---- version ---- */

static void version_pick(struct kunit *test)
{
	const u32 top = HVG2_NVSP_VER_61;

	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(top, top, top), top);
	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(HVG2_NVSP_VER_1, top, top), top);
	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(HVG2_NVSP_VER_1,
						     HVG2_NVSP_VER_1, top),
			HVG2_NVSP_VER_1);
	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(HVG2_NVSP_VER_4,
						     HVG2_NVSP_VER_5, top),
			HVG2_NVSP_VER_5);
	/* capped by the host, and versions that do not exist */
	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(top, top, HVG2_NVSP_VER_5), 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(HVG2_NVSP_VER_1, top,
						     HVG2_NVSP_VER_5),
			HVG2_NVSP_VER_5);
	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(3, 3, top), 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_pick_version(top, HVG2_NVSP_VER_1, top), 0);
}

/* ---- rndis ---- */

static void put32(u8 *b, u32 off, u32 v)
{
	memcpy(b + off, &v, sizeof(v));
}

static void rndis_chain(struct kunit *test)
{
	u8 buf[64] = {};
	u32 len;

	put32(buf, 0, HVG2_RNDIS_MSG_INIT);
	put32(buf, 4, 24);
	put32(buf, 24, HVG2_RNDIS_MSG_KEEPALIVE);
	put32(buf, 28, 12);
	KUNIT_ASSERT_EQ(test, hvg2_snet_rndis_next(buf, 36, 0, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 24);
	KUNIT_ASSERT_EQ(test, hvg2_snet_rndis_next(buf, 36, 24, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 12);
	/* the second message claims more than the send holds */
	KUNIT_EXPECT_EQ(test, hvg2_snet_rndis_next(buf, 35, 24, &len), -EINVAL);
	/* a length below the header would loop forever */
	put32(buf, 4, 4);
	KUNIT_EXPECT_EQ(test, hvg2_snet_rndis_next(buf, 36, 0, &len), -EINVAL);
	put32(buf, 4, 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_rndis_next(buf, 36, 0, &len), -EINVAL);
	/* a header cut off at the end, an offset past the end */
	KUNIT_EXPECT_EQ(test, hvg2_snet_rndis_next(buf, 30, 24, &len), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvg2_snet_rndis_next(buf, 36, 40, &len), -EINVAL);
}

/* ---- packet ---- */

#define PKT_PPI		3	/* CSUM, LSO, HASH */
#define PKT_HDR		(8 + 36)
#define PKT_PPI_LEN	(PKT_PPI * 16)
#define PKT_DATA	60

/* A PACKET with three per-packet infos and a 60-byte frame. */
static u32 build_packet(u8 *b)
{
	static const u32 types[PKT_PPI] = {
		HVG2_RNDIS_PPI_CSUM, HVG2_RNDIS_PPI_LSO, HVG2_RNDIS_PPI_HASH,
	};
	u32 i, len = PKT_HDR + PKT_PPI_LEN + PKT_DATA;

	memset(b, 0, len);
	put32(b, 0, HVG2_RNDIS_MSG_PACKET);
	put32(b, 4, len);
	put32(b, 8, 36 + PKT_PPI_LEN);		/* data_offset */
	put32(b, 12, PKT_DATA);			/* data_len */
	put32(b, 28, 36);			/* ppi_offset */
	put32(b, 32, PKT_PPI_LEN);		/* ppi_len */
	for (i = 0; i < PKT_PPI; i++) {
		u32 e = PKT_HDR + i * 16;

		put32(b, e, 16);
		put32(b, e + 4, types[i]);
		put32(b, e + 8, 12);
		put32(b, e + 12, 0x100 + i);
	}
	return len;
}

static void packet_good(struct kunit *test)
{
	u8 *b = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct snet_pkt_info pi;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, b);
	len = build_packet(b);
	KUNIT_ASSERT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), 0);
	KUNIT_EXPECT_EQ(test, pi.data_off, PKT_HDR + PKT_PPI_LEN);
	KUNIT_EXPECT_EQ(test, pi.data_len, PKT_DATA);
	KUNIT_EXPECT_EQ(test, pi.csum, 0x100);
	KUNIT_EXPECT_EQ(test, pi.lso, 0x101);
	KUNIT_EXPECT_TRUE(test, pi.has_hash);
	KUNIT_EXPECT_EQ(test, pi.hash, 0x102);

	/* an unknown type is skipped, not refused */
	put32(b, PKT_HDR + 4, HVG2_RNDIS_PPI_VLAN);
	KUNIT_ASSERT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), 0);
	KUNIT_EXPECT_EQ(test, pi.csum, 0);
	KUNIT_EXPECT_EQ(test, pi.lso, 0x101);
}

static void packet_bad(struct kunit *test)
{
	u8 *b = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct snet_pkt_info pi;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, b);
	len = build_packet(b);
	/* frame past the message */
	put32(b, 12, PKT_DATA + 1);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	/* frame shorter than an Ethernet header */
	put32(b, 12, ETH_HLEN - 1);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	/* data offset inside the PACKET body, or beyond everything */
	len = build_packet(b);
	put32(b, 8, 8);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	put32(b, 8, 0xfffffff0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	/* a zero-size element would never end the walk */
	len = build_packet(b);
	put32(b, PKT_HDR + 16, 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	/* an element whose data lies past its own end */
	len = build_packet(b);
	put32(b, PKT_HDR + 8, 14);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	/* per-packet info running past the message */
	len = build_packet(b);
	put32(b, 32, 0x7fffffff);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	/* too short to hold a PACKET at all */
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, PKT_HDR - 1, &pi), -EINVAL);
}

/* ---- oid ---- */

static void oid_info(struct kunit *test)
{
	u8 b[64] = {};
	u32 oid, off, len;

	put32(b, 0, HVG2_RNDIS_MSG_QUERY);
	put32(b, 4, 8 + 20 + 4);
	put32(b, 12, HVG2_OID_GEN_MAXIMUM_FRAME_SIZE);
	put32(b, 16, 4);	/* info_len */
	put32(b, 20, 20);	/* info_offset, from the body */
	KUNIT_ASSERT_EQ(test, hvg2_snet_oid_info(b, 32, &oid, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, oid, HVG2_OID_GEN_MAXIMUM_FRAME_SIZE);
	KUNIT_EXPECT_EQ(test, off, 28);
	KUNIT_EXPECT_EQ(test, len, 4);
	/* one byte past the message */
	KUNIT_EXPECT_EQ(test, hvg2_snet_oid_info(b, 31, &oid, &off, &len), -EINVAL);
	/* offset overlapping the request, and wrapping */
	put32(b, 20, 16);
	KUNIT_EXPECT_EQ(test, hvg2_snet_oid_info(b, 32, &oid, &off, &len), -EINVAL);
	put32(b, 20, 0xfffffffc);
	KUNIT_EXPECT_EQ(test, hvg2_snet_oid_info(b, 32, &oid, &off, &len), -EINVAL);
	/* no info at all is fine */
	put32(b, 16, 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_oid_info(b, 28, &oid, &off, &len), 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_oid_info(b, 27, &oid, &off, &len), -EINVAL);
}

/* ---- rss ---- */

#define RSS_N		16
#define RSS_LEN		(sizeof(struct hvg2_ndis_rss_params) + RSS_N * 4 + 40)

static void build_rss(u8 *b, u32 nchan)
{
	struct hvg2_ndis_rss_params p = {
		.hdr = { HVG2_NDIS_OBJ_RSS_PARAMS, 2, sizeof(p) },
		.hash_info = HVG2_NDIS_HASH_TOEPLITZ | HVG2_NDIS_HASH_TCP_IPV4,
		.itab_size = RSS_N * 4,
		.itab_offset = sizeof(p),
		.key_size = 40,
		.key_offset = sizeof(p) + RSS_N * 4,
	};
	u32 i;

	memcpy(b, &p, sizeof(p));
	for (i = 0; i < RSS_N; i++)
		put32(b, sizeof(p) + i * 4, i % nchan);
	for (i = 0; i < 40; i++)
		b[p.key_offset + i] = i;
}

static void rss_params(struct kunit *test)
{
	u8 *b = kunit_kzalloc(test, RSS_LEN, GFP_KERNEL);
	u16 itab[HVG2_NDIS_RSS_ITAB_MAX] = {};
	u8 key[40] = {};
	u32 hi = 0, n = 0;
	bool off;

	KUNIT_ASSERT_NOT_NULL(test, b);
	build_rss(b, 4);
	KUNIT_ASSERT_EQ(test, hvg2_snet_parse_rss(b, RSS_LEN, 4, &hi, key, itab,
						  &n, &off), 0);
	KUNIT_EXPECT_FALSE(test, off);
	KUNIT_EXPECT_EQ(test, n, RSS_N);
	KUNIT_EXPECT_EQ(test, itab[5], 1);
	KUNIT_EXPECT_EQ(test, key[39], 39);
	KUNIT_EXPECT_EQ(test, hi, HVG2_NDIS_HASH_TOEPLITZ | HVG2_NDIS_HASH_TCP_IPV4);

	/* a table naming channel 4 of 2: refused, the old table stays */
	memset(itab, 0, sizeof(itab));
	n = 0;
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_rss(b, RSS_LEN, 2, &hi, key, itab,
						  &n, &off), -EINVAL);
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, itab[1], 0);

	/* key size, table size, truncated object */
	build_rss(b, 4);
	((struct hvg2_ndis_rss_params *)b)->key_size = 16;
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_rss(b, RSS_LEN, 4, &hi, key, itab,
						  &n, &off), -EINVAL);
	build_rss(b, 4);
	((struct hvg2_ndis_rss_params *)b)->itab_size = 6;
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_rss(b, RSS_LEN, 4, &hi, key, itab,
						  &n, &off), -EINVAL);
	build_rss(b, 4);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_rss(b, RSS_LEN - 1, 4, &hi, key,
						  itab, &n, &off), -EINVAL);
	/* wrong object type */
	b[0] = HVG2_NDIS_OBJ_RSS_CAPS;
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_rss(b, RSS_LEN, 4, &hi, key, itab,
						  &n, &off), -EINVAL);
	/* disable needs nothing else */
	build_rss(b, 4);
	((struct hvg2_ndis_rss_params *)b)->flags = HVG2_NDIS_RSS_DISABLE;
	((struct hvg2_ndis_rss_params *)b)->key_size = 0;
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_rss(b, RSS_LEN, 4, &hi, key, itab,
						  &n, &off), 0);
	KUNIT_EXPECT_TRUE(test, off);
}

/* ---- gpa ---- */

struct gpa_rec {
	unsigned int n;
	u64 pfn[8];
	u32 off[8], len[8];
};

static int gpa_record(void *ctx, u64 pfn, u32 off, u32 len)
{
	struct gpa_rec *r = ctx;

	if (r->n == ARRAY_SIZE(r->pfn))
		return -ENOSPC;
	r->pfn[r->n] = pfn;
	r->off[r->n] = off;
	r->len[r->n] = len;
	r->n++;
	return 0;
}

static void gpa_walk(struct kunit *test)
{
	u8 b[64] = {};
	struct gpa_rec r = {};
	u64 pfn;

	/* 5000 bytes from offset 4000: 96 + 4096 + 808 over three pages */
	put32(b, 0, 5000);
	put32(b, 4, 4000);
	pfn = 10;
	memcpy(b + 8, &pfn, 8);
	pfn = 20;
	memcpy(b + 16, &pfn, 8);
	pfn = 30;
	memcpy(b + 24, &pfn, 8);
	/* a second range: 100 bytes of page 40 */
	put32(b, 32, 100);
	put32(b, 36, 0);
	pfn = 40;
	memcpy(b + 40, &pfn, 8);
	KUNIT_ASSERT_EQ(test, hvg2_snet_gpa_walk(b, 48, 2, gpa_record, &r), 0);
	KUNIT_ASSERT_EQ(test, r.n, 4);
	KUNIT_EXPECT_EQ(test, r.pfn[0], 10);
	KUNIT_EXPECT_EQ(test, r.off[0], 4000);
	KUNIT_EXPECT_EQ(test, r.len[0], 96);
	KUNIT_EXPECT_EQ(test, r.len[1], 4096);
	KUNIT_EXPECT_EQ(test, r.off[1], 0);
	KUNIT_EXPECT_EQ(test, r.len[2], 808);
	KUNIT_EXPECT_EQ(test, r.pfn[3], 40);
	KUNIT_EXPECT_EQ(test, r.len[3], 100);

	/* the PFN list cut short, more ranges than bytes, bad offsets */
	r.n = 0;
	KUNIT_EXPECT_EQ(test, hvg2_snet_gpa_walk(b, 31, 1, gpa_record, &r), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvg2_snet_gpa_walk(b, 48, 3, gpa_record, &r), -EINVAL);
	put32(b, 4, 4096);
	KUNIT_EXPECT_EQ(test, hvg2_snet_gpa_walk(b, 48, 1, gpa_record, &r), -EINVAL);
	put32(b, 4, 0);
	put32(b, 0, 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_gpa_walk(b, 48, 1, gpa_record, &r), -EINVAL);
}

/* ---- toeplitz ---- */

static void toeplitz_known(struct kunit *test)
{
	/* the key and values of Microsoft's RSS verification suite */
	static const u8 key[40] = {
		0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
		0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
		0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
		0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
		0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
	};
	/* 66.9.149.187:2794 -> 161.142.100.80:1766 */
	static const u8 in[12] = {
		66, 9, 149, 187, 161, 142, 100, 80, 0x0a, 0xea, 0x06, 0xe6,
	};

	KUNIT_EXPECT_EQ(test, hvg2_snet_toeplitz(key, in, 8), 0x323e8fc2);
	KUNIT_EXPECT_EQ(test, hvg2_snet_toeplitz(key, in, 12), 0x51ccc178);
}

/* ---- USO (hvgen2 extension) ---- */

static void uso_ppi(struct kunit *test)
{
	u8 *b = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct snet_pkt_info pi;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, b);
	len = build_packet(b);
	put32(b, PKT_HDR + 4, HVG2_RNDIS_PPI_USO);
	KUNIT_ASSERT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), 0);
	KUNIT_EXPECT_EQ(test, pi.uso, 0x100);
	KUNIT_EXPECT_EQ(test, pi.csum, 0);
	/* 0 would read as "no USO", bit 30 is reserved */
	put32(b, PKT_HDR + 12, 0);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
	put32(b, PKT_HDR + 12, HVG2_USO_RESERVED | 1000);
	KUNIT_EXPECT_EQ(test, hvg2_snet_parse_packet(b, len, &pi), -EINVAL);
}

#define USO_L4		(ETH_HLEN + sizeof(struct iphdr))
#define USO_HL		(USO_L4 + sizeof(struct udphdr))

/* A UDP GSO frame as a Linux guest sends it: headers of the whole. */
static struct sk_buff *uso_frame(u32 plen)
{
	struct sk_buff *skb = alloc_skb(NET_IP_ALIGN + USO_HL + plen, GFP_KERNEL);
	struct udphdr *uh;
	struct iphdr *ip;
	u8 *p;
	u32 i;

	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN);
	p = skb_put_zero(skb, USO_HL + plen);
	((struct ethhdr *)p)->h_proto = htons(ETH_P_IP);
	ip = (void *)(p + ETH_HLEN);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = htonl(0x0a010001);
	ip->daddr = htonl(0x0a010002);
	ip->tot_len = htons(USO_HL - ETH_HLEN + plen);
	uh = (void *)(ip + 1);
	uh->source = htons(1000);
	uh->dest = htons(2000);
	uh->len = htons(sizeof(*uh) + plen);
	for (i = 0; i < plen; i++)
		p[USO_HL + i] = (u8)(i % 251);
	return skb;
}

/* One segment: its lengths, checksums and payload (from @off). */
static void uso_check_seg(struct kunit *test, struct sk_buff *seg, u32 off,
			  u32 len)
{
	struct iphdr *ip = (void *)(seg->data + ETH_HLEN);
	struct udphdr *uh = (void *)(seg->data + USO_L4);
	__sum16 sum;
	u32 i;

	KUNIT_ASSERT_EQ(test, seg->len, USO_HL + len);
	if (seg->ip_summed == CHECKSUM_PARTIAL)
		KUNIT_ASSERT_EQ(test, skb_checksum_help(seg), 0);
	KUNIT_EXPECT_EQ(test, ntohs(ip->tot_len), seg->len - ETH_HLEN);
	/* a header or datagram that sums right folds to 0 */
	KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(ip, ip->ihl), 0);
	KUNIT_EXPECT_EQ(test, ntohs(uh->len), len + sizeof(*uh));
	sum = csum_tcpudp_magic(ip->saddr, ip->daddr, len + sizeof(*uh),
				IPPROTO_UDP, csum_partial(uh, len + sizeof(*uh), 0));
	KUNIT_EXPECT_EQ(test, (__force u16)sum, 0);
	for (i = 0; i < len; i++)
		if (seg->data[USO_HL + i] != (u8)((off + i) % 251))
			break;
	KUNIT_EXPECT_EQ(test, i, len);
}

static void uso_segments(struct kunit *test)
{
	const u32 plen = 2500, mss = 1000;
	struct sk_buff *skb = uso_frame(plen), *segs, *seg, *next;
	u32 n = 0, off = 0;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* the guest's lengths are not trusted: the host sets them */
	((struct iphdr *)(skb->data + ETH_HLEN))->tot_len = htons(7);
	segs = hvg2_snet_tx_uso(skb, mss | USO_L4 << HVG2_USO_L4_OFF_SHIFT);
	consume_skb(skb);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(segs));
	skb_list_walk_safe(segs, seg, next) {
		u32 len = min(mss, plen - off);

		skb_mark_not_on_list(seg);
		uso_check_seg(test, seg, off, len);
		kfree_skb(seg);
		off += len;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 3u);
	KUNIT_EXPECT_EQ(test, off, plen);
}

/* headers or a USO info that lie: refused, nothing segmented */
static void uso_refuses(struct kunit *test)
{
	static const u32 bad[] = {
		USO_L4 << HVG2_USO_L4_OFF_SHIFT,		/* MSS 0 */
		1000 | (USO_L4 + 4) << HVG2_USO_L4_OFF_SHIFT,	/* not IHL */
		1000 | ETH_HLEN << HVG2_USO_L4_OFF_SHIFT,	/* inside IP */
		1000 | USO_L4 << HVG2_USO_L4_OFF_SHIFT | HVG2_USO_IPV6,
		5000 | USO_L4 << HVG2_USO_L4_OFF_SHIFT,	/* one segment */
		1 | USO_L4 << HVG2_USO_L4_OFF_SHIFT,	/* too many segments */
	};
	struct sk_buff *skb, *segs;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		skb = uso_frame(2500);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		segs = hvg2_snet_tx_uso(skb, bad[i]);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ERR(segs), "case %u", i);
		if (!IS_ERR_OR_NULL(segs))
			kfree_skb_list(segs);
		kfree_skb(skb);
	}
	/* TCP in the IP header */
	skb = uso_frame(2500);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	((struct iphdr *)(skb->data + ETH_HLEN))->protocol = IPPROTO_TCP;
	segs = hvg2_snet_tx_uso(skb, 1000 | USO_L4 << HVG2_USO_L4_OFF_SHIFT);
	KUNIT_EXPECT_TRUE(test, IS_ERR(segs));
	if (!IS_ERR_OR_NULL(segs))
		kfree_skb_list(segs);
	kfree_skb(skb);
}

static struct kunit_case hvg2_sim_net_cases[] = {
	KUNIT_CASE(version_pick),
	KUNIT_CASE(rndis_chain),
	KUNIT_CASE(packet_good),
	KUNIT_CASE(packet_bad),
	KUNIT_CASE(oid_info),
	KUNIT_CASE(rss_params),
	KUNIT_CASE(gpa_walk),
	KUNIT_CASE(toeplitz_known),
	KUNIT_CASE(uso_ppi),
	KUNIT_CASE(uso_segments),
	KUNIT_CASE(uso_refuses),
	{}
};

static struct kunit_suite hvg2_sim_net_suite = {
	.name = "hvg2_sim_net",
	.test_cases = hvg2_sim_net_cases,
};

kunit_test_suite(hvg2_sim_net_suite);

MODULE_DESCRIPTION("KUnit tests for the hvgen2 simulated host's network backend");
MODULE_LICENSE("GPL");
HVG2_KUNIT_IMPORT_NS();
