/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The link: the seam between the VMBus transport and "the hypervisor".
 *
 * It sits as low as it can. Outbound, a link posts one channel message
 * (the post-message hypercall) and signals one event (the signal-event
 * hypercall). Inbound, it owns per-CPU SynIC pages in the real formats -
 * a message page and an event-flags page - and, when it has written them,
 * it calls hvg2_vmbus_link_interrupt() on that CPU: "look now". Everything
 * above this seam is the same code on Hyper-V and on the simulated host.
 *
 *   transport  --post_msg / signal_event / eom-->  link
 *   transport  <--SIMP slot, SIEFP bits, interrupt--  link
 *
 * Two links exist: the real Hyper-V one (drivers/vmbus/hyperv_link.c) and
 * hvg2_sim. At most one is registered at a time.
 */
#ifndef _HVG2_LINK_H
#define _HVG2_LINK_H

#include <linux/ioport.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include "hvg2/vmbus_wire.h"

struct hvg2_link;

/**
 * struct hvg2_link_ops - what the transport asks of the hypervisor
 * @post_msg: post @len bytes of channel message (HVG2_HVMSG_VMBUS) on
 *	connection @conn_id. May sleep. Returns 0, -EAGAIN when the
 *	hypervisor has no buffer now (the transport retries), or another
 *	negative errno.
 * @signal_event: signal connection @conn_id (a channel's connection id).
 *	Any context, must not sleep.
 * @eom: end of message on @cpu: the guest freed its message slot that had
 *	the pending flag; deliver the next queued message. Any context.
 * @vp_index: the hypervisor's number for @cpu (target_vcpu, target_vp).
 */
struct hvg2_link_ops {
	int (*post_msg)(struct hvg2_link *link, u32 conn_id, const void *msg,
			u32 len);
	void (*signal_event)(struct hvg2_link *link, u32 conn_id);
	void (*eom)(struct hvg2_link *link, unsigned int cpu);
	u32 (*vp_index)(struct hvg2_link *link, unsigned int cpu);
};

/**
 * struct hvg2_link_synic - one CPU's SynIC pages
 * @msg_page: the message page (SIMP); the transport reads slot
 *	HVG2_VMBUS_SINT
 * @event_page: the event-flags page (SIEFP); bit n of SINT
 *	HVG2_VMBUS_SINT's flags says channel relid n has work
 */
struct hvg2_link_synic {
	struct hvg2_hv_message_page *msg_page;
	struct hvg2_hv_event_page *event_page;
};

/**
 * struct hvg2_link - a registered link
 * @name: shown in the kernel log and in /sys/bus/vmbus/hvg2_link
 * @owner: the module implementing the link
 * @ops: see struct hvg2_link_ops
 * @synic: per-CPU pages, filled in by the link before registering, for
 *	every possible CPU
 * @mmio: the host's MMIO windows for devices (Gen2: the VMBus device's
 *	_CRS), copied by the transport at registration; may be NULL
 * @nmmio: entries in @mmio
 * @isolated: the guest is a confidential VM: the host may change shared
 *	memory at any time, so inbound packets are copied before they are
 *	validated (the transport's copy_out parameter overrides)
 * @priv: the link's own data
 */
struct hvg2_link {
	const char *name;
	struct module *owner;
	const struct hvg2_link_ops *ops;
	struct hvg2_link_synic __percpu *synic;
	const struct resource *mmio;
	unsigned int nmmio;
	bool isolated;
	void *priv;
};

/*
 * Register @link and connect through it: negotiate a version, request the
 * offers, wait for ALLOFFERS_DELIVERED. Returns 0 once connected, -EBUSY
 * when another link is registered, or the connection's error.
 */
int hvg2_vmbus_register_link(struct hvg2_link *link);

/*
 * Disconnect (remove every device, UNLOAD) and forget @link. On return the
 * transport no longer touches @link or its pages.
 */
void hvg2_vmbus_unregister_link(struct hvg2_link *link);

/*
 * The interrupt: called by the link on the CPU whose pages it wrote, with
 * interrupts disabled (hard interrupt context, or irq_work on the
 * simulated host).
 */
void hvg2_vmbus_link_interrupt(struct hvg2_link *link);

/*
 * The message connection id while @link is connected, else 0: what a link
 * needs to post UNLOAD itself on kexec or crash, when the transport cannot
 * run (no sleeping, no interrupts).
 */
u32 hvg2_vmbus_link_msg_conn_id(struct hvg2_link *link);

#endif /* _HVG2_LINK_H */
