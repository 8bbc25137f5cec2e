// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_net: the synthetic NIC's pure parts.
 *
 *   build      PACKET headers: layout, alignment, PPIs, room refused
 *   parse      a built message parses back to the same frame and PPIs
 *   refuse     every length and offset the host could get wrong: frame
 *              or PPIs outside the message, message longer than its
 *              range, bad PPI sizes and offsets, wrong type, unaligned
 *   uso        UDP segmentation (hvgen2 extension): the PPI a UDP GSO
 *              skb gets (MSS, UDP offset, IPv6 bit; TCP GSO keeps LSO),
 *              its place in the PACKET; the host's USO capabilities
 *              taken only when whole and sane
 *   vf         VF association recorded (and refused when short or
 *              before NVSP 4); the data path switch message; no switch
 *              to a VF that is not there
 *   wire       message sizes the host and guest must agree on
 *   rsc        the PKT_ID info parsed; RSC chains joined in order, and
 *              refused when out of order, cut short, too long or too many
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>

#include "../drivers/net/hvg2_net.h"

#define BUF_SIZE	512

/* A PACKET with a @flen-byte frame, csum and hash PPIs, in @buf. */
static u32 make_packet(u8 *buf, u32 flen, bool csum, bool lso)
{
	struct hvg2_net_tx_ppi ppi = {
		.has_csum = csum, .csum = 0x1234,
		.has_lso = lso, .lso = 0x5678,
	};
	u32 hlen, i;

	hlen = hvg2_net_build_rndis_packet(buf, 128, flen, &ppi);
	for (i = 0; i < flen; i++)
		buf[hlen + i] = (u8)(i * 7 + 1);
	return hlen;
}

static struct hvg2_rndis_packet *pkt_of(u8 *buf)
{
	return (void *)(buf + sizeof(struct hvg2_rndis_hdr));
}

/* ---- build ---- */

static void build_layout(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct hvg2_rndis_hdr *h = (void *)buf;
	struct hvg2_rndis_ppi *ppi;
	u32 hlen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hlen = make_packet(buf, 60, false, false);
	KUNIT_EXPECT_EQ(test, hlen, 48u);	/* 8 + 36, aligned to 8 */
	KUNIT_EXPECT_EQ(test, h->type, HVG2_RNDIS_MSG_PACKET);
	KUNIT_EXPECT_EQ(test, h->len, hlen + 60);
	KUNIT_EXPECT_EQ(test, pkt_of(buf)->data_offset, hlen - 8);
	KUNIT_EXPECT_EQ(test, pkt_of(buf)->data_len, 60u);
	KUNIT_EXPECT_EQ(test, pkt_of(buf)->ppi_len, 0u);

	hlen = make_packet(buf, 60, true, true);
	KUNIT_EXPECT_EQ(test, hlen % 8, 0u);
	KUNIT_EXPECT_EQ(test, pkt_of(buf)->ppi_offset,
			(u32)sizeof(struct hvg2_rndis_packet));
	KUNIT_EXPECT_EQ(test, pkt_of(buf)->ppi_len, 32u);
	ppi = (void *)(buf + 8 + pkt_of(buf)->ppi_offset);
	KUNIT_EXPECT_EQ(test, ppi->type, HVG2_RNDIS_PPI_CSUM);
	KUNIT_EXPECT_EQ(test, ppi->size, 16u);
	KUNIT_EXPECT_EQ(test, *(u32 *)((u8 *)ppi + ppi->offset), 0x1234u);
	ppi = (void *)((u8 *)ppi + ppi->size);
	KUNIT_EXPECT_EQ(test, ppi->type, HVG2_RNDIS_PPI_LSO);
	KUNIT_EXPECT_EQ(test, *(u32 *)((u8 *)ppi + ppi->offset), 0x5678u);
}

static void build_no_room(struct kunit *test)
{
	struct hvg2_net_tx_ppi ppi = { .has_csum = true };
	u8 buf[64] __aligned(8);

	KUNIT_EXPECT_EQ(test, hvg2_net_build_rndis_packet(buf, 44, 60, &ppi), 0u);
	KUNIT_EXPECT_EQ(test, hvg2_net_build_rndis_packet(buf, 64, 60, &ppi), 64u);
}

/* ---- parse ---- */

static void parse_roundtrip(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct hvg2_net_rx_info info;
	u32 hlen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hlen = make_packet(buf, 100, true, false);
	KUNIT_ASSERT_EQ(test, hvg2_net_parse_rndis_packet(buf, hlen + 100, &info), 0);
	KUNIT_EXPECT_EQ(test, info.data_off, hlen);
	KUNIT_EXPECT_EQ(test, info.data_len, 100u);
	KUNIT_EXPECT_TRUE(test, info.has_csum);
	KUNIT_EXPECT_EQ(test, info.csum, 0x1234u);
	KUNIT_EXPECT_FALSE(test, info.has_hash);
	KUNIT_EXPECT_FALSE(test, info.has_vlan);
	/* a range longer than the message is fine */
	KUNIT_EXPECT_EQ(test, hvg2_net_parse_rndis_packet(buf, BUF_SIZE, &info), 0);
}

/* a host PPI of @type with @value, appended after the header */
static void parse_ppi_types(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct hvg2_net_rx_info info;
	struct hvg2_rndis_ppi *ppi;
	u32 hlen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hlen = make_packet(buf, 60, true, true);
	/* turn the LSO PPI into a hash, the csum one into a VLAN tag */
	ppi = (void *)(buf + 8 + pkt_of(buf)->ppi_offset);
	ppi->type = HVG2_RNDIS_PPI_VLAN;
	ppi = (void *)((u8 *)ppi + ppi->size);
	ppi->type = HVG2_RNDIS_PPI_HASH;
	KUNIT_ASSERT_EQ(test, hvg2_net_parse_rndis_packet(buf, hlen + 60, &info), 0);
	KUNIT_EXPECT_TRUE(test, info.has_vlan);
	KUNIT_EXPECT_EQ(test, info.vlan, 0x1234u);
	KUNIT_EXPECT_TRUE(test, info.has_hash);
	KUNIT_EXPECT_EQ(test, info.hash, 0x5678u);
	KUNIT_EXPECT_FALSE(test, info.has_csum);
}

/* ---- refuse: one corruption per case ---- */

struct corrupt_case {
	const char *name;
	void (*corrupt)(u8 *buf, u32 *range);
};

static void c_type(u8 *b, u32 *r) { ((struct hvg2_rndis_hdr *)b)->type = HVG2_RNDIS_MSG_INIT_C; }
static void c_len_over_range(u8 *b, u32 *r) { ((struct hvg2_rndis_hdr *)b)->len = *r + 8; }
static void c_len_short(u8 *b, u32 *r) { ((struct hvg2_rndis_hdr *)b)->len = 40; }
static void c_range_short(u8 *b, u32 *r) { *r = 20; }
static void c_data_past(u8 *b, u32 *r) { pkt_of(b)->data_len += 1; }
static void c_data_wrap(u8 *b, u32 *r) { pkt_of(b)->data_offset = 0xfffffff0; }
static void c_data_in_hdr(u8 *b, u32 *r) { pkt_of(b)->data_offset = 8; }
static void c_data_zero(u8 *b, u32 *r)
{
	pkt_of(b)->data_len = 0;
}

static void c_ppi_past(u8 *b, u32 *r) { pkt_of(b)->ppi_len = 0x1000; }
static void c_ppi_wrap(u8 *b, u32 *r) { pkt_of(b)->ppi_offset = 0xfffffffc; }
static void c_ppi_unaligned(u8 *b, u32 *r) { pkt_of(b)->ppi_offset += 2; }
static void c_ppi_short(u8 *b, u32 *r) { pkt_of(b)->ppi_len = 8; }

static struct hvg2_rndis_ppi *ppi0(u8 *b)
{
	return (void *)(b + 8 + pkt_of(b)->ppi_offset);
}

static void c_ppi_size_zero(u8 *b, u32 *r)
{
	ppi0(b)->size = 0;
}

static void c_ppi_size_big(u8 *b, u32 *r) { ppi0(b)->size = 0x100; }
static void c_ppi_off_past(u8 *b, u32 *r) { ppi0(b)->offset = 16; }
static void c_ppi_off_in_hdr(u8 *b, u32 *r) { ppi0(b)->offset = 4; }

static const struct corrupt_case corrupt_cases[] = {
	{ "type", c_type },
	{ "len_over_range", c_len_over_range },
	{ "len_short", c_len_short },
	{ "range_short", c_range_short },
	{ "data_past_end", c_data_past },
	{ "data_offset_wraps", c_data_wrap },
	{ "data_in_header", c_data_in_hdr },
	{ "data_empty", c_data_zero },
	{ "ppi_past_end", c_ppi_past },
	{ "ppi_offset_wraps", c_ppi_wrap },
	{ "ppi_unaligned", c_ppi_unaligned },
	{ "ppi_short", c_ppi_short },
	{ "ppi_size_zero", c_ppi_size_zero },
	{ "ppi_size_big", c_ppi_size_big },
	{ "ppi_data_past", c_ppi_off_past },
	{ "ppi_data_in_hdr", c_ppi_off_in_hdr },
};

static void corrupt_desc(const struct corrupt_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(corrupt, corrupt_cases, corrupt_desc);

static void parse_refuses(struct kunit *test)
{
	const struct corrupt_case *c = test->param_value;
	u8 *buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct hvg2_net_rx_info info;
	u32 hlen, range;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hlen = make_packet(buf, 60, true, false);
	range = hlen + 60;
	/* sound before the corruption, so the case tests only it */
	KUNIT_ASSERT_EQ(test, hvg2_net_parse_rndis_packet(buf, range, &info), 0);
	c->corrupt(buf, &range);
	KUNIT_EXPECT_EQ(test, hvg2_net_parse_rndis_packet(buf, range, &info), -EINVAL);
}

static void parse_unaligned(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct hvg2_net_rx_info info;
	u32 hlen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hlen = make_packet(buf + 2, 60, false, false);
	KUNIT_EXPECT_EQ(test, hvg2_net_parse_rndis_packet(buf + 2, hlen + 60, &info),
			-EINVAL);
}

/* ---- vf ---- */

static struct hvg2_net *vf_dev(struct kunit *test, u32 ver)
{
	struct hvg2_net *nd = kunit_kzalloc(test, sizeof(*nd), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, nd);
	nd->nvsp_ver = ver;
	return nd;
}

static void vf_assoc_records(struct kunit *test)
{
	struct hvg2_net *nd = vf_dev(test, HVG2_NVSP_VER_5);
	struct hvg2_nvsp_msg m = {
		.type = HVG2_NVSP_MSG4_SEND_VF_ASSOCIATION,
		.vf_assoc.allocated = 1,
		.vf_assoc.serial = 7,
	};

	KUNIT_EXPECT_EQ(test, hvg2_net_vf_assoc(nd, &m, sizeof(m)), 0);
	KUNIT_EXPECT_TRUE(test, nd->vf_allocated);
	KUNIT_EXPECT_EQ(test, nd->vf_serial, 7u);
	m.vf_assoc.allocated = 0;
	KUNIT_EXPECT_EQ(test, hvg2_net_vf_assoc(nd, &m, sizeof(m)), 0);
	KUNIT_EXPECT_FALSE(test, nd->vf_allocated);
	KUNIT_EXPECT_EQ(test, nd->vf_serial, 0u);
}

static void vf_assoc_refuses(struct kunit *test)
{
	struct hvg2_net *nd = vf_dev(test, HVG2_NVSP_VER_5);
	struct hvg2_nvsp_msg m = {
		.type = HVG2_NVSP_MSG4_SEND_VF_ASSOCIATION,
		.vf_assoc.allocated = 1,
		.vf_assoc.serial = 7,
	};

	/* the serial does not fit: refused, nothing recorded */
	KUNIT_EXPECT_EQ(test, hvg2_net_vf_assoc(nd, &m, 8), -EINVAL);
	KUNIT_EXPECT_FALSE(test, nd->vf_allocated);
	/* before NVSP 4 there is no such message */
	nd->nvsp_ver = HVG2_NVSP_VER_2;
	KUNIT_EXPECT_EQ(test, hvg2_net_vf_assoc(nd, &m, sizeof(m)), -EINVAL);
	KUNIT_EXPECT_FALSE(test, nd->vf_allocated);
}

static void vf_switch_message(struct kunit *test)
{
	struct hvg2_nvsp_msg m;

	memset(&m, 0xff, sizeof(m));
	hvg2_net_build_switch_datapath(&m, true);
	KUNIT_EXPECT_EQ(test, m.type, HVG2_NVSP_MSG4_SWITCH_DATA_PATH);
	KUNIT_EXPECT_EQ(test, m.switch_datapath.active_datapath,
			HVG2_NVSP_DATAPATH_VF);
	KUNIT_EXPECT_EQ(test, m.pad[sizeof(m.pad) - 1], 0);
	hvg2_net_build_switch_datapath(&m, false);
	KUNIT_EXPECT_EQ(test, m.switch_datapath.active_datapath,
			HVG2_NVSP_DATAPATH_SYNTHETIC);
}

static void vf_switch_needs_vf(struct kunit *test)
{
	struct hvg2_net *nd = vf_dev(test, HVG2_NVSP_VER_5);

	/* refused before anything is sent: no channel is needed */
	KUNIT_EXPECT_EQ(test, hvg2_net_switch_datapath(nd, true), -ENODEV);
	nd->nvsp_ver = HVG2_NVSP_VER_2;
	nd->vf_allocated = true;
	KUNIT_EXPECT_EQ(test, hvg2_net_switch_datapath(nd, true), -ENODEV);
}

/* ---- the host's send indirection table ---- */

struct send_table_msg {
	struct hvg2_nvsp_msg m;
	u32 tab[HVG2_NVSP_SEND_TABLE_SIZE];
} __packed;

static void send_table_fill(struct send_table_msg *t, u32 nq)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->m.type = HVG2_NVSP_MSG5_SEND_INDIRECTION_TABLE;
	t->m.send_table.count = HVG2_NVSP_SEND_TABLE_SIZE;
	t->m.send_table.offset = sizeof(t->m);
	for (i = 0; i < HVG2_NVSP_SEND_TABLE_SIZE; i++)
		t->tab[i] = i % nq;
}

static void send_table_records(struct kunit *test)
{
	struct hvg2_net *nd = vf_dev(test, HVG2_NVSP_VER_5);
	struct send_table_msg t;

	send_table_fill(&t, 2);
	hvg2_net_send_table(nd, &t, sizeof(t));
	KUNIT_EXPECT_TRUE(test, nd->send_table_ok);
	KUNIT_EXPECT_EQ(test, nd->send_table[0], 0);
	KUNIT_EXPECT_EQ(test, nd->send_table[1], 1);
	KUNIT_EXPECT_EQ(test, nd->send_table[15], 1);
	KUNIT_EXPECT_EQ(test, nd->bad_host, 0);
}

static void send_table_refuses(struct kunit *test)
{
	struct hvg2_net *nd = vf_dev(test, HVG2_NVSP_VER_5);
	struct send_table_msg t;

	/* an entry naming a queue we can never have */
	send_table_fill(&t, 2);
	t.tab[5] = HVG2_NET_MAX_QUEUES;
	hvg2_net_send_table(nd, &t, sizeof(t));
	KUNIT_EXPECT_FALSE(test, nd->send_table_ok);
	/* a table cut short by the packet */
	send_table_fill(&t, 2);
	hvg2_net_send_table(nd, &t, sizeof(t) - 4);
	KUNIT_EXPECT_FALSE(test, nd->send_table_ok);
	/* a count other than the protocol's */
	t.m.send_table.count = HVG2_NVSP_SEND_TABLE_SIZE + 1;
	hvg2_net_send_table(nd, &t, sizeof(t));
	KUNIT_EXPECT_FALSE(test, nd->send_table_ok);
	KUNIT_EXPECT_EQ(test, nd->bad_host, 3);
	/* a bad table leaves a good one in place */
	send_table_fill(&t, 2);
	hvg2_net_send_table(nd, &t, sizeof(t));
	t.tab[0] = 0xffffffff;
	hvg2_net_send_table(nd, &t, sizeof(t));
	KUNIT_EXPECT_TRUE(test, nd->send_table_ok);
	KUNIT_EXPECT_EQ(test, nd->send_table[1], 1);
}

/* ---- USO ---- */

/* A GSO skb as the stack hands it: Ethernet, IPv4/6, L4 header, payload. */
static struct sk_buff *gso_skb(bool v6, u16 mss, unsigned int gso_type)
{
	u32 nhl = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	struct sk_buff *skb = alloc_skb(512, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_put_zero(skb, ETH_HLEN + nhl + sizeof(struct udphdr) + 200);
	skb->protocol = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + nhl);
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = gso_type;
	return skb;
}

/* The per-packet info tx gives such a skb; false if none was made. */
static bool gso_ppi(bool v6, u16 mss, unsigned int type,
		    struct hvg2_net_tx_ppi *ppi)
{
	struct sk_buff *skb = gso_skb(v6, mss, type);

	if (!skb)
		return false;
	hvg2_net_tx_ppi(skb, ppi);
	kfree_skb(skb);
	return true;
}

static void uso_ppi_encoding(struct kunit *test)
{
	struct hvg2_net_tx_ppi ppi;

	KUNIT_ASSERT_TRUE(test, gso_ppi(false, 1400, SKB_GSO_UDP_L4, &ppi));
	KUNIT_EXPECT_TRUE(test, ppi.has_uso);
	KUNIT_EXPECT_FALSE(test, ppi.has_lso);
	KUNIT_EXPECT_FALSE(test, ppi.has_csum);
	KUNIT_EXPECT_EQ(test, ppi.uso & HVG2_USO_MSS_MASK, 1400u);
	KUNIT_EXPECT_EQ(test, (ppi.uso >> HVG2_USO_L4_OFF_SHIFT) &
			HVG2_USO_L4_OFF_MASK, 34u);
	KUNIT_EXPECT_EQ(test, ppi.uso & (HVG2_USO_IPV6 | HVG2_USO_RESERVED), 0u);

	KUNIT_ASSERT_TRUE(test, gso_ppi(true, 1200, SKB_GSO_UDP_L4, &ppi));
	KUNIT_EXPECT_TRUE(test, ppi.has_uso);
	KUNIT_EXPECT_EQ(test, ppi.uso, 1200u | (54u << HVG2_USO_L4_OFF_SHIFT) |
			HVG2_USO_IPV6);

	/* TCP segmentation stays LSO v2 */
	KUNIT_ASSERT_TRUE(test, gso_ppi(false, 1448, SKB_GSO_TCPV4, &ppi));
	KUNIT_EXPECT_FALSE(test, ppi.has_uso);
	KUNIT_EXPECT_TRUE(test, ppi.has_lso);
}

static void uso_ppi_in_packet(struct kunit *test)
{
	struct hvg2_net_tx_ppi ppi = { .has_uso = true, .uso = 0x80422578 };
	u8 *buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct hvg2_rndis_ppi *e;
	u32 hlen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hlen = hvg2_net_build_rndis_packet(buf, HVG2_NET_TX_HDR_MAX, 3000, &ppi);
	KUNIT_EXPECT_EQ(test, hlen, 64u);	/* 8 + 36 + 16, aligned to 8 */
	KUNIT_EXPECT_EQ(test, pkt_of(buf)->ppi_len, 16u);
	e = (void *)(buf + 8 + pkt_of(buf)->ppi_offset);
	KUNIT_EXPECT_EQ(test, e->type, (u32)HVG2_RNDIS_PPI_USO);
	KUNIT_EXPECT_EQ(test, e->size, 16u);
	KUNIT_EXPECT_EQ(test, *(u32 *)((u8 *)e + e->offset), 0x80422578u);
}

/* the capabilities a USO host answers (revision 4, extension block) */
static void uso_caps_fill(struct hvg2_ndis_offload_caps_uso *c)
{
	memset(c, 0, sizeof(*c));
	c->base.hdr.type = HVG2_NDIS_OBJ_OFFLOAD;
	c->base.hdr.rev = HVG2_NDIS_OFFLOAD_CAPS_REV_USO;
	c->base.hdr.size = sizeof(*c);
	c->uso.signature = HVG2_NDIS_USO_SIGNATURE;
	c->uso.ip4_encap = HVG2_NDIS_ENCAP_8023;
	c->uso.ip4_max_size = 60000;
	c->uso.ip4_min_segs = 2;
	c->uso.ip4_sub_mss_final = 1;
	c->uso.ip6_encap = HVG2_NDIS_ENCAP_8023;
	c->uso.ip6_max_size = 50000;
	c->uso.ip6_min_segs = 2;
	c->uso.ip6_sub_mss_final = 1;
}

/* the object header as one u32: type, revision, size */
#define USO_HDR(type, rev, size)	((type) | (rev) << 8 | (size) << 16)
#define USO_OFF(f)	offsetof(struct hvg2_ndis_offload_caps_uso, f)
#define USO_LEN		((u32)sizeof(struct hvg2_ndis_offload_caps_uso))

/* one thing wrong: the u32 at @off set to @val, the answer @len long */
static const struct uso_bad {
	u32 off;
	u32 val;
	u32 len;
} uso_bad[] = {
	{ 0, USO_HDR(HVG2_NDIS_OBJ_OFFLOAD, 3, USO_LEN), USO_LEN },
	{ 0, USO_HDR(HVG2_NDIS_OBJ_OFFLOAD, 4, USO_LEN + 4), USO_LEN },
	{ 0, USO_HDR(HVG2_NDIS_OBJ_OFFLOAD, 4, 156), USO_LEN },
	{ 0, USO_HDR(HVG2_NDIS_OBJ_DEFAULT, 4, USO_LEN), USO_LEN },
	{ 0, USO_HDR(HVG2_NDIS_OBJ_OFFLOAD, 4, USO_LEN), 156 },	/* rev 3 size */
	{ 0, USO_HDR(HVG2_NDIS_OBJ_OFFLOAD, 4, USO_LEN), 0 },
	{ USO_OFF(uso.signature), HVG2_NDIS_USO_SIGNATURE ^ 1, USO_LEN },
	{ USO_OFF(uso.ip6_encap), 1, USO_LEN },
	{ USO_OFF(uso.ip4_sub_mss_final), 2, USO_LEN },
	{ USO_OFF(uso.ip6_min_segs), 3, USO_LEN },
	{ USO_OFF(uso.ip4_max_size), HVG2_NET_USO_MIN - 1, USO_LEN },
};

static void uso_caps_parse(struct kunit *test)
{
	struct hvg2_ndis_offload_caps_uso c;
	const u32 len = sizeof(c);
	unsigned int i;

	uso_caps_fill(&c);
	/* the smaller family's limit */
	KUNIT_EXPECT_EQ(test, hvg2_net_parse_uso_caps(&c, len), 50000u);
	c.uso.ip6_max_size = 0x100000;
	c.uso.ip4_max_size = 0x100000;
	KUNIT_EXPECT_EQ(test, hvg2_net_parse_uso_caps(&c, len),
			(u32)HVG2_NET_LSO_MAX);

	/* one thing wrong at a time: no USO */
	for (i = 0; i < ARRAY_SIZE(uso_bad); i++) {
		uso_caps_fill(&c);
		memcpy((u8 *)&c + uso_bad[i].off, &uso_bad[i].val, sizeof(u32));
		KUNIT_EXPECT_EQ_MSG(test,
				    hvg2_net_parse_uso_caps(&c, uso_bad[i].len),
				    0u, "case %u", i);
	}
}

/* ---- wire ---- */

static void wire_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_nvsp_msg), 40);
	KUNIT_EXPECT_EQ(test, HVG2_NVSP_MSG_MIN(rndis_pkt), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_xfer_pkt_hdr), 24);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_rndis_packet), 36);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_rndis_ppi), 12);
	/* the largest header we build fits the room tx reserves */
	KUNIT_EXPECT_LE(test, ALIGN(8 + 36 + 2 * 16, 8), HVG2_NET_TX_HDR_MAX);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_ndis_offload_params_uso), 36);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_ndis_offload_caps_uso), 192);
}

/* ---- rsc: chains of fragments, joined or refused ---- */

#define SA	HVG2_RNDIS_PKT_ID_SUBALLOC
#define FIRST	(SA | HVG2_RNDIS_PKT_ID_FIRST)
#define LAST	(SA | HVG2_RNDIS_PKT_ID_LAST)

/* the PKT_ID info (flags in its second byte) reaches rsc_flags */
static void rsc_parse_pkt_id(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct hvg2_net_rx_info info;
	struct hvg2_rndis_ppi *ppi;
	u32 hlen;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hlen = make_packet(buf, 60, true, false);
	ppi = (void *)(buf + 8 + pkt_of(buf)->ppi_offset);
	ppi->type = HVG2_RNDIS_PPI_PKT_ID;
	*(u32 *)((u8 *)ppi + ppi->offset) = 1 | (FIRST | LAST) << 8 | 0x77 << 16;
	KUNIT_ASSERT_EQ(test, hvg2_net_parse_rndis_packet(buf, hlen + 60, &info), 0);
	KUNIT_EXPECT_EQ(test, info.rsc_flags, (u32)(FIRST | LAST));
	/* without it: no flags, a frame of its own */
	hlen = make_packet(buf, 60, true, false);
	KUNIT_ASSERT_EQ(test, hvg2_net_parse_rndis_packet(buf, hlen + 60, &info), 0);
	KUNIT_EXPECT_EQ(test, info.rsc_flags, 0u);
}

static void rsc_chain_joins(struct kunit *test)
{
	struct hvg2_net_rsc_state st = { };

	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, 0, 60, false), HVG2_RSC_FRAME);
	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, FIRST, 1600, false), HVG2_RSC_MORE);
	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, SA, 1600, false), HVG2_RSC_MORE);
	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, LAST, 100, false), HVG2_RSC_DONE);
	KUNIT_EXPECT_EQ(test, st.frags, 3u);
	KUNIT_EXPECT_EQ(test, st.len, 3300u);
	KUNIT_EXPECT_FALSE(test, st.open);
	/* a one-fragment chain, then the next chain starts afresh */
	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, FIRST | LAST, 60, false), HVG2_RSC_DONE);
	KUNIT_EXPECT_EQ(test, st.frags, 1u);
	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, FIRST, 10, false), HVG2_RSC_MORE);
	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, LAST, 10, true), HVG2_RSC_DONE);
	KUNIT_EXPECT_EQ(test, st.len, 20u);
}

/* a chain of @n steps; the last step's result must be @want */
struct rsc_bad_case {
	const char *name;
	u32 n;
	u32 flags[3];
	u32 len[3];
	bool last[3];
};

static const struct rsc_bad_case rsc_bad_cases[] = {
	{ "middle without first", 1, { SA }, { 10 }, { false } },
	{ "last without first", 1, { LAST }, { 10 }, { true } },
	{ "first inside a chain", 2, { FIRST, FIRST }, { 10, 10 }, { false, false } },
	{ "packet ends before last", 2, { FIRST, SA }, { 10, 10 }, { false, true } },
	{ "first alone at the end", 1, { FIRST }, { 10 }, { true } },
	{ "plain frame inside a chain", 2, { FIRST, 0 }, { 10, 60 }, { false, false } },
	{ "longer than a packet", 2, { FIRST, LAST }, { 60000, 10000 }, { false, true } },
	{ "one fragment too long", 1, { FIRST | LAST }, { HVG2_NET_RSC_MAX_LEN + 1 }, { true } },
};

static void rsc_bad_desc(const struct rsc_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rsc_bad, rsc_bad_cases, rsc_bad_desc);

static void rsc_chain_refused(struct kunit *test)
{
	const struct rsc_bad_case *c = test->param_value;
	struct hvg2_net_rsc_state st = { };
	u32 i;
	int r = HVG2_RSC_MORE;

	for (i = 0; i < c->n; i++)
		r = hvg2_net_rsc_step(&st, c->flags[i], c->len[i], c->last[i]);
	KUNIT_EXPECT_EQ(test, r, HVG2_RSC_BAD);
	KUNIT_EXPECT_FALSE(test, st.open);
}

/* more fragments than a chain may have */
static void rsc_chain_too_many(struct kunit *test)
{
	struct hvg2_net_rsc_state st = { };
	u32 i;

	KUNIT_ASSERT_EQ(test, hvg2_net_rsc_step(&st, FIRST, 1, false), HVG2_RSC_MORE);
	for (i = 1; i < HVG2_NET_RSC_MAX_FRAGS; i++)
		KUNIT_ASSERT_EQ(test, hvg2_net_rsc_step(&st, SA, 1, false), HVG2_RSC_MORE);
	KUNIT_EXPECT_EQ(test, hvg2_net_rsc_step(&st, LAST, 1, true), HVG2_RSC_BAD);
}

#undef SA
#undef FIRST
#undef LAST

static struct kunit_case hvg2_net_cases[] = {
	KUNIT_CASE(build_layout),
	KUNIT_CASE(build_no_room),
	KUNIT_CASE(parse_roundtrip),
	KUNIT_CASE(parse_ppi_types),
	KUNIT_CASE_PARAM(parse_refuses, corrupt_gen_params),
	KUNIT_CASE(parse_unaligned),
	KUNIT_CASE(uso_ppi_encoding),
	KUNIT_CASE(uso_ppi_in_packet),
	KUNIT_CASE(uso_caps_parse),
	KUNIT_CASE(vf_assoc_records),
	KUNIT_CASE(send_table_records),
	KUNIT_CASE(send_table_refuses),
	KUNIT_CASE(vf_assoc_refuses),
	KUNIT_CASE(vf_switch_message),
	KUNIT_CASE(vf_switch_needs_vf),
	KUNIT_CASE(wire_sizes),
	KUNIT_CASE(rsc_parse_pkt_id),
	KUNIT_CASE(rsc_chain_joins),
	KUNIT_CASE_PARAM(rsc_chain_refused, rsc_bad_gen_params),
	KUNIT_CASE(rsc_chain_too_many),
	{}
};

static struct kunit_suite hvg2_net_suite = {
	.name = "hvg2_net",
	.test_cases = hvg2_net_cases,
};

kunit_test_suite(hvg2_net_suite);

MODULE_DESCRIPTION("KUnit tests for the hvgen2 synthetic NIC");
MODULE_LICENSE("GPL");
HVG2_KUNIT_IMPORT_NS();
