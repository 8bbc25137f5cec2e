/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remote NDIS as a Hyper-V synthetic NIC carries it inside NVSP
 * SEND_RNDIS_PKT messages (protocol facts). Both ends use this header: the
 * guest driver (hvg2_net) and the simulated host's vSwitch port (hvg2_sim).
 * Little-endian native integers; sizes asserted at the bottom.
 *
 * Every RNDIS message starts with struct hvg2_rndis_hdr (type, total
 * length). The offsets inside a message's body are counted from the start
 * of the body (just after the 8-byte header), except where noted:
 *   - QUERY/SET info_buf_offset, QUERY_C info_buf_offset,
 *     INDICATE_STATUS status_buf_offset: from the body;
 *   - PACKET data_offset and ppi_offset: from the PACKET body;
 *   - a per-packet-info element's data offset: from that element.
 * Control requests carry a req_id the completion echoes; the guest sends
 * them with channel type CONTROL, data packets with channel type DATA.
 */
#ifndef _HVG2_RNDIS_WIRE_H
#define _HVG2_RNDIS_WIRE_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* ---- message types ---- */

#define HVG2_RNDIS_MSG_COMPLETION	0x80000000
#define HVG2_RNDIS_MSG_PACKET		0x00000001
#define HVG2_RNDIS_MSG_INIT		0x00000002
#define HVG2_RNDIS_MSG_HALT		0x00000003
#define HVG2_RNDIS_MSG_QUERY		0x00000004
#define HVG2_RNDIS_MSG_SET		0x00000005
#define HVG2_RNDIS_MSG_RESET		0x00000006
#define HVG2_RNDIS_MSG_INDICATE		0x00000007
#define HVG2_RNDIS_MSG_KEEPALIVE	0x00000008
#define HVG2_RNDIS_MSG_INIT_C		(HVG2_RNDIS_MSG_INIT | HVG2_RNDIS_MSG_COMPLETION)
#define HVG2_RNDIS_MSG_QUERY_C		(HVG2_RNDIS_MSG_QUERY | HVG2_RNDIS_MSG_COMPLETION)
#define HVG2_RNDIS_MSG_SET_C		(HVG2_RNDIS_MSG_SET | HVG2_RNDIS_MSG_COMPLETION)
#define HVG2_RNDIS_MSG_RESET_C		(HVG2_RNDIS_MSG_RESET | HVG2_RNDIS_MSG_COMPLETION)
#define HVG2_RNDIS_MSG_KEEPALIVE_C	(HVG2_RNDIS_MSG_KEEPALIVE | HVG2_RNDIS_MSG_COMPLETION)

/* INIT's version, INIT_C's flags and medium */
#define HVG2_RNDIS_MAJOR_VER		1
#define HVG2_RNDIS_MINOR_VER		0
#define HVG2_RNDIS_DF_CONNECTIONLESS	0x00000001
#define HVG2_RNDIS_MEDIUM_802_3		0x00000000

/* ---- status codes (completions and INDICATE_STATUS) ---- */

#define HVG2_RNDIS_STATUS_SUCCESS		0x00000000
#define HVG2_RNDIS_STATUS_PENDING		0x00000103
#define HVG2_RNDIS_STATUS_MEDIA_CONNECT		0x4001000b
#define HVG2_RNDIS_STATUS_MEDIA_DISCONNECT	0x4001000c
#define HVG2_RNDIS_STATUS_LINK_SPEED_CHANGE	0x40010013
#define HVG2_RNDIS_STATUS_NETWORK_CHANGE	0x40010018
#define HVG2_RNDIS_STATUS_BUFFER_OVERFLOW	0x80000005
#define HVG2_RNDIS_STATUS_FAILURE		0xc0000001
#define HVG2_RNDIS_STATUS_RESOURCES		0xc000009a
#define HVG2_RNDIS_STATUS_NOT_SUPPORTED		0xc00000bb
#define HVG2_RNDIS_STATUS_INVALID_PACKET	0xc001000f
#define HVG2_RNDIS_STATUS_INVALID_LENGTH	0xc0010014
#define HVG2_RNDIS_STATUS_INVALID_DATA		0xc0010015
#define HVG2_RNDIS_STATUS_BUFFER_TOO_SHORT	0xc0010016
#define HVG2_RNDIS_STATUS_INVALID_OID		0xc0010017

/* MEDIA_CONNECT_STATUS values */
#define HVG2_RNDIS_MEDIA_CONNECTED	0
#define HVG2_RNDIS_MEDIA_DISCONNECTED	1

/* CURRENT_PACKET_FILTER bits */
#define HVG2_RNDIS_FILTER_DIRECTED	0x00000001
#define HVG2_RNDIS_FILTER_MULTICAST	0x00000002
#define HVG2_RNDIS_FILTER_ALL_MULTICAST	0x00000004
#define HVG2_RNDIS_FILTER_BROADCAST	0x00000008
#define HVG2_RNDIS_FILTER_PROMISCUOUS	0x00000020

/* ---- OIDs ---- */

#define HVG2_OID_GEN_SUPPORTED_LIST		0x00010101
#define HVG2_OID_GEN_MAXIMUM_FRAME_SIZE		0x00010106	/* the MTU */
#define HVG2_OID_GEN_LINK_SPEED			0x00010107	/* 100 bit/s units */
#define HVG2_OID_GEN_CURRENT_PACKET_FILTER	0x0001010e
#define HVG2_OID_GEN_MAXIMUM_TOTAL_SIZE		0x00010111
#define HVG2_OID_GEN_MEDIA_CONNECT_STATUS	0x00010114
#define HVG2_OID_GEN_PHYSICAL_MEDIUM		0x00010202
#define HVG2_OID_GEN_RSS_CAPABILITIES		0x00010203	/* query */
#define HVG2_OID_GEN_RSS_PARAMETERS		0x00010204	/* query, set */
#define HVG2_OID_GEN_RNDIS_CONFIG_PARAMETER	0x0001021b	/* set */
#define HVG2_OID_GEN_FRIENDLY_NAME		0x00020216
#define HVG2_OID_802_3_PERMANENT_ADDRESS	0x01010101	/* the MAC */
#define HVG2_OID_802_3_CURRENT_ADDRESS		0x01010102
#define HVG2_OID_802_3_MULTICAST_LIST		0x01010103
#define HVG2_OID_802_3_MAXIMUM_LIST_SIZE	0x01010104
#define HVG2_OID_OFFLOAD_ENCAPSULATION		0x0101010a	/* query, set */
#define HVG2_OID_TCP_OFFLOAD_CURRENT_CONFIG	0xfc01020b	/* query */
#define HVG2_OID_TCP_OFFLOAD_PARAMETERS		0xfc01020c	/* set */
#define HVG2_OID_TCP_OFFLOAD_HW_CAPS		0xfc01020d	/* query */

/* ---- the message header and control bodies ---- */

/**
 * struct hvg2_rndis_hdr - starts every RNDIS message
 * @type: HVG2_RNDIS_MSG_*
 * @len: bytes of the whole message, this header included
 */
struct hvg2_rndis_hdr {
	u32 type;
	u32 len;
} __packed;

struct hvg2_rndis_init_req {
	u32 req_id;
	u32 major_ver;
	u32 minor_ver;
	u32 max_xfer_size;
} __packed;

/*
 * INIT_C: the device's limits. @max_pkt_per_msg and @pkt_align say how
 * many PACKET messages a guest may chain in one send-buffer section and
 * how each is aligned.
 */
struct hvg2_rndis_init_complete {
	u32 req_id;
	u32 status;
	u32 major_ver;
	u32 minor_ver;
	u32 dev_flags;
	u32 medium;
	u32 max_pkt_per_msg;
	u32 max_xfer_size;
	u32 pkt_align_shift;	/* alignment is 1 << this */
	u32 af_list_offset;
	u32 af_list_size;
} __packed;

struct hvg2_rndis_halt_req {
	u32 req_id;
} __packed;

/* QUERY and SET: the info buffer follows at @info_offset from the body */
struct hvg2_rndis_oid_req {
	u32 req_id;
	u32 oid;
	u32 info_len;
	u32 info_offset;
	u32 vc_handle;
} __packed;

struct hvg2_rndis_query_complete {
	u32 req_id;
	u32 status;
	u32 info_len;
	u32 info_offset;
} __packed;

struct hvg2_rndis_set_complete {
	u32 req_id;
	u32 status;
} __packed;

struct hvg2_rndis_reset_req {
	u32 reserved;
} __packed;

struct hvg2_rndis_reset_complete {
	u32 status;
	u32 addressing_reset;
} __packed;

/* INDICATE_STATUS (host): a status, with an optional buffer */
struct hvg2_rndis_indicate {
	u32 status;
	u32 buf_len;
	u32 buf_offset;
} __packed;

struct hvg2_rndis_keepalive_req {
	u32 req_id;
} __packed;

struct hvg2_rndis_keepalive_complete {
	u32 req_id;
	u32 status;
} __packed;

/* RNDIS_CONFIG_PARAMETER's info buffer (a named UTF-16 parameter) */
struct hvg2_rndis_config_param {
	u32 name_offset;
	u32 name_len;
	u32 type;		/* 0 integer, 2 string */
	u32 value_offset;
	u32 value_len;
} __packed;

/* ---- data: PACKET and its per-packet info ---- */

/**
 * struct hvg2_rndis_packet - the body of a PACKET message
 * @data_offset: the Ethernet frame, from the start of this body
 * @data_len: its length
 * @oob_offset: out-of-band data (unused by NVSP)
 * @oob_len: its length
 * @oob_count: its elements
 * @ppi_offset: the per-packet-info elements, from the start of this body
 * @ppi_len: their total length
 * @vc_handle: zero
 * @reserved: zero
 */
struct hvg2_rndis_packet {
	u32 data_offset;
	u32 data_len;
	u32 oob_offset;
	u32 oob_len;
	u32 oob_count;
	u32 ppi_offset;
	u32 ppi_len;
	u32 vc_handle;
	u32 reserved;
} __packed;

/**
 * struct hvg2_rndis_ppi - one per-packet-info element
 * @size: bytes of the element, this header included
 * @type: HVG2_RNDIS_PPI_*, with HVG2_RNDIS_PPI_INTERNAL for the internal
 *	types
 * @offset: the element's data, from the start of this element
 */
struct hvg2_rndis_ppi {
	u32 size;
	u32 type;
	u32 offset;
} __packed;

#define HVG2_RNDIS_PPI_CSUM		0	/* u32 HVG2_CSUM_* */
#define HVG2_RNDIS_PPI_IPSEC		1
#define HVG2_RNDIS_PPI_LSO		2	/* u32 HVG2_LSO_* */
#define HVG2_RNDIS_PPI_CLASSIFY		3
#define HVG2_RNDIS_PPI_SG_LIST		5
#define HVG2_RNDIS_PPI_VLAN		6	/* u32 HVG2_VLAN_* */
#define HVG2_RNDIS_PPI_ORIGINAL		7
#define HVG2_RNDIS_PPI_HASH		8	/* u32 the receive hash */
#define HVG2_RNDIS_PPI_PAD		11
/* internal types: bit 31 of type set */
#define HVG2_RNDIS_PPI_INTERNAL		BIT(31)
#define HVG2_RNDIS_PPI_PKT_ID		(HVG2_RNDIS_PPI_INTERNAL | 1)

/* PKT_ID data (receive-side coalescing: one frame in several messages) */
struct hvg2_rndis_pkt_id {
	u8 ver;			/* 1 */
	u8 flags;		/* HVG2_RNDIS_PKT_ID_* */
	u16 pkt_id;
} __packed;

#define HVG2_RNDIS_PKT_ID_SUBALLOC	BIT(0)
#define HVG2_RNDIS_PKT_ID_FIRST		BIT(1)
#define HVG2_RNDIS_PKT_ID_LAST		BIT(2)

/* CSUM on transmit (guest asks the host to fill checksums) */
#define HVG2_CSUM_TX_IPV4		BIT(0)
#define HVG2_CSUM_TX_IPV6		BIT(1)
#define HVG2_CSUM_TX_TCP		BIT(2)
#define HVG2_CSUM_TX_UDP		BIT(3)
#define HVG2_CSUM_TX_IP_HDR		BIT(4)
#define HVG2_CSUM_TX_L4_OFF_SHIFT	16	/* 10 bits: L4 header offset */
#define HVG2_CSUM_TX_L4_OFF_MASK	0x3ff
/* CSUM on receive (host reports what it verified) */
#define HVG2_CSUM_RX_TCP_FAILED		BIT(0)
#define HVG2_CSUM_RX_UDP_FAILED		BIT(1)
#define HVG2_CSUM_RX_IP_FAILED		BIT(2)
#define HVG2_CSUM_RX_TCP_OK		BIT(3)
#define HVG2_CSUM_RX_UDP_OK		BIT(4)
#define HVG2_CSUM_RX_IP_OK		BIT(5)
#define HVG2_CSUM_RX_LOOPBACK		BIT(6)

/* LSO (large-send v2) on transmit */
#define HVG2_LSO_MSS_MASK		0xfffff		/* bits 0..19 */
#define HVG2_LSO_L4_OFF_SHIFT		20		/* 10 bits: TCP header offset */
#define HVG2_LSO_L4_OFF_MASK		0x3ff
#define HVG2_LSO_TYPE_V2		BIT(30)
#define HVG2_LSO_IPV6			BIT(31)

/*
 * UDP segmentation offload (USO) on transmit: an hvgen2 extension, not
 * Hyper-V's (no Hyper-V host offers USO today; hv_netvsc has none). The
 * PPI's type is ours, chosen outside NDIS's and Hyper-V's ranges ("H2",
 * 1); its u32 value has the layout of NDIS 6.83's
 * NDIS_UDP_SEGMENTATION_OFFLOAD_NET_BUFFER_LIST_INFO (that of LSO v2):
 * MSS bits 0..19, UDP header offset bits 20..29, bit 30 reserved (0),
 * bit 31 IPv6. The frame's headers are those of the whole datagram, as
 * Linux builds a UDP GSO skb: IP and UDP lengths over everything, the
 * UDP checksum seeded with the pseudo header of that length; the host
 * rewrites them for each segment. A guest sends it only to a host that
 * advertised USO (struct hvg2_ndis_uso_caps) and accepted its enabling.
 */
#define HVG2_RNDIS_PPI_USO		0x48320001
#define HVG2_USO_MSS_MASK		0xfffff		/* bits 0..19 */
#define HVG2_USO_L4_OFF_SHIFT		20		/* 10 bits: UDP header offset */
#define HVG2_USO_L4_OFF_MASK		0x3ff
#define HVG2_USO_RESERVED		BIT(30)
#define HVG2_USO_IPV6			BIT(31)

/* VLAN */
#define HVG2_VLAN_PRIO_MASK		0x7		/* bits 0..2 */
#define HVG2_VLAN_ID_SHIFT		4		/* 12 bits */
#define HVG2_VLAN_ID_MASK		0xfff

/* ---- NDIS objects in OID info buffers ---- */

#define HVG2_NDIS_OBJ_DEFAULT		0x80	/* offload parameters */
#define HVG2_NDIS_OBJ_RSS_CAPS		0x88
#define HVG2_NDIS_OBJ_RSS_PARAMS	0x89
#define HVG2_NDIS_OBJ_OFFLOAD		0xa7	/* hardware capabilities */
#define HVG2_NDIS_OBJ_OFFLOAD_ENCAP	0xa8

struct hvg2_ndis_obj_hdr {
	u8 type;
	u8 rev;
	u16 size;
} __packed;

/* TCP_OFFLOAD_PARAMETERS values (per field) */
#define HVG2_NDIS_OFFLOAD_NO_CHANGE	0
#define HVG2_NDIS_OFFLOAD_CSUM_OFF	1	/* tx and rx disabled */
#define HVG2_NDIS_OFFLOAD_CSUM_TX	2	/* tx only */
#define HVG2_NDIS_OFFLOAD_CSUM_RX	3	/* rx only */
#define HVG2_NDIS_OFFLOAD_CSUM_TX_RX	4
#define HVG2_NDIS_OFFLOAD_LSO_OFF	1
#define HVG2_NDIS_OFFLOAD_LSO_ON	2
#define HVG2_NDIS_OFFLOAD_RSC_OFF	1
#define HVG2_NDIS_OFFLOAD_RSC_ON	2

/*
 * TCP_OFFLOAD_PARAMETERS (SET, revision 3). Guests at NVSP 4 or older send
 * only the first HVG2_NDIS_OFFLOAD_PARAMS_SIZE_V4 bytes.
 */
struct hvg2_ndis_offload_params {
	struct hvg2_ndis_obj_hdr hdr;
	u8 ip4_csum;
	u8 tcp4_csum;
	u8 udp4_csum;
	u8 tcp6_csum;
	u8 udp6_csum;
	u8 lso_v1;
	u8 ipsec_v1;
	u8 lso_v2_ip4;
	u8 lso_v2_ip6;
	u8 tcp_conn_ip4;
	u8 tcp_conn_ip6;
	u8 pad0;
	u32 flags;
	u8 ipsec_v2;
	u8 ipsec_v2_ip4;
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 encap_task_offload;
	u8 encap_types;
	u8 pad1[2];
} __packed;

#define HVG2_NDIS_OFFLOAD_PARAMS_SIZE_V4	22

/*
 * USO (hvgen2 extension): a guest enables it by sending the parameters
 * with this block appended (revision HVG2_NDIS_OFFLOAD_PARAMS_REV_USO,
 * size sizeof(struct hvg2_ndis_offload_params_uso)); @uso_ip4/@uso_ip6
 * take HVG2_NDIS_OFFLOAD_USO_*. Only to a host that advertised USO.
 */
#define HVG2_NDIS_OFFLOAD_PARAMS_REV_USO	4
#define HVG2_NDIS_OFFLOAD_USO_OFF	1
#define HVG2_NDIS_OFFLOAD_USO_ON	2
/* "HVGU": marks our blocks, so a future NDIS layout is never misread */
#define HVG2_NDIS_USO_SIGNATURE		0x55475648

struct hvg2_ndis_offload_params_uso {
	struct hvg2_ndis_offload_params base;
	u32 signature;
	u8 uso_ip4;
	u8 uso_ip6;
	u8 pad[2];
} __packed;

/* TCP_OFFLOAD_HW_CAPS (QUERY): checksum part; CAP bits per direction */
struct hvg2_ndis_csum_caps {
	u32 ip4_tx_encap;
	u32 ip4_tx;
	u32 ip4_rx_encap;
	u32 ip4_rx;
	u32 ip6_tx_encap;
	u32 ip6_tx;
	u32 ip6_rx_encap;
	u32 ip6_rx;
} __packed;

#define HVG2_NDIS_ENCAP_8023		0x0002
#define HVG2_NDIS_CSUM_IP4_OPT		0x001	/* ip6: extension headers */
#define HVG2_NDIS_CSUM_TCP_OPT		0x004
#define HVG2_NDIS_CSUM_TCP		0x010
#define HVG2_NDIS_CSUM_UDP		0x040
#define HVG2_NDIS_CSUM_IP4		0x100
#define HVG2_NDIS_LSO_IP6_EXT		0x001
#define HVG2_NDIS_LSO_TCP6_OPT		0x004

struct hvg2_ndis_lso_v2_caps {
	u32 ip4_encap;
	u32 ip4_max_size;
	u32 ip4_min_segs;
	u32 ip6_encap;
	u32 ip6_max_size;
	u32 ip6_min_segs;
	u32 ip6_opts;
} __packed;

/*
 * TCP_OFFLOAD_HW_CAPS answer (object type OFFLOAD). Revision 1 (NDIS 6.0)
 * ends before @ipsec_v2, revision 2 (6.1) before @rsc_ip4, revision 3
 * (6.30) is the whole object. Parts no Linux guest uses are kept as
 * reserved bytes of the right size.
 */
struct hvg2_ndis_offload_caps {
	struct hvg2_ndis_obj_hdr hdr;
	struct hvg2_ndis_csum_caps csum;
	u32 lso_v1[4];
	u32 ipsec_v1[7];
	struct hvg2_ndis_lso_v2_caps lso_v2;
	u32 flags;
	u8 ipsec_v2[32];
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 pad[2];
	u32 encap_gre_flags;
	u32 encap_gre_max_hdr;
} __packed;

#define HVG2_NDIS_OFFLOAD_CAPS_SIZE_6_0	offsetof(struct hvg2_ndis_offload_caps, ipsec_v2)
#define HVG2_NDIS_OFFLOAD_CAPS_SIZE_6_1	offsetof(struct hvg2_ndis_offload_caps, rsc_ip4)

/*
 * USO capabilities (hvgen2 extension): a host that segments UDP answers
 * TCP_OFFLOAD_HW_CAPS with revision HVG2_NDIS_OFFLOAD_CAPS_REV_USO and this
 * block right after the revision-3 object (offset 156), its size covering
 * it. Guests that know nothing of it read the first 156 bytes as before.
 * The fields are NDIS 6.83's NDIS_UDP_SEGMENTATION_OFFLOAD per family:
 * encapsulation (must include HVG2_NDIS_ENCAP_8023), the largest datagram
 * the host segments, the fewest segments a send must have, and whether
 * the last segment may be shorter than the MSS (must be 1: Linux sends
 * that).
 */
#define HVG2_NDIS_OFFLOAD_CAPS_REV_USO	4

struct hvg2_ndis_uso_caps {
	u32 signature;		/* HVG2_NDIS_USO_SIGNATURE */
	u32 ip4_encap;
	u32 ip4_max_size;
	u32 ip4_min_segs;
	u32 ip4_sub_mss_final;
	u32 ip6_encap;
	u32 ip6_max_size;
	u32 ip6_min_segs;
	u32 ip6_sub_mss_final;
} __packed;

struct hvg2_ndis_offload_caps_uso {
	struct hvg2_ndis_offload_caps base;
	struct hvg2_ndis_uso_caps uso;
} __packed;

/* OFFLOAD_ENCAPSULATION (object type OFFLOAD_ENCAP, revision 1) */
struct hvg2_ndis_offload_encap {
	struct hvg2_ndis_obj_hdr hdr;
	u32 ip4_enabled;
	u32 ip4_encap_type;	/* HVG2_NDIS_ENCAP_* */
	u32 ip4_header_size;
	u32 ip6_enabled;
	u32 ip6_encap_type;
	u32 ip6_header_size;
} __packed;

/* RSS_CAPABILITIES answer (revision 2) */
struct hvg2_ndis_rss_caps {
	struct hvg2_ndis_obj_hdr hdr;
	u32 flags;
	u32 num_int_msg;
	u32 num_recv_queues;	/* the channels the host can spread over */
	u16 num_indirect_entries;
} __packed;

#define HVG2_NDIS_RSS_CAP_HASH_TCP4	0x00000100
#define HVG2_NDIS_RSS_CAP_HASH_TCP6	0x00000200

/* RSS_PARAMETERS flags */
#define HVG2_NDIS_RSS_BASE_CPU_UNCHANGED	0x0001
#define HVG2_NDIS_RSS_HASH_INFO_UNCHANGED	0x0002
#define HVG2_NDIS_RSS_ITABLE_UNCHANGED		0x0004
#define HVG2_NDIS_RSS_KEY_UNCHANGED		0x0008
#define HVG2_NDIS_RSS_DISABLE			0x0010

/* RSS_PARAMETERS hash_info */
#define HVG2_NDIS_HASH_TOEPLITZ		0x00000001
#define HVG2_NDIS_HASH_IPV4		0x00000100
#define HVG2_NDIS_HASH_TCP_IPV4		0x00000200
#define HVG2_NDIS_HASH_IPV6		0x00000400
#define HVG2_NDIS_HASH_IPV6_EX		0x00000800
#define HVG2_NDIS_HASH_TCP_IPV6		0x00001000
#define HVG2_NDIS_HASH_TCP_IPV6_EX	0x00002000

#define HVG2_NDIS_RSS_KEY_SIZE		40
#define HVG2_NDIS_RSS_ITAB_MAX		128	/* entries, u32 each */

/*
 * RSS_PARAMETERS (SET, revision 2): the indirection table (u32 channel
 * numbers, @itab_size bytes) and the Toeplitz key follow at offsets from
 * the start of this object.
 */
struct hvg2_ndis_rss_params {
	struct hvg2_ndis_obj_hdr hdr;
	u16 flags;
	u16 base_cpu;
	u32 hash_info;
	u16 itab_size;
	u16 pad0;
	u32 itab_offset;
	u16 key_size;
	u16 pad1;
	u32 key_offset;
	u32 cpu_masks_offset;
	u32 cpu_masks_count;
	u32 cpu_masks_entry_size;
} __packed;

/* the bytes a message of type @body must hold (header + body) */
#define HVG2_RNDIS_MSG_MIN(body)	(sizeof(struct hvg2_rndis_hdr) + sizeof(body))

static_assert(sizeof(struct hvg2_rndis_hdr) == 8);
static_assert(sizeof(struct hvg2_rndis_init_req) == 16);
static_assert(sizeof(struct hvg2_rndis_init_complete) == 44);
static_assert(sizeof(struct hvg2_rndis_oid_req) == 20);
static_assert(sizeof(struct hvg2_rndis_query_complete) == 16);
static_assert(sizeof(struct hvg2_rndis_indicate) == 12);
static_assert(sizeof(struct hvg2_rndis_config_param) == 20);
static_assert(sizeof(struct hvg2_rndis_packet) == 36);
static_assert(sizeof(struct hvg2_rndis_ppi) == 12);
static_assert(sizeof(struct hvg2_ndis_offload_params) == 28);
static_assert(offsetof(struct hvg2_ndis_offload_params, flags) == 16);
static_assert(offsetof(struct hvg2_ndis_offload_params, rsc_ip4) == 22);
static_assert(sizeof(struct hvg2_ndis_offload_caps) == 156);
static_assert(HVG2_NDIS_OFFLOAD_CAPS_SIZE_6_0 == 112);
static_assert(HVG2_NDIS_OFFLOAD_CAPS_SIZE_6_1 == 144);
static_assert(sizeof(struct hvg2_ndis_offload_encap) == 28);
static_assert(sizeof(struct hvg2_ndis_offload_params_uso) == 36);
static_assert(offsetof(struct hvg2_ndis_offload_caps_uso, uso) == 156);
static_assert(sizeof(struct hvg2_ndis_offload_caps_uso) == 192);
static_assert(sizeof(struct hvg2_ndis_rss_caps) == 18);
static_assert(sizeof(struct hvg2_ndis_rss_params) == 40);

#endif /* _HVG2_RNDIS_WIRE_H */
