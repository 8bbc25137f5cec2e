// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: vmbus_open/close over hvg2_channel_open/close, the interrupt
 * dispatch by callback_mode, GPADLs, and the subchannel callback.
 *
 * Dispatch, as upstream: our transport calls us in its interrupt (hard
 * irq, interrupts off). HV_CALL_ISR drivers (netvsc) are called right
 * there; HV_CALL_BATCHED (the default, storvsc) and HV_CALL_DIRECT run in
 * the channel's tasklet (callback_event), BATCHED with the host's
 * interrupts masked while the driver drains the ring and re-run while
 * packets remain.
 */
#include <linux/interrupt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "hvapi.h"

/* ---- dispatch ---- */

static void hvapi_dispatch(struct hvapi_chan *c)
{
	struct vmbus_channel *vc = &c->vc;
	void (*cb)(void *ctx) = READ_ONCE(vc->onchannel_callback);

	if (!cb)
		return;
	switch (READ_ONCE(vc->callback_mode)) {
	case HV_CALL_ISR:
		cb(vc->channel_callback_context);
		break;
	case HV_CALL_BATCHED:
		hv_begin_read(&vc->inbound);
		fallthrough;
	case HV_CALL_DIRECT:
		tasklet_schedule(&vc->callback_event);
		break;
	}
}

/* Our transport's channel callback: its interrupt, under RCU, irqs off. */
static void hvapi_chan_cb(struct hvg2_channel *hch, void *ctx)
{
	struct hvapi_chan *c = ctx;

	c->vc.interrupts++;
	/* Pairs with smp_store_release() in vmbus_open(): rings bound. */
	if (smp_load_acquire(&c->ready))
		hvapi_dispatch(c);
}

static void hvapi_chan_tasklet(struct tasklet_struct *t)
{
	struct hvapi_chan *c = from_tasklet(c, t, vc.callback_event);
	struct vmbus_channel *vc = &c->vc;
	void (*cb)(void *ctx) = READ_ONCE(vc->onchannel_callback);

	if (!cb || !READ_ONCE(c->ready))
		return;
	cb(vc->channel_callback_context);
	if (READ_ONCE(vc->callback_mode) != HV_CALL_BATCHED)
		return;
	/* unmask; packets that came meanwhile may not have interrupted us */
	if (!hv_end_read(&vc->inbound))
		return;
	hv_begin_read(&vc->inbound);
	tasklet_schedule(t);
}

/* ---- lifetime ---- */

/**
 * hvapi_chan_init - set up a channel before the driver sees it
 * @c: zeroed memory
 * @hch: our transport's channel (NULL for KUnit)
 * @primary: the primary channel, NULL for a primary
 */
void hvapi_chan_init(struct hvapi_chan *c, struct hvg2_channel *hch,
		     struct hvapi_chan *primary)
{
	struct vmbus_channel *vc = &c->vc;

	c->hch = hch;
	mutex_init(&c->lock);
	mutex_init(&c->sc_lock);
	INIT_LIST_HEAD(&vc->sc_list);
	INIT_LIST_HEAD(&vc->listentry);
	tasklet_setup(&vc->callback_event, hvapi_chan_tasklet);
	spin_lock_init(&vc->sched_lock);
	spin_lock_init(&vc->requestor.req_lock);
	spin_lock_init(&vc->outbound.ring_lock);
	spin_lock_init(&vc->inbound.ring_lock);
	vc->callback_mode = HV_CALL_BATCHED;
	vc->primary_channel = primary ? &primary->vc : NULL;
	vc->state = CHANNEL_OPEN_STATE;		/* upstream: offered, closed */
	if (hch) {
		vc->offermsg.child_relid = hvg2_channel_relid(hch);
		vc->target_cpu = hvg2_channel_cpu(hch);
	}
}

/**
 * hvapi_chan_destroy - free what a closed channel still holds
 * @c: the channel
 */
void hvapi_chan_destroy(struct hvapi_chan *c)
{
	tasklet_kill(&c->vc.callback_event);
	mutex_destroy(&c->sc_lock);
	mutex_destroy(&c->lock);
}

/* ---- subchannels ---- */

/**
 * hvapi_subchannel_offer - our transport offers a subchannel of a device
 * @sc: the new subchannel, closed
 * @ctx: the primary channel (struct hvapi_chan)
 *
 * Process context, serialised by the transport. As upstream: the
 * subchannel joins the primary's sc_list, and the driver's
 * sc_creation_callback (set with vmbus_set_sc_create_callback()) gets it,
 * to open it there. Without a callback it waits on the list, closed.
 */
void hvapi_subchannel_offer(struct hvg2_channel *sc, void *ctx)
{
	struct hvapi_chan *p = ctx, *c;
	void (*cb)(struct vmbus_channel *new_sc);

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return;		/* the subchannel stays unused, closed */
	hvapi_chan_init(c, sc, p);
	c->vc.offermsg.offer = p->vc.offermsg.offer;
	c->vc.offermsg.offer.sub_channel_index = hvg2_channel_subindex(sc);
	c->vc.device_id = p->vc.device_id;
	/* upstream leaves a subchannel's device_obj NULL: drivers use the primary's */
	mutex_lock(&p->sc_lock);
	list_add_tail(&c->vc.sc_list, &p->vc.sc_list);
	mutex_unlock(&p->sc_lock);
	cb = READ_ONCE(p->vc.sc_creation_callback);
	if (cb)
		cb(&c->vc);
}

/**
 * hvapi_subchannels_free - free a primary's subchannels, all closed
 * @p: the primary; no subchannel is offered any more
 */
void hvapi_subchannels_free(struct hvapi_chan *p)
{
	struct vmbus_channel *sc, *tmp;

	mutex_lock(&p->sc_lock);
	list_for_each_entry_safe(sc, tmp, &p->vc.sc_list, sc_list) {
		list_del(&sc->sc_list);
		hvapi_chan_destroy(to_hvapi_chan(sc));
		kfree(to_hvapi_chan(sc));
	}
	mutex_unlock(&p->sc_lock);
}

/* ---- open and close ---- */

/**
 * vmbus_open - open a channel
 * @channel: the channel, closed
 * @send_ringbuffersize: the guest-to-host ring, header page included
 * @recv_ringbuffersize: the host-to-guest ring, header page included
 * @userdata: bytes for the host in OPENCHANNEL's user data: all zero
 * @userdatalen: their length, at most MAX_USER_DEFINED_BYTES
 * @onchannel_callback: called when the host signals (see callback_mode)
 * @context: its argument
 *
 * Allocates the request-id table if the driver set rqstor_size, and the
 * packet buffer for hv_pkt_iter_first() (max_pkt_size, default 4 KiB).
 *
 * Return: 0; -EINVAL for sizes, non-zero user data or a channel already open;
 * -ENODEV when rescinded; -EAGAIN when the host refused; -ENOMEM;
 * -ETIMEDOUT.
 */
int vmbus_open(struct vmbus_channel *channel, u32 send_ringbuffersize,
	       u32 recv_ringbuffersize, void *userdata, u32 userdatalen,
	       void (*onchannel_callback)(void *context), void *context)
{
	struct hvapi_chan *c = to_hvapi_chan(channel);
	struct hvg2_ring_hdr *oh, *ih;
	u32 os, is;
	int ret;

	/*
	 * Our transport sends OPENCHANNEL's user data zeroed. hv_storvsc
	 * passes a zeroed struct vmstorage_channel_properties: the same bytes.
	 * Only hv_sock sends something else, and it is not served here.
	 */
	if (userdatalen > MAX_USER_DEFINED_BYTES ||
	    (userdatalen && memchr_inv(userdata, 0, userdatalen)) || !c->hch ||
	    send_ringbuffersize <= PAGE_SIZE || recv_ringbuffersize <= PAGE_SIZE ||
	    !PAGE_ALIGNED(send_ringbuffersize) || !PAGE_ALIGNED(recv_ringbuffersize))
		return -EINVAL;
	mutex_lock(&c->lock);
	ret = -EINVAL;
	if (c->open)
		goto unlock;
	ret = -ENODEV;
	if (READ_ONCE(channel->rescind) || hvg2_channel_rescinded(c->hch))
		goto unlock;
	ret = hvg2_hvapi_rqstor_alloc(channel);
	if (ret)
		goto unlock;
	if (!channel->max_pkt_size)
		channel->max_pkt_size = VMBUS_DEFAULT_MAX_PKT_SIZE;
	channel->onchannel_callback = onchannel_callback;
	channel->channel_callback_context = context;
	channel->state = CHANNEL_OPENING_STATE;

	ret = hvg2_channel_open(c->hch, send_ringbuffersize - PAGE_SIZE,
				recv_ringbuffersize - PAGE_SIZE, hvapi_chan_cb, c);
	if (ret == -EIO)
		ret = -EAGAIN;		/* upstream's "host refused" */
	if (ret)
		goto free_rqstor;
	ret = -EIO;
	oh = hvg2_channel_ring_hdr(c->hch, true, &os);
	ih = hvg2_channel_ring_hdr(c->hch, false, &is);
	if (!oh || !ih)
		goto close;
	ret = hvg2_hvapi_rings_bind(c, oh, os, ih, is);
	if (ret)
		goto close;
	channel->state = CHANNEL_OPENED_STATE;
	c->open = true;
	/*
	 * Publish the bookkeeping to the interrupt (pairs with the
	 * smp_load_acquire() in hvapi_chan_cb()). The host may have signalled
	 * while we were not ready: dispatch once, a spurious call is harmless.
	 */
	smp_store_release(&c->ready, true);
	local_irq_disable();
	hvapi_dispatch(c);
	local_irq_enable();
	mutex_unlock(&c->lock);
	return 0;

close:
	hvg2_channel_close(c->hch);
free_rqstor:
	hvg2_hvapi_rqstor_free(channel);
	channel->onchannel_callback = NULL;
	channel->state = CHANNEL_OPEN_STATE;
unlock:
	mutex_unlock(&c->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_open);

static void hvapi_close_one(struct hvapi_chan *c)
{
	struct vmbus_channel *vc = &c->vc;

	mutex_lock(&c->lock);
	if (!c->open)
		goto unlock;
	/*
	 * No dispatch after this: the interrupt tests ->ready under RCU
	 * (interrupts off), the tasklet tests it before it re-arms itself.
	 */
	WRITE_ONCE(c->ready, false);
	synchronize_rcu();
	tasklet_kill(&vc->callback_event);
	hvg2_channel_close(c->hch);
	hvg2_hvapi_rings_unbind(c);
	hvg2_hvapi_rqstor_free(vc);
	vc->onchannel_callback = NULL;
	vc->state = CHANNEL_OPEN_STATE;
	c->open = false;
unlock:
	mutex_unlock(&c->lock);
}

/**
 * vmbus_close - close a channel, and a primary's open subchannels first
 * @channel: the channel
 *
 * The driver must have stopped using it (NAPI disabled, no sends). Frees
 * the request-id table. Closing a primary also forgets its subchannels:
 * the host rescinds them when the primary closes (Hyper-V does, and so
 * does the simulated host), and our transport frees a closed subchannel
 * on its rescind - upstream's vmbus drops them from sc_list then, too. A
 * driver that opens the primary again asks for new subchannels.
 */
void vmbus_close(struct vmbus_channel *channel)
{
	struct hvapi_chan *c = to_hvapi_chan(channel);
	struct vmbus_channel *sc;

	if (!channel->primary_channel) {
		mutex_lock(&c->sc_lock);
		list_for_each_entry(sc, &channel->sc_list, sc_list)
			hvapi_close_one(to_hvapi_chan(sc));
		mutex_unlock(&c->sc_lock);
	}
	hvapi_close_one(c);
	if (!channel->primary_channel)
		hvapi_subchannels_free(c);
}
EXPORT_SYMBOL_GPL(vmbus_close);

/**
 * vmbus_set_sc_create_callback - be told of each new subchannel
 * @primary_channel: the device's primary channel
 * @sc_cr_cb: called in process context with the new subchannel, which the
 *	driver may open there
 */
void vmbus_set_sc_create_callback(struct vmbus_channel *primary_channel,
				  void (*sc_cr_cb)(struct vmbus_channel *new_sc))
{
	primary_channel->sc_creation_callback = sc_cr_cb;
}
EXPORT_SYMBOL_GPL(vmbus_set_sc_create_callback);

/* ---- GPADLs ---- */

/**
 * vmbus_establish_gpadl - share a buffer with the host
 * @channel: the channel the GPADL belongs to
 * @kbuffer: page aligned, a whole number of pages (kmalloc or vmalloc)
 * @size: its size
 * @gpadl: filled in
 *
 * Return: 0, -EINVAL, -ENOMEM, -ENODEV (rescinded), -EIO or -ETIMEDOUT.
 * After -ETIMEDOUT the host may hold the pages: never free them.
 */
int vmbus_establish_gpadl(struct vmbus_channel *channel, void *kbuffer,
			  u32 size, struct vmbus_gpadl *gpadl)
{
	struct hvapi_chan *c = to_hvapi_chan(channel);
	u32 handle;
	int ret;

	gpadl->gpadl_handle = 0;
	if (!c->hch)
		return -EINVAL;
	ret = hvg2_channel_gpadl_create(c->hch, kbuffer, size, &handle);
	if (ret)
		return ret;
	gpadl->gpadl_handle = handle;
	gpadl->size = size;
	gpadl->buffer = kbuffer;
	gpadl->decrypted = false;
	return 0;
}
EXPORT_SYMBOL_GPL(vmbus_establish_gpadl);

/**
 * vmbus_teardown_gpadl - take a buffer back from the host
 * @channel: the channel the GPADL belongs to
 * @gpadl: from vmbus_establish_gpadl()
 *
 * Return: 0 (the buffer may be freed), or an error: the host may still
 * hold the buffer, never free it then (upstream drivers leak it).
 */
int vmbus_teardown_gpadl(struct vmbus_channel *channel,
			 struct vmbus_gpadl *gpadl)
{
	struct hvapi_chan *c = to_hvapi_chan(channel);
	int ret;

	if (!c->hch || !gpadl->gpadl_handle)
		return -EINVAL;
	ret = hvg2_channel_gpadl_teardown(c->hch, gpadl->gpadl_handle);
	if (!ret)
		gpadl->gpadl_handle = 0;
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_teardown_gpadl);
