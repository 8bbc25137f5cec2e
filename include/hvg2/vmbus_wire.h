/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMBus channel-management protocol and the SynIC formats it rides on,
 * as fixed by Hyper-V (protocol facts). Both sides use these: the transport
 * (hvg2_vmbus) and the simulated host (hvg2_sim). Everything here is
 * little-endian native u8/u16/u32/u64, __packed, and its size is checked at
 * build time against the kernel's own definitions (drivers/vmbus/wire_check.c).
 *
 * A channel message is the payload of one SynIC message (at most 240
 * bytes): an 8-byte header naming its type, then the type's body. The guest
 * posts them with the post-message hypercall; the host's arrive in the
 * guest's SynIC message page, slot VMBus SINT.
 */
#ifndef _HVG2_VMBUS_WIRE_H
#define _HVG2_VMBUS_WIRE_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/uuid.h>

/* ---- SynIC ---- */

#define HVG2_SYNIC_SINT_COUNT		16
#define HVG2_VMBUS_SINT			2	/* the SINT VMBus uses */
#define HVG2_HV_MESSAGE_SIZE		256
#define HVG2_HV_MESSAGE_PAYLOAD		240
#define HVG2_HV_EVENT_FLAGS_BYTES	256	/* per SINT: 2048 bits */
#define HVG2_HV_EVENT_FLAGS_BITS	(HVG2_HV_EVENT_FLAGS_BYTES * 8)

/* hv_message.message_type */
#define HVG2_HVMSG_NONE			0x00000000
/* what the post-message hypercall carries */
#define HVG2_HVMSG_VMBUS		0x00000001

/* hv_message.flags */
#define HVG2_HVMSG_FLAG_PENDING		0x01	/* more queued: write EOM after freeing the slot */

/**
 * struct hvg2_hv_message - one SynIC message slot
 * @message_type: HVG2_HVMSG_*; HVG2_HVMSG_NONE marks the slot free
 * @payload_size: bytes of @payload in use
 * @flags: HVG2_HVMSG_FLAG_*
 * @reserved: zero
 * @sender: port id or sender partition, unused by VMBus
 * @payload: the channel message
 *
 * The hypervisor fills a slot only when @message_type is NONE; the guest
 * consumes the slot, stores NONE, and if @flags has PENDING writes the EOM
 * register so the hypervisor delivers the next queued message.
 */
struct hvg2_hv_message {
	u32 message_type;
	u8 payload_size;
	u8 flags;
	u8 reserved[2];
	u64 sender;
	u8 payload[HVG2_HV_MESSAGE_PAYLOAD];
} __packed __aligned(8);

/* The message page (SIMP): one slot per SINT. */
struct hvg2_hv_message_page {
	struct hvg2_hv_message sint[HVG2_SYNIC_SINT_COUNT];
};

/* The event-flags page (SIEFP): 2048 bits per SINT; bit n = channel relid n. */
struct hvg2_hv_event_page {
	unsigned long flags[HVG2_SYNIC_SINT_COUNT]
		[HVG2_HV_EVENT_FLAGS_BYTES / sizeof(unsigned long)];
};

/* Hypercall input of HvPostMessage (0x5c). */
struct hvg2_hv_post_message {
	u32 connection_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u8 payload[HVG2_HV_MESSAGE_PAYLOAD];
} __packed;

#define HVG2_HVCALL_POST_MESSAGE	0x005c
#define HVG2_HVCALL_SIGNAL_EVENT	0x005d

/* hypercall status codes the link tells apart */
#define HVG2_HV_STATUS_SUCCESS			0
#define HVG2_HV_STATUS_INSUFFICIENT_MEMORY	11
#define HVG2_HV_STATUS_INVALID_CONNECTION_ID	18
#define HVG2_HV_STATUS_INSUFFICIENT_BUFFERS	19

/* SynIC MSRs (x86) and their bits */
#define HVG2_MSR_SCONTROL		0x40000080
#define HVG2_MSR_SIEFP			0x40000082
#define HVG2_MSR_SIMP			0x40000083
#define HVG2_MSR_EOM			0x40000084
#define HVG2_MSR_SINT0			0x40000090
#define HVG2_SYNIC_ENABLE		BIT_ULL(0)	/* SCONTROL, SIMP, SIEFP */
#define HVG2_SINT_MASKED		BIT_ULL(16)
#define HVG2_SINT_AUTO_EOI		BIT_ULL(17)
#define HVG2_SINT_VECTOR_MASK		0xffull
/* CPUID 0x40000004 EAX: the hypervisor prefers an explicit APIC EOI */
#define HVG2_HV_HINT_DEPRECATING_AEOI	BIT(9)

/* ---- versions and connection ids ---- */

#define HVG2_VMBUS_VERSION(major, minor)	(((major) << 16) | (minor))
#define HVG2_VMBUS_V3_0		HVG2_VMBUS_VERSION(3, 0)	/* WS2012 R2 */
#define HVG2_VMBUS_V4_0		HVG2_VMBUS_VERSION(4, 0)	/* Windows 10 */
#define HVG2_VMBUS_V4_1		HVG2_VMBUS_VERSION(4, 1)	/* RS3: MODIFYCHANNEL */
#define HVG2_VMBUS_V5_0		HVG2_VMBUS_VERSION(5, 0)	/* msg_conn_id, msg_sint */
#define HVG2_VMBUS_V5_1		HVG2_VMBUS_VERSION(5, 1)
#define HVG2_VMBUS_V5_2		HVG2_VMBUS_VERSION(5, 2)	/* WS2019 */
#define HVG2_VMBUS_V5_3		HVG2_VMBUS_VERSION(5, 3)	/* WS2022: MODIFYCHANNEL ack */

#define HVG2_VMBUS_CONN_ID_MSG		1	/* messages before 5.0 */
#define HVG2_VMBUS_CONN_ID_MSG_5	4	/* INITIATE_CONTACT from 5.0 on */

/* ---- channel messages ---- */

enum hvg2_vmbus_msgtype {
	HVG2_CHMSG_INVALID		= 0,
	HVG2_CHMSG_OFFERCHANNEL		= 1,
	HVG2_CHMSG_RESCIND_CHANNELOFFER	= 2,
	HVG2_CHMSG_REQUESTOFFERS	= 3,
	HVG2_CHMSG_ALLOFFERS_DELIVERED	= 4,
	HVG2_CHMSG_OPENCHANNEL		= 5,
	HVG2_CHMSG_OPENCHANNEL_RESULT	= 6,
	HVG2_CHMSG_CLOSECHANNEL		= 7,
	HVG2_CHMSG_GPADL_HEADER		= 8,
	HVG2_CHMSG_GPADL_BODY		= 9,
	HVG2_CHMSG_GPADL_CREATED	= 10,
	HVG2_CHMSG_GPADL_TEARDOWN	= 11,
	HVG2_CHMSG_GPADL_TORNDOWN	= 12,
	HVG2_CHMSG_RELID_RELEASED	= 13,
	HVG2_CHMSG_INITIATE_CONTACT	= 14,
	HVG2_CHMSG_VERSION_RESPONSE	= 15,
	HVG2_CHMSG_UNLOAD		= 16,
	HVG2_CHMSG_UNLOAD_RESPONSE	= 17,
	HVG2_CHMSG_MODIFYCHANNEL	= 22,
	HVG2_CHMSG_MODIFYCHANNEL_RESPONSE = 24,
	HVG2_CHMSG_COUNT		= 25,
};

/**
 * struct hvg2_vmbus_msg_hdr - starts every channel message
 * @msgtype: enum hvg2_vmbus_msgtype
 * @padding: zero
 */
struct hvg2_vmbus_msg_hdr {
	u32 msgtype;
	u32 padding;
} __packed;

/* INITIATE_CONTACT: guest -> host, the version it asks for. */
struct hvg2_vmbus_msg_initiate_contact {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 version;
	u32 target_vcpu;	/* where the host sends channel messages */
	union {
		u64 interrupt_page;	/* before 5.0: GPA of the interrupt page */
		struct {
			u8 msg_sint;	/* 5.0+: the SINT for messages */
			u8 msg_vtl;
			u8 reserved[6];
		};
	};
	u64 monitor_page1;
	u64 monitor_page2;
} __packed;

/* VERSION_RESPONSE: host -> guest. */
struct hvg2_vmbus_msg_version_response {
	struct hvg2_vmbus_msg_hdr hdr;
	u8 version_supported;	/* 0: try an older version */
	u8 connection_state;
	u16 padding;
	u32 msg_conn_id;	/* 5.0+: connection id for later messages */
} __packed;

/* REQUESTOFFERS, ALLOFFERS_DELIVERED, UNLOAD, UNLOAD_RESPONSE: header only. */

#define HVG2_VMBUS_OFFER_USER_DEF	120

/* offer chn_flags */
#define HVG2_VMBUS_CHN_NAMED_PIPE	0x10
#define HVG2_VMBUS_CHN_REQUEST_MONITORED 0x400

/**
 * struct hvg2_vmbus_offer - what the host says about a channel
 * @if_type: the device class GUID
 * @if_instance: the device instance GUID
 * @reserved1: unused
 * @reserved2: unused
 * @chn_flags: HVG2_VMBUS_CHN_*
 * @mmio_megabytes: MMIO space the device wants
 * @user_def: class-specific bytes (pipe mode in the first u32 for pipes)
 * @sub_channel_index: 0 for a primary channel
 * @reserved3: unused
 */
struct hvg2_vmbus_offer {
	guid_t if_type;
	guid_t if_instance;
	u64 reserved1;
	u64 reserved2;
	u16 chn_flags;
	u16 mmio_megabytes;
	u8 user_def[HVG2_VMBUS_OFFER_USER_DEF];
	u16 sub_channel_index;
	u16 reserved3;
} __packed;

/* OFFERCHANNEL: host -> guest. */
struct hvg2_vmbus_msg_offer {
	struct hvg2_vmbus_msg_hdr hdr;
	struct hvg2_vmbus_offer offer;
	u32 child_relid;
	u8 monitor_id;
	u8 monitor_flags;	/* bit 0: monitor allocated */
	u16 interrupt_flags;	/* bit 0: dedicated interrupt */
	u32 connection_id;	/* what the guest signals this channel with */
} __packed;

#define HVG2_VMBUS_OFFER_DEDICATED_INTR	BIT(0)
#define HVG2_VMBUS_OFFER_MONITOR_ALLOCATED BIT(0)	/* in monitor_flags */

/*
 * The monitor pages (one host-to-guest, one guest-to-host), named in
 * INITIATE_CONTACT: a monitored channel's monitor_id picks a group
 * (id / 32) and a slot in it (id % 32). The host fills in each slot's
 * latency (in 100 ns units) and the connection id it signals.
 */
#define HVG2_MONITOR_GROUPS	4
#define HVG2_MONITOR_SLOTS	32
#define HVG2_MONITOR_IDS	(HVG2_MONITOR_GROUPS * HVG2_MONITOR_SLOTS)

struct hvg2_monitor_group {
	u32 pending;		/* a bit per slot: the monitored event fired */
	u32 armed;
} __packed;

struct hvg2_monitor_param {
	u32 conn_id;		/* low 24 bits: the connection id */
	u16 flag_number;
	u16 reserved;
} __packed;

struct hvg2_monitor_page {
	u32 trigger_state;
	u32 reserved1;
	struct hvg2_monitor_group group[HVG2_MONITOR_GROUPS];
	u64 reserved2[3];
	s32 next_checktime[HVG2_MONITOR_GROUPS][HVG2_MONITOR_SLOTS];
	u16 latency[HVG2_MONITOR_GROUPS][HVG2_MONITOR_SLOTS];
	u64 reserved3[32];
	struct hvg2_monitor_param param[HVG2_MONITOR_GROUPS][HVG2_MONITOR_SLOTS];
	u8 reserved4[1984];
} __packed;

/* RESCIND_CHANNELOFFER (host -> guest), RELID_RELEASED, CLOSECHANNEL (guest -> host). */
struct hvg2_vmbus_msg_relid {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
} __packed;

/* OPENCHANNEL: guest -> host. */
struct hvg2_vmbus_msg_open {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
	u32 openid;
	u32 ring_gpadl;		/* GPADL of both rings: outbound first */
	u32 target_vp;		/* the vCPU the host interrupts */
	u32 downstream_offset;	/* pages from GPADL start to the inbound ring */
	u8 user_data[HVG2_VMBUS_OFFER_USER_DEF];
} __packed;

/* OPENCHANNEL_RESULT: host -> guest. */
struct hvg2_vmbus_msg_open_result {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
	u32 openid;
	u32 status;		/* 0: open; otherwise an NTSTATUS-like failure */
} __packed;

/* MODIFYCHANNEL: guest -> host. */
struct hvg2_vmbus_msg_modify {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
	u32 target_vp;
} __packed;

/* MODIFYCHANNEL_RESPONSE: host -> guest (5.3+). */
struct hvg2_vmbus_msg_modify_response {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
	u32 status;
} __packed;

/*
 * One range of guest pages: @byte_count bytes starting @byte_offset into
 * the first page; the PFNs (4 KiB Hyper-V pages) follow.
 */
struct hvg2_vmbus_gpa_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn[];
} __packed;

/*
 * GPADL_HEADER: guest -> host. The PFN list that does not fit follows in
 * GPADL_BODY messages; @range_buflen counts the whole list, so the host
 * knows how many bodies to wait for. On the wire a list of GPA ranges
 * follows @rangecount; we always send (and accept) exactly one, so its
 * fields are spelled out here: @byte_count, @byte_offset, @pfn.
 */
struct hvg2_vmbus_msg_gpadl_header {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
	u16 range_buflen;	/* sizeof(gpa_range) + 8 * total pfns */
	u16 rangecount;		/* we always send 1 */
	u32 byte_count;		/* range 0 */
	u32 byte_offset;
	u64 pfn[];
} __packed;

/* GPADL_BODY: guest -> host, more PFNs. */
struct hvg2_vmbus_msg_gpadl_body {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 msgnumber;
	u32 gpadl;
	u64 pfn[];
} __packed;

/* GPADL_CREATED: host -> guest. */
struct hvg2_vmbus_msg_gpadl_created {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
	u32 status;		/* 0: created */
} __packed;

/* GPADL_TEARDOWN: guest -> host. */
struct hvg2_vmbus_msg_gpadl_teardown {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
} __packed;

/* GPADL_TORNDOWN: host -> guest. */
struct hvg2_vmbus_msg_gpadl_torndown {
	struct hvg2_vmbus_msg_hdr hdr;
	u32 gpadl;
} __packed;

/* PFNs per GPADL message: what fits in one SynIC payload. */
#define HVG2_GPADL_HEADER_PFNS						\
	((HVG2_HV_MESSAGE_PAYLOAD - sizeof(struct hvg2_vmbus_msg_gpadl_header)) / \
	 sizeof(u64))
#define HVG2_GPADL_BODY_PFNS						\
	((HVG2_HV_MESSAGE_PAYLOAD - sizeof(struct hvg2_vmbus_msg_gpadl_body)) / \
	 sizeof(u64))
/* range_buflen is a u16: the largest PFN list one GPADL can carry */
#define HVG2_GPADL_MAX_PFNS						\
	((0xffffu - sizeof(struct hvg2_vmbus_gpa_range)) / sizeof(u64))

#define HVG2_HV_PAGE_SHIFT	12
#define HVG2_HV_PAGE_SIZE	BIT(HVG2_HV_PAGE_SHIFT)

/* The smallest size each host-to-guest message must have to be read. */
static inline u32 hvg2_vmbus_msg_min_size(u32 msgtype)
{
	switch (msgtype) {
	case HVG2_CHMSG_OFFERCHANNEL:
		return sizeof(struct hvg2_vmbus_msg_offer);
	case HVG2_CHMSG_RESCIND_CHANNELOFFER:
		return sizeof(struct hvg2_vmbus_msg_relid);
	case HVG2_CHMSG_ALLOFFERS_DELIVERED:
	case HVG2_CHMSG_UNLOAD_RESPONSE:
		return sizeof(struct hvg2_vmbus_msg_hdr);
	case HVG2_CHMSG_OPENCHANNEL_RESULT:
		return sizeof(struct hvg2_vmbus_msg_open_result);
	case HVG2_CHMSG_GPADL_CREATED:
		return sizeof(struct hvg2_vmbus_msg_gpadl_created);
	case HVG2_CHMSG_GPADL_TORNDOWN:
		return sizeof(struct hvg2_vmbus_msg_gpadl_torndown);
	case HVG2_CHMSG_VERSION_RESPONSE:
		return sizeof(struct hvg2_vmbus_msg_version_response);
	case HVG2_CHMSG_MODIFYCHANNEL_RESPONSE:
		return sizeof(struct hvg2_vmbus_msg_modify_response);
	/* guest -> host, for the simulated host */
	case HVG2_CHMSG_REQUESTOFFERS:
	case HVG2_CHMSG_UNLOAD:
		return sizeof(struct hvg2_vmbus_msg_hdr);
	case HVG2_CHMSG_OPENCHANNEL:
		return sizeof(struct hvg2_vmbus_msg_open);
	case HVG2_CHMSG_CLOSECHANNEL:
	case HVG2_CHMSG_RELID_RELEASED:
		return sizeof(struct hvg2_vmbus_msg_relid);
	case HVG2_CHMSG_GPADL_HEADER:
		return sizeof(struct hvg2_vmbus_msg_gpadl_header);
	case HVG2_CHMSG_GPADL_BODY:
		return sizeof(struct hvg2_vmbus_msg_gpadl_body);
	case HVG2_CHMSG_GPADL_TEARDOWN:
		return sizeof(struct hvg2_vmbus_msg_gpadl_teardown);
	case HVG2_CHMSG_INITIATE_CONTACT:
		return sizeof(struct hvg2_vmbus_msg_initiate_contact);
	case HVG2_CHMSG_MODIFYCHANNEL:
		return sizeof(struct hvg2_vmbus_msg_modify);
	default:
		return 0;	/* unknown: refuse */
	}
}

#endif /* _HVG2_VMBUS_WIRE_H */
