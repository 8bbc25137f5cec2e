// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_ring - the Hyper-V ring buffer core. Table of contents:
 *
 *   ring.c      producer (reserve/commit, gather, batched publish),
 *               consumer (peek in place or copy-out, advance, batched
 *               release), signalling decisions, validation of the peer
 *   ring_mem.c  ring memory: header page + data pages mapped twice
 *   main.c      this file: the module, and the wire layout checked
 *               against the kernel's own definition at compile time
 *
 * API: include/hvg2/ring.h. Design: Documentation/ring.rst.
 * The module has no state of its own; it exports functions only.
 */
#include <linux/module.h>
#include <linux/stddef.h>
#include <linux/build_bug.h>
/*
 * Protocol facts cross-checked against the in-tree VMBus definitions; only
 * the layouts are compared, nothing from the header is used.
 */
#include <linux/hyperv.h>

#include "hvg2/ring.h"

static_assert(offsetof(struct hvg2_ring_hdr, write_index) ==
	      offsetof(struct hv_ring_buffer, write_index));
static_assert(offsetof(struct hvg2_ring_hdr, read_index) ==
	      offsetof(struct hv_ring_buffer, read_index));
static_assert(offsetof(struct hvg2_ring_hdr, interrupt_mask) ==
	      offsetof(struct hv_ring_buffer, interrupt_mask));
static_assert(offsetof(struct hvg2_ring_hdr, pending_send_sz) ==
	      offsetof(struct hv_ring_buffer, pending_send_sz));
static_assert(offsetof(struct hvg2_ring_hdr, feature_bits) ==
	      offsetof(struct hv_ring_buffer, feature_bits));
static_assert(sizeof(struct hvg2_ring_hdr) == HVG2_RING_HDR_SIZE);
static_assert(offsetof(struct hv_ring_buffer, buffer) == HVG2_RING_HDR_SIZE);

static_assert(offsetof(struct hvg2_pkt_desc, type) ==
	      offsetof(struct vmpacket_descriptor, type));
static_assert(offsetof(struct hvg2_pkt_desc, offset8) ==
	      offsetof(struct vmpacket_descriptor, offset8));
static_assert(offsetof(struct hvg2_pkt_desc, len8) ==
	      offsetof(struct vmpacket_descriptor, len8));
static_assert(offsetof(struct hvg2_pkt_desc, flags) ==
	      offsetof(struct vmpacket_descriptor, flags));
static_assert(offsetof(struct hvg2_pkt_desc, trans_id) ==
	      offsetof(struct vmpacket_descriptor, trans_id));
static_assert(sizeof(struct hvg2_pkt_desc) == sizeof(struct vmpacket_descriptor));

static_assert(HVG2_PKT_DATA_INBAND == VM_PKT_DATA_INBAND);
static_assert(HVG2_PKT_DATA_USING_XFER_PAGES == VM_PKT_DATA_USING_XFER_PAGES);
static_assert(HVG2_PKT_DATA_USING_GPA_DIRECT == VM_PKT_DATA_USING_GPA_DIRECT);
static_assert(HVG2_PKT_COMPLETION == VM_PKT_COMP);
static_assert(HVG2_PKT_FLAG_COMPLETION_REQUESTED == VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvgen2: Hyper-V ring buffer core");
