/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_hvapi internals. The shim keeps the kernel's own types
 * (<linux/hyperv.h>): an upstream driver built against that header reaches
 * into struct vmbus_channel and struct hv_ring_buffer_info from inline
 * helpers, so those structures must be the real ones, filled in coherently
 * with our transport's state.
 *
 *   main.c     module init/exit: the table of contents
 *   bus.c      the hvg2_hvapi bus, upstream driver registration, and the
 *              hvg2_vmbus driver that turns our devices into hv_devices
 *   channel.c  vmbus_open/close, interrupt dispatch, GPADLs, subchannels
 *   ring.c     the ring bookkeeping, send, and the packet iterator
 *   rqstor.c   the request-id table (channel->requestor)
 */
#ifndef _HVG2_HVAPI_H
#define _HVG2_HVAPI_H

#include <linux/hyperv.h>
#include <linux/mutex.h>
#include "hvg2/ring.h"
#include "hvg2/vmbus.h"

/**
 * struct hvapi_chan - one channel as the upstream driver sees it
 * @vc: the upstream channel; drivers hold pointers to it
 * @hch: our transport's channel; NULL for a KUnit channel over bare rings
 * @kin: KUnit only: the inbound ring, driven directly
 * @kout: KUnit only: the outbound ring
 * @lock: serialises open and close
 * @open: vmbus_open() succeeded and vmbus_close() has not run
 * @ready: the ring bookkeeping is bound: interrupts may be dispatched
 * @cur_wire: wire bytes (trailer included) of the packet the iterator
 *	returned last, 0 if none
 * @sc_lock: a primary's: protects vc.sc_list against new subchannels
 */
struct hvapi_chan {
	struct vmbus_channel vc;
	struct hvg2_channel *hch;
	struct hvg2_ring *kin, *kout;
	struct mutex lock;		/* open/close */
	bool open;
	bool ready;
	u32 cur_wire;
	struct mutex sc_lock;		/* a primary's vc.sc_list */
};

#define to_hvapi_chan(c) container_of(c, struct hvapi_chan, vc)

/**
 * struct hvapi_dev - one of our devices, as an hv_device
 * @hv: what the upstream driver binds to
 * @hd: our transport's device
 * @primary: the primary channel
 */
struct hvapi_dev {
	struct hv_device hv;
	struct hvg2_vmbus_device *hd;
	struct hvapi_chan primary;
};

/* bus.c */
int hvapi_bus_init(void);
void hvapi_bus_exit(void);

/* channel.c */
void hvapi_chan_init(struct hvapi_chan *c, struct hvg2_channel *hch,
		     struct hvapi_chan *primary);
void hvapi_chan_destroy(struct hvapi_chan *c);
void hvapi_subchannel_offer(struct hvg2_channel *sc, void *ctx);
void hvapi_subchannels_free(struct hvapi_chan *primary);

/* ring.c: bind the upstream bookkeeping to our rings, and undo it */
int hvg2_hvapi_rings_bind(struct hvapi_chan *c, struct hvg2_ring_hdr *out_hdr,
			  u32 out_size, struct hvg2_ring_hdr *in_hdr, u32 in_size);
void hvg2_hvapi_rings_unbind(struct hvapi_chan *c);

/* rqstor.c */
int hvg2_hvapi_rqstor_alloc(struct vmbus_channel *vc);
void hvg2_hvapi_rqstor_free(struct vmbus_channel *vc);

#endif /* _HVG2_HVAPI_H */
