/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V ring buffer as it sits in memory shared with the host. These
 * layouts are fixed by the host (protocol facts); everything else about the
 * ring is ours. x86 and arm64 guests are little endian, as is the host, so
 * fields are native u32/u64 like the rest of the VMBus wire.
 */
#ifndef _HVG2_RING_WIRE_H
#define _HVG2_RING_WIRE_H

#include <linux/types.h>
#include <linux/compiler.h>

#define HVG2_RING_HDR_SIZE	4096

/* feature_bits */
#define HVG2_RING_FEAT_PENDING_SEND_SZ	0x1

/**
 * struct hvg2_ring_hdr - the ring's control page
 * @write_index: producer's next write offset into the data area
 * @read_index: consumer's next read offset into the data area
 * @interrupt_mask: set by the consumer while it polls: "do not signal me"
 * @pending_send_sz: set by a blocked producer: "signal me when this many
 *	bytes are free"
 * @reserved1: unused
 * @feature_bits: bit 0, pending_send_sz is honoured
 * @reserved2: pads the header to one 4 KiB page
 */
struct hvg2_ring_hdr {
	u32 write_index;		/* offset 0 */
	u32 read_index;			/* offset 4 */
	u32 interrupt_mask;		/* offset 8 */
	u32 pending_send_sz;		/* offset 12 */
	u32 reserved1[12];
	u32 feature_bits;		/* offset 64 */
	u8 reserved2[HVG2_RING_HDR_SIZE - 68];
} __packed;

/* packet types (the VMBus packet descriptor's type field) */
#define HVG2_PKT_DATA_INBAND		6
#define HVG2_PKT_DATA_USING_XFER_PAGES	7
#define HVG2_PKT_DATA_USING_GPA_DIRECT	9
#define HVG2_PKT_COMPLETION		11

/* packet flags */
#define HVG2_PKT_FLAG_COMPLETION_REQUESTED	0x1

/**
 * struct hvg2_pkt_desc - the descriptor that starts every packet
 * @type: HVG2_PKT_*
 * @offset8: payload offset from the descriptor's start, in 8-byte units
 * @len8: packet length from the descriptor's start, in 8-byte units
 *	(padding included, trailer excluded)
 * @flags: HVG2_PKT_FLAG_*
 * @trans_id: the sender's transaction id, echoed in the completion
 *
 * Each packet is followed by an 8-byte trailer holding the write index at
 * which the packet started, shifted left by 32.
 */
struct hvg2_pkt_desc {
	u16 type;
	u16 offset8;
	u16 len8;
	u16 flags;
	u64 trans_id;
} __packed;

#define HVG2_PKT_TRAILER_SIZE	8
#define HVG2_PKT_ALIGN		8

/* the largest packet len8 can describe */
#define HVG2_PKT_MAX_LEN	(0xffffu * 8)

static inline const void *hvg2_pkt_payload(const struct hvg2_pkt_desc *d)
{
	return (const u8 *)d + d->offset8 * 8;
}

static inline u32 hvg2_pkt_payload_len(const struct hvg2_pkt_desc *d)
{
	return (d->len8 - d->offset8) * 8;
}

#endif /* _HVG2_RING_WIRE_H */
