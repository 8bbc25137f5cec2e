// SPDX-License-Identifier: GPL-2.0
/*
 * The Hyper-V link's hardware protocol, as plain code over a table of
 * primitives (hv_hw.h): hypercall input encoding, status codes, and the
 * order in which a CPU's SynIC is switched on and off.
 *
 * Order matters. On: the message and event pages first, then the VMBus
 * SINT (unmasked, with its vector), then the SynIC as a whole - so that
 * the first interrupt finds pages to read. Off: mask the SINT first (no
 * new interrupt), then let go of the pages, then the SynIC - the reverse.
 */
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>
#include "hv_hw.h"

/**
 * hvg2_hv_status_errno - a hypercall status as an errno
 * @status: the hypercall's return value (status in the low 16 bits)
 *
 * Return: 0; -EAGAIN when the hypervisor is short of buffers (retry);
 * -ENXIO for an unknown connection id; -EIO for anything else.
 */
int hvg2_hv_status_errno(u64 status)
{
	switch (status & 0xffff) {
	case HVG2_HV_STATUS_SUCCESS:
		return 0;
	case HVG2_HV_STATUS_INSUFFICIENT_MEMORY:
	case HVG2_HV_STATUS_INSUFFICIENT_BUFFERS:
		return -EAGAIN;
	case HVG2_HV_STATUS_INVALID_CONNECTION_ID:
		return -ENXIO;
	default:
		return -EIO;
	}
}
EXPORT_SYMBOL_GPL(hvg2_hv_status_errno);

/**
 * hvg2_hv_encode_post - the input page of HvPostMessage
 * @in: the page (hypervisor-visible)
 * @conn_id: the connection to post on
 * @msg: the channel message
 * @len: its length, at most 240
 *
 * Return: 0, or -EINVAL for a message that does not fit.
 */
int hvg2_hv_encode_post(struct hvg2_hv_post_message *in, u32 conn_id,
			const void *msg, u32 len)
{
	if (len > HVG2_HV_MESSAGE_PAYLOAD || conn_id >> 24)
		return -EINVAL;
	memset(in, 0, sizeof(*in));
	in->connection_id = conn_id;
	in->message_type = HVG2_HVMSG_VMBUS;
	in->payload_size = len;
	memcpy(in->payload, msg, len);
	return 0;
}
EXPORT_SYMBOL_GPL(hvg2_hv_encode_post);

/**
 * hvg2_hv_synic_enable - switch this CPU's SynIC on for VMBus
 * @hw: the primitives
 * @simp_pa: physical address of the message page (page aligned)
 * @siefp_pa: physical address of the event-flags page
 * @vector: the interrupt vector of the VMBus SINT
 * @auto_eoi: let the hypervisor EOI (unless it asked for explicit EOI)
 */
void hvg2_hv_synic_enable(const struct hvg2_hv_hw *hw, u64 simp_pa,
			  u64 siefp_pa, u8 vector, bool auto_eoi)
{
	u64 v;

	/* keep the reserved bits the hypervisor reports */
	v = hw->read_msr(HVG2_MSR_SIMP) & (HVG2_HV_PAGE_SIZE - 1);
	hw->write_msr(HVG2_MSR_SIMP, (v & ~HVG2_SYNIC_ENABLE) | simp_pa | HVG2_SYNIC_ENABLE);
	v = hw->read_msr(HVG2_MSR_SIEFP) & (HVG2_HV_PAGE_SIZE - 1);
	hw->write_msr(HVG2_MSR_SIEFP, (v & ~HVG2_SYNIC_ENABLE) | siefp_pa | HVG2_SYNIC_ENABLE);

	v = hw->read_msr(HVG2_MSR_SINT0 + HVG2_VMBUS_SINT);
	v &= ~(HVG2_SINT_VECTOR_MASK | HVG2_SINT_MASKED | HVG2_SINT_AUTO_EOI);
	v |= vector;
	if (auto_eoi)
		v |= HVG2_SINT_AUTO_EOI;
	hw->write_msr(HVG2_MSR_SINT0 + HVG2_VMBUS_SINT, v);

	v = hw->read_msr(HVG2_MSR_SCONTROL);
	hw->write_msr(HVG2_MSR_SCONTROL, v | HVG2_SYNIC_ENABLE);
}
EXPORT_SYMBOL_GPL(hvg2_hv_synic_enable);

/**
 * hvg2_hv_synic_disable - switch this CPU's SynIC off, in reverse order
 * @hw: the primitives
 */
void hvg2_hv_synic_disable(const struct hvg2_hv_hw *hw)
{
	u64 v;

	v = hw->read_msr(HVG2_MSR_SINT0 + HVG2_VMBUS_SINT);
	hw->write_msr(HVG2_MSR_SINT0 + HVG2_VMBUS_SINT, v | HVG2_SINT_MASKED);
	v = hw->read_msr(HVG2_MSR_SIMP);
	hw->write_msr(HVG2_MSR_SIMP, v & (HVG2_HV_PAGE_SIZE - 1) & ~HVG2_SYNIC_ENABLE);
	v = hw->read_msr(HVG2_MSR_SIEFP);
	hw->write_msr(HVG2_MSR_SIEFP, v & (HVG2_HV_PAGE_SIZE - 1) & ~HVG2_SYNIC_ENABLE);
	v = hw->read_msr(HVG2_MSR_SCONTROL);
	hw->write_msr(HVG2_MSR_SCONTROL, v & ~HVG2_SYNIC_ENABLE);
}
EXPORT_SYMBOL_GPL(hvg2_hv_synic_disable);

/**
 * hvg2_hv_eom - end of message: the hypervisor may deliver the next one
 * @hw: the primitives
 */
void hvg2_hv_eom(const struct hvg2_hv_hw *hw)
{
	hw->write_msr(HVG2_MSR_EOM, 0);
}
EXPORT_SYMBOL_GPL(hvg2_hv_eom);

/*
 * One look at a CPU's VMBus slot during an emergency UNLOAD: true if it
 * holds UNLOAD_RESPONSE. Anything else there is thrown away (nobody will
 * handle it: we are going down) and, if the hypervisor has more queued,
 * EOM lets the next one in. EOM acts on the CPU that writes it, so only
 * the calling CPU's slot (@own) can be drained past its first message;
 * other CPUs' slots are still read, which is where the response lands when
 * the connection targeted another CPU.
 */
static bool hvg2_hv_unload_look(const struct hvg2_hv_hw *hw,
				struct hvg2_hv_message *slot, bool own)
{
	const struct hvg2_vmbus_msg_hdr *hdr = (const void *)slot->payload;
	u32 type = READ_ONCE(slot->message_type);
	bool done;

	if (type == HVG2_HVMSG_NONE)
		return false;
	/* the payload is read after the type that says it is there */
	virt_rmb();
	done = type == HVG2_HVMSG_VMBUS &&
	       slot->payload_size >= sizeof(*hdr) &&
	       READ_ONCE(hdr->msgtype) == HVG2_CHMSG_UNLOAD_RESPONSE;
	WRITE_ONCE(slot->message_type, HVG2_HVMSG_NONE);
	/* the slot is free before the hypervisor is told to refill it */
	virt_mb();
	if (own && (READ_ONCE(slot->flags) & HVG2_HVMSG_FLAG_PENDING))
		hvg2_hv_eom(hw);
	return done;
}

/**
 * hvg2_hv_unload_polled - UNLOAD with interrupts off (kexec, crash)
 * @hw: the primitives
 * @in: the hypercall input page (hypervisor-visible)
 * @conn_id: the transport's message connection id
 * @pages: the SynIC message pages of every CPU that may get the response
 * @npages: entries in @pages
 * @own: index in @pages of the calling CPU's page
 * @max_ms: how long to wait for UNLOAD_RESPONSE
 *
 * Before kexec or kdump starts the next kernel, the host must let go of
 * every page this kernel shared (rings, GPADLs): the next kernel would
 * otherwise find its memory written by the host. Nothing can sleep or take
 * an interrupt here, so the response is polled for in the message pages.
 *
 * Return: 0 when the host answered; -ETIMEDOUT; or the post's error.
 */
int hvg2_hv_unload_polled(const struct hvg2_hv_hw *hw,
			  struct hvg2_hv_post_message *in, u32 conn_id,
			  struct hvg2_hv_message_page *const *pages,
			  unsigned int npages, unsigned int own,
			  unsigned int max_ms)
{
	struct hvg2_vmbus_msg_hdr msg = { .msgtype = HVG2_CHMSG_UNLOAD };
	unsigned int i, ms;
	int ret;

	ret = hvg2_hv_encode_post(in, conn_id, &msg, sizeof(msg));
	if (ret)
		return ret;
	for (ms = 0; ; ms++) {
		ret = hvg2_hv_status_errno(hw->post_message(in));
		if (ret != -EAGAIN || ms >= max_ms)
			break;
		mdelay(1);
	}
	if (ret)
		return ret;
	for (ms = 0; ms <= max_ms; ms++) {
		for (i = 0; i < npages; i++) {
			struct hvg2_hv_message *slot;

			if (!pages[i])
				continue;
			slot = &pages[i]->sint[HVG2_VMBUS_SINT];
			if (hvg2_hv_unload_look(hw, slot, i == own))
				return 0;
		}
		if (ms < max_ms)
			mdelay(1);
	}
	return -ETIMEDOUT;
}
EXPORT_SYMBOL_GPL(hvg2_hv_unload_polled);
