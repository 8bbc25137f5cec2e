// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time proof that our wire structures (include/hvg2/vmbus_wire.h)
 * have the layout of the kernel's own definitions, on every kernel we
 * build against. This file only compares sizes and offsets; nothing in it
 * runs, and nothing else in hvgen2 uses the upstream names.
 */
#include <linux/build_bug.h>
#include <linux/hyperv.h>
#include <linux/stddef.h>
#include "hvg2/vmbus_wire.h"

#define HVG2_SAME_SIZE(ours, theirs) \
	static_assert(sizeof(struct ours) == sizeof(struct theirs))
#define HVG2_SAME_OFFSET(ours, f1, theirs, f2) \
	static_assert(offsetof(struct ours, f1) == offsetof(struct theirs, f2))

/* SynIC */
HVG2_SAME_SIZE(hvg2_hv_message, hv_message);
HVG2_SAME_OFFSET(hvg2_hv_message, payload_size, hv_message, header.payload_size);
HVG2_SAME_OFFSET(hvg2_hv_message, flags, hv_message, header.message_flags);
HVG2_SAME_OFFSET(hvg2_hv_message, payload, hv_message, u.payload);
HVG2_SAME_SIZE(hvg2_hv_message_page, hv_message_page);
static_assert(HVG2_HV_MESSAGE_PAYLOAD == HV_MESSAGE_PAYLOAD_BYTE_COUNT);
static_assert(HVG2_HV_EVENT_FLAGS_BITS == HV_EVENT_FLAGS_COUNT);
static_assert(HVG2_HVCALL_POST_MESSAGE == HVCALL_POST_MESSAGE);
static_assert(HVG2_HVCALL_SIGNAL_EVENT == HVCALL_SIGNAL_EVENT);

/* channel messages */
HVG2_SAME_SIZE(hvg2_vmbus_msg_hdr, vmbus_channel_message_header);
HVG2_SAME_SIZE(hvg2_vmbus_msg_initiate_contact, vmbus_channel_initiate_contact);
HVG2_SAME_OFFSET(hvg2_vmbus_msg_initiate_contact, monitor_page1,
		 vmbus_channel_initiate_contact, monitor_page1);
HVG2_SAME_SIZE(hvg2_vmbus_msg_version_response, vmbus_channel_version_response);
HVG2_SAME_OFFSET(hvg2_vmbus_msg_version_response, msg_conn_id,
		 vmbus_channel_version_response, msg_conn_id);
HVG2_SAME_SIZE(hvg2_vmbus_offer, vmbus_channel_offer);
HVG2_SAME_OFFSET(hvg2_vmbus_offer, sub_channel_index,
		 vmbus_channel_offer, sub_channel_index);
HVG2_SAME_SIZE(hvg2_vmbus_msg_offer, vmbus_channel_offer_channel);
HVG2_SAME_OFFSET(hvg2_vmbus_msg_offer, child_relid,
		 vmbus_channel_offer_channel, child_relid);
HVG2_SAME_OFFSET(hvg2_vmbus_msg_offer, connection_id,
		 vmbus_channel_offer_channel, connection_id);
HVG2_SAME_SIZE(hvg2_vmbus_msg_relid, vmbus_channel_rescind_offer);
HVG2_SAME_SIZE(hvg2_vmbus_msg_relid, vmbus_channel_relid_released);
HVG2_SAME_SIZE(hvg2_vmbus_msg_relid, vmbus_channel_close_channel);
HVG2_SAME_SIZE(hvg2_vmbus_msg_open, vmbus_channel_open_channel);
HVG2_SAME_OFFSET(hvg2_vmbus_msg_open, downstream_offset,
		 vmbus_channel_open_channel, downstream_ringbuffer_pageoffset);
HVG2_SAME_SIZE(hvg2_vmbus_msg_open_result, vmbus_channel_open_result);
HVG2_SAME_SIZE(hvg2_vmbus_msg_modify, vmbus_channel_modifychannel);
HVG2_SAME_SIZE(hvg2_vmbus_msg_modify_response,
	       vmbus_channel_modifychannel_response);
/* ours spells out the one range upstream's flexible array holds */
HVG2_SAME_OFFSET(hvg2_vmbus_msg_gpadl_header, byte_count,
		 vmbus_channel_gpadl_header, range);
static_assert(offsetof(struct hvg2_vmbus_msg_gpadl_header, pfn) ==
	      sizeof(struct vmbus_channel_gpadl_header) + sizeof(struct gpa_range));
HVG2_SAME_SIZE(hvg2_vmbus_msg_gpadl_body, vmbus_channel_gpadl_body);
HVG2_SAME_SIZE(hvg2_vmbus_msg_gpadl_created, vmbus_channel_gpadl_created);
HVG2_SAME_SIZE(hvg2_vmbus_msg_gpadl_teardown, vmbus_channel_gpadl_teardown);
HVG2_SAME_SIZE(hvg2_vmbus_msg_gpadl_torndown, vmbus_channel_gpadl_torndown);
HVG2_SAME_SIZE(hvg2_vmbus_gpa_range, gpa_range);
static_assert((int)HVG2_CHMSG_MODIFYCHANNEL_RESPONSE ==
	      (int)CHANNELMSG_MODIFYCHANNEL_RESPONSE);
static_assert((int)HVG2_CHMSG_UNLOAD_RESPONSE == (int)CHANNELMSG_UNLOAD_RESPONSE);
static_assert(HVG2_VMBUS_V5_3 == VERSION_WIN10_V5_3);
static_assert(HVG2_VMBUS_V3_0 == VERSION_WIN8_1);

/* the monitor page (its upstream definition is private to drivers/hv) */
static_assert(sizeof(struct hvg2_monitor_page) == HVG2_HV_PAGE_SIZE);
static_assert(offsetof(struct hvg2_monitor_page, group) == 8);
static_assert(offsetof(struct hvg2_monitor_page, latency) == 576);
static_assert(offsetof(struct hvg2_monitor_page, param) == 1088);
