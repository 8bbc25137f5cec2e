/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVSP, the Network Virtual Service Protocol a synthetic NIC speaks on its
 * VMBus channels, as fixed by Hyper-V (protocol facts). Both ends use this
 * header: the guest driver (hvg2_net) and the simulated host's vSwitch port
 * (hvg2_sim). All fields are little-endian native integers, __packed; the
 * sizes are asserted at the bottom.
 *
 * Every NVSP message is a u32 type followed by that type's body. The sender
 * pads each message to HVG2_NVSP_MSG_SIZE (a peer must accept a shorter one
 * that still holds its type's body). Most travel inband; two use other VMBus
 * packet forms:
 *   - guest -> host SEND_RNDIS_PKT: inband when the RNDIS message sits in a
 *     send-buffer section, GPA-direct when it is named by page ranges;
 *   - host -> guest SEND_RNDIS_PKT: a transfer-page packet whose ranges are
 *     byte ranges of the guest's receive buffer, one RNDIS message each.
 * Both are answered with a VMBus completion packet that carries
 * SEND_RNDIS_PKT_COMPLETE and echoes the request's transaction id.
 *
 * Handshake (guest asks, host answers): INIT (version range) -> INIT
 * COMPLETE; from version 2 on NDIS_CONFIG (MTU, capabilities, no answer);
 * SEND_NDIS_VER (no answer); SEND_RECV_BUF (GPADL) -> its COMPLETE with the
 * sections; SEND_SEND_BUF (GPADL) -> its COMPLETE with the section size;
 * then RNDIS over SEND_RNDIS_PKT; from version 5 on SUBCHANNEL requests.
 * The host may send SEND_INDIRECTION_TABLE (v5) and SEND_VF_ASSOCIATION
 * (v4) at any time after the buffers are set up.
 */
#ifndef _HVG2_NVSP_WIRE_H
#define _HVG2_NVSP_WIRE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include <hvg2/ring_wire.h>

/* ---- protocol versions (INIT's range, INIT_COMPLETE's choice) ---- */

#define HVG2_NVSP_VER_1		0x00002
#define HVG2_NVSP_VER_2		0x30002
#define HVG2_NVSP_VER_4		0x40000
#define HVG2_NVSP_VER_5		0x50000
#define HVG2_NVSP_VER_6		0x60000
#define HVG2_NVSP_VER_61	0x60001
#define HVG2_NVSP_VER_INVALID	0xffffffff

/* NDIS versions a guest announces with SEND_NDIS_VER (major << 16 | minor) */
#define HVG2_NDIS_VER(major, minor)	(((major) << 16) | (minor))
#define HVG2_NDIS_VER_6_1	HVG2_NDIS_VER(6, 1)
#define HVG2_NDIS_VER_6_30	HVG2_NDIS_VER(6, 30)

/* ---- message types ---- */

#define HVG2_NVSP_MSG_NONE			0
#define HVG2_NVSP_MSG_INIT			1
#define HVG2_NVSP_MSG_INIT_COMPLETE		2

/* version 1: numbered from 100 */
#define HVG2_NVSP_MSG1_SEND_NDIS_VER		100
#define HVG2_NVSP_MSG1_SEND_RECV_BUF		101
#define HVG2_NVSP_MSG1_SEND_RECV_BUF_COMPLETE	102
#define HVG2_NVSP_MSG1_REVOKE_RECV_BUF		103
#define HVG2_NVSP_MSG1_SEND_SEND_BUF		104
#define HVG2_NVSP_MSG1_SEND_SEND_BUF_COMPLETE	105
#define HVG2_NVSP_MSG1_REVOKE_SEND_BUF		106
#define HVG2_NVSP_MSG1_SEND_RNDIS_PKT		107
#define HVG2_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE	108

/*
 * version 2: 109..127 are chimney (TCP offload), VMQ and receive-buffer
 * allocation messages no Linux guest uses; only NDIS_CONFIG matters.
 */
#define HVG2_NVSP_MSG2_FIRST			109
#define HVG2_NVSP_MSG2_SEND_NDIS_CONFIG		125
#define HVG2_NVSP_MSG2_LAST			127

/* version 4 */
#define HVG2_NVSP_MSG4_SEND_VF_ASSOCIATION	128
#define HVG2_NVSP_MSG4_SWITCH_DATA_PATH		129
#define HVG2_NVSP_MSG4_UPLINK_CONNECT_STATE	130	/* deprecated */

/* version 5 */
#define HVG2_NVSP_MSG5_OID_QUERY_EX		131
#define HVG2_NVSP_MSG5_OID_QUERY_EX_COMPLETE	132
#define HVG2_NVSP_MSG5_SUBCHANNEL		133
#define HVG2_NVSP_MSG5_SEND_INDIRECTION_TABLE	134

/* version 6: PacketDirect, never used by Linux guests */
#define HVG2_NVSP_MSG6_PD_API			135
#define HVG2_NVSP_MSG6_PD_POST_BATCH		136

/* ---- status codes of the COMPLETE messages ---- */

#define HVG2_NVSP_STAT_NONE			0
#define HVG2_NVSP_STAT_SUCCESS			1
#define HVG2_NVSP_STAT_FAIL			2
#define HVG2_NVSP_STAT_PROTOCOL_TOO_NEW		3
#define HVG2_NVSP_STAT_PROTOCOL_TOO_OLD		4
#define HVG2_NVSP_STAT_INVALID_RNDIS_PKT	5
#define HVG2_NVSP_STAT_BUSY			6
#define HVG2_NVSP_STAT_PROTOCOL_UNSUPPORTED	7

/* ---- constants of the buffers ---- */

/*
 * The transfer-page set id a host uses for receive-buffer ranges: the id the
 * guest passed in SEND_RECV_BUF. Linux guests pass 0xcafe and check it.
 */
#define HVG2_NVSP_RECV_BUF_ID			0xcafe
#define HVG2_NVSP_SEND_BUF_ID			0
/* SEND_RNDIS_PKT.section_index when the message is not in the send buffer */
#define HVG2_NVSP_NO_SECTION			0xffffffff
/* SEND_RNDIS_PKT.channel_type */
#define HVG2_NVSP_CHANNEL_DATA			0	/* RNDIS PACKET */
#define HVG2_NVSP_CHANNEL_CONTROL		1	/* every other RNDIS message */
/* the entries of the host's send indirection table (v5) */
#define HVG2_NVSP_SEND_TABLE_SIZE		16
/* SUBCHANNEL.op */
#define HVG2_NVSP_SUBCHANNEL_ALLOCATE		1
/* SWITCH_DATA_PATH.active_datapath */
#define HVG2_NVSP_DATAPATH_SYNTHETIC		0
#define HVG2_NVSP_DATAPATH_VF			1
/* NDIS_CONFIG.capability bits */
#define HVG2_NVSP_CAP_VMQ			BIT_ULL(0)
#define HVG2_NVSP_CAP_CHIMNEY			BIT_ULL(1)
#define HVG2_NVSP_CAP_SRIOV			BIT_ULL(2)
#define HVG2_NVSP_CAP_IEEE8021Q			BIT_ULL(3)
#define HVG2_NVSP_CAP_CORRELATION_ID		BIT_ULL(4)
#define HVG2_NVSP_CAP_TEAMING			BIT_ULL(5)
#define HVG2_NVSP_CAP_VSUBNETID			BIT_ULL(6)
#define HVG2_NVSP_CAP_RSC			BIT_ULL(7)

/* ---- message bodies ---- */

/* INIT (guest): the version range it speaks; hosts answer with one. */
struct hvg2_nvsp_init {
	u32 min_ver;
	u32 max_ver;
} __packed;

/* INIT_COMPLETE (host) */
struct hvg2_nvsp_init_complete {
	u32 negotiated_ver;
	u32 max_mdl_chain_len;
	u32 status;			/* HVG2_NVSP_STAT_* */
} __packed;

/* SEND_NDIS_VER (guest, no answer) */
struct hvg2_nvsp_ndis_ver {
	u32 major;
	u32 minor;
} __packed;

/* SEND_NDIS_CONFIG (guest, v2+, no answer) */
struct hvg2_nvsp_ndis_config {
	u32 mtu;
	u32 reserved;
	u64 capability;			/* HVG2_NVSP_CAP_* */
} __packed;

/* SEND_RECV_BUF and SEND_SEND_BUF (guest): a GPADL and the set id */
struct hvg2_nvsp_send_buf {
	u32 gpadl;
	u16 id;
} __packed;

/*
 * One section of the receive buffer, carved by the host: @num_sub_allocs
 * slots of @sub_alloc_size bytes from @offset to @end_offset. Linux guests
 * accept exactly one section starting at offset 0.
 */
struct hvg2_nvsp_recv_section {
	u32 offset;
	u32 sub_alloc_size;
	u32 num_sub_allocs;
	u32 end_offset;
} __packed;

/*
 * SEND_RECV_BUF_COMPLETE (host). The wire allows @num_sections sections in
 * a row; hosts send one, and Linux guests refuse anything else.
 */
struct hvg2_nvsp_recv_buf_complete {
	u32 status;
	u32 num_sections;
	struct hvg2_nvsp_recv_section section;
} __packed;

/* SEND_SEND_BUF_COMPLETE (host): the host picks the section size */
struct hvg2_nvsp_send_buf_complete {
	u32 status;
	u32 section_size;
} __packed;

/* REVOKE_RECV_BUF and REVOKE_SEND_BUF (guest, no answer) */
struct hvg2_nvsp_revoke_buf {
	u16 id;
} __packed;

/*
 * SEND_RNDIS_PKT (either side): one RNDIS message. From the guest it sits
 * in send-buffer section @section_index (@section_size bytes used), or is
 * named by the GPA-direct ranges of the packet (@section_index is
 * HVG2_NVSP_NO_SECTION). From the host the ranges of the transfer-page
 * packet name it and the section fields are unused.
 */
struct hvg2_nvsp_rndis_pkt {
	u32 channel_type;		/* HVG2_NVSP_CHANNEL_* */
	u32 section_index;
	u32 section_size;
} __packed;

/* SEND_RNDIS_PKT_COMPLETE (either side, in a completion packet) */
struct hvg2_nvsp_rndis_pkt_complete {
	u32 status;
} __packed;

/* SEND_VF_ASSOCIATION (host, v4): a VF with @serial is (no longer) there */
struct hvg2_nvsp_vf_assoc {
	u32 allocated;
	u32 serial;
} __packed;

/* SWITCH_DATA_PATH (guest, v4) */
struct hvg2_nvsp_switch_datapath {
	u32 active_datapath;		/* HVG2_NVSP_DATAPATH_* */
} __packed;

/* SUBCHANNEL (guest request, v5); the host completes with the count it offers */
struct hvg2_nvsp_subchannel_req {
	u32 op;				/* HVG2_NVSP_SUBCHANNEL_ALLOCATE */
	u32 num_subchannels;
} __packed;

struct hvg2_nvsp_subchannel_complete {
	u32 status;
	u32 num_subchannels;
} __packed;

/*
 * SEND_INDIRECTION_TABLE (host, v5): @count u32 channel numbers at @offset
 * from the start of the message; the guest picks its transmit channel with
 * them. Hosts up to version 6 put the table right after the fixed-size
 * message (HVG2_NVSP_MSG_SIZE) whatever @offset said, and guests rely on
 * that: a host should put it there and say so.
 */
struct hvg2_nvsp_send_table {
	u32 count;
	u32 offset;
} __packed;

/* the body size every message is padded to (the largest, a v6 PD reply) */
#define HVG2_NVSP_BODY_SIZE	36

/**
 * struct hvg2_nvsp_msg - one NVSP message
 * @type: HVG2_NVSP_MSG*
 * @init: INIT
 * @init_complete: INIT_COMPLETE
 * @ndis_ver: SEND_NDIS_VER
 * @ndis_config: SEND_NDIS_CONFIG
 * @send_buf: SEND_RECV_BUF, SEND_SEND_BUF
 * @recv_buf_complete: SEND_RECV_BUF_COMPLETE
 * @send_buf_complete: SEND_SEND_BUF_COMPLETE
 * @revoke_buf: REVOKE_RECV_BUF, REVOKE_SEND_BUF
 * @rndis_pkt: SEND_RNDIS_PKT
 * @rndis_pkt_complete: SEND_RNDIS_PKT_COMPLETE
 * @vf_assoc: SEND_VF_ASSOCIATION
 * @switch_datapath: SWITCH_DATA_PATH
 * @subchannel_req: SUBCHANNEL from the guest
 * @subchannel_complete: SUBCHANNEL from the host
 * @send_table: SEND_INDIRECTION_TABLE
 * @pad: the fixed body size
 */
struct hvg2_nvsp_msg {
	u32 type;
	union {
		struct hvg2_nvsp_init init;
		struct hvg2_nvsp_init_complete init_complete;
		struct hvg2_nvsp_ndis_ver ndis_ver;
		struct hvg2_nvsp_ndis_config ndis_config;
		struct hvg2_nvsp_send_buf send_buf;
		struct hvg2_nvsp_recv_buf_complete recv_buf_complete;
		struct hvg2_nvsp_send_buf_complete send_buf_complete;
		struct hvg2_nvsp_revoke_buf revoke_buf;
		struct hvg2_nvsp_rndis_pkt rndis_pkt;
		struct hvg2_nvsp_rndis_pkt_complete rndis_pkt_complete;
		struct hvg2_nvsp_vf_assoc vf_assoc;
		struct hvg2_nvsp_switch_datapath switch_datapath;
		struct hvg2_nvsp_subchannel_req subchannel_req;
		struct hvg2_nvsp_subchannel_complete subchannel_complete;
		struct hvg2_nvsp_send_table send_table;
		u8 pad[HVG2_NVSP_BODY_SIZE];
	};
} __packed;

#define HVG2_NVSP_MSG_SIZE	sizeof(struct hvg2_nvsp_msg)

/* the bytes a message of @body's type must hold to be read */
#define HVG2_NVSP_MSG_MIN(body)	\
	(offsetof(struct hvg2_nvsp_msg, body) + sizeof_field(struct hvg2_nvsp_msg, body))

/* ---- the VMBus packet forms NVSP uses besides inband ---- */

/**
 * struct hvg2_xfer_range - one byte range of a transfer-page set
 * @byte_count: bytes in the range
 * @byte_offset: offset from the start of the set (the receive buffer)
 */
struct hvg2_xfer_range {
	u32 byte_count;
	u32 byte_offset;
} __packed;

/**
 * struct hvg2_xfer_pkt_hdr - a transfer-page packet (HVG2_PKT_DATA_USING_XFER_PAGES)
 * @desc: the packet descriptor; its payload (the NVSP message) follows
 *	the ranges, at desc.offset8 * 8
 * @set_id: the transfer-page set: the receive buffer's id
 * @sender_owns_set: unused by NVSP
 * @reserved: zero
 * @range_cnt: ranges that follow
 * @range: the ranges
 *
 * The guest hands each range back by completing the packet's transaction id.
 */
struct hvg2_xfer_pkt_hdr {
	struct hvg2_pkt_desc desc;
	u16 set_id;
	u8 sender_owns_set;
	u8 reserved;
	u32 range_cnt;
	struct hvg2_xfer_range range[];
} __packed;

/**
 * struct hvg2_gpa_pkt_hdr - a GPA-direct packet (HVG2_PKT_DATA_USING_GPA_DIRECT)
 * @desc: the packet descriptor; its inband payload follows the ranges
 * @reserved: zero
 * @range_cnt: struct hvg2_vmbus_gpa_range entries that follow, each with
 *	its PFNs (DIV_ROUND_UP(byte_offset + byte_count, 4096) of them)
 */
struct hvg2_gpa_pkt_hdr {
	struct hvg2_pkt_desc desc;
	u32 reserved;
	u32 range_cnt;
} __packed;

static_assert(sizeof(struct hvg2_nvsp_init) == 8);
static_assert(sizeof(struct hvg2_nvsp_init_complete) == 12);
static_assert(sizeof(struct hvg2_nvsp_ndis_config) == 16);
static_assert(sizeof(struct hvg2_nvsp_send_buf) == 6);
static_assert(sizeof(struct hvg2_nvsp_recv_section) == 16);
static_assert(sizeof(struct hvg2_nvsp_recv_buf_complete) == 24);
static_assert(sizeof(struct hvg2_nvsp_rndis_pkt) == 12);
static_assert(sizeof(struct hvg2_nvsp_send_table) == 8);
static_assert(sizeof(struct hvg2_nvsp_msg) == 40);
static_assert(sizeof(struct hvg2_xfer_pkt_hdr) == 24);
static_assert(sizeof(struct hvg2_gpa_pkt_hdr) == 24);

#endif /* _HVG2_NVSP_WIRE_H */
