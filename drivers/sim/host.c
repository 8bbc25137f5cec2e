// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated host's half of VMBus channel management.
 *
 * The guest's post-message hypercall lands in sim_post_from_guest(): the
 * message is copied and handled in order on the host's message workqueue
 * (its "host CPU"), under the host lock. Answers go back through the
 * simulated SynIC to the CPU the guest named in INITIATE_CONTACT.
 *
 * The host checks what the guest sends as Hyper-V would: unknown relids,
 * wrong connection ids, GPADLs that do not add up are refused, never
 * trusted.
 */
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "internal.h"

struct sim_host_msg {
	struct work_struct work;
	u32 conn_id;
	u32 len;
	u8 data[HVG2_HV_MESSAGE_PAYLOAD] __aligned(8);
};

static void sim_reply(struct sim_host *h, const void *msg, u32 len)
{
	sim_post_to_guest(h, h->guest_cpu, msg, len);
}

struct hvg2_sim_chan *sim_chan_by_relid(struct sim_host *h, u32 relid)
{
	if (!relid || relid > SIM_MAX_RELID)
		return NULL;
	return rcu_dereference_protected(h->by_relid[relid],
					 lockdep_is_held(&h->lock));
}

/* ---- offers and rescinds ---- */

/*
 * The monitor pages' slot of a channel, filled in as Hyper-V does before
 * it offers a monitored channel: the latency it will wait before it looks
 * (in 100 ns units) and the connection id the guest signals. We monitor
 * every channel whose relid has a slot; nothing reads the slots but the
 * guest's sysfs (we take signal_event only).
 */
#define SIM_MONITOR_LATENCY	100

static bool sim_monitor_fill(struct sim_host *h, u32 relid, u32 conn_id)
{
	unsigned int g = relid / HVG2_MONITOR_SLOTS, s = relid % HVG2_MONITOR_SLOTS;
	unsigned int i;

	if (relid >= HVG2_MONITOR_IDS || !h->monitor[0] || !h->monitor[1])
		return false;
	for (i = 0; i < 2; i++) {
		WRITE_ONCE(h->monitor[i]->latency[g][s], SIM_MONITOR_LATENCY);
		WRITE_ONCE(h->monitor[i]->param[g][s].conn_id, conn_id);
	}
	return true;
}

/*
 * INITIATE_CONTACT's monitor pages: guest physical addresses, checked like
 * any other the guest names (a page of RAM), then used through the direct
 * map - the host and the guest share one kernel here.
 */
static struct hvg2_monitor_page *sim_monitor_page(u64 gpa)
{
	if (!gpa || !PAGE_ALIGNED(gpa) || !pfn_valid(PHYS_PFN(gpa)))
		return NULL;
	return phys_to_virt(gpa);
}

/* Under h->lock: give channel @idx of @d a relid and offer it. */
static int sim_chan_offer(struct hvg2_sim_dev *d, unsigned int idx)
{
	struct sim_host *h = d->host;
	struct hvg2_sim_chan *c = &d->chan[idx];
	struct hvg2_vmbus_msg_offer o = {
		.hdr.msgtype = HVG2_CHMSG_OFFERCHANNEL,
	};
	u32 relid;

	relid = find_next_zero_bit(h->relid_busy, SIM_MAX_RELID + 1, 1);
	if (relid > SIM_MAX_RELID) {
		pr_warn("hvg2_sim: %s: no free relid\n", d->name);
		return -ENOSPC;
	}
	set_bit(relid, h->relid_busy);
	c->relid = relid;
	c->offered = true;
	rcu_assign_pointer(h->by_relid[relid], c);

	/* a subchannel: the same class and instance, its own index */
	o.offer.if_type = d->be->class_id;
	o.offer.if_instance = d->instance;
	o.offer.sub_channel_index = idx;
	o.child_relid = relid;
	o.connection_id = SIM_CONN_ID_BASE + relid;
	o.interrupt_flags = HVG2_VMBUS_OFFER_DEDICATED_INTR;
	if (sim_monitor_fill(h, relid, o.connection_id)) {
		o.monitor_id = relid;
		o.monitor_flags = HVG2_VMBUS_OFFER_MONITOR_ALLOCATED;
	}
	sim_reply(h, &o, sizeof(o));
	return 0;
}

/* Under h->lock: offer the device's primary channel (if connected). */
void sim_dev_offer(struct hvg2_sim_dev *d)
{
	if (d->offered || !d->enabled || !d->host->offers_sent)
		return;
	if (sim_chan_offer(d, 0))
		return;
	d->offered = true;
	d->nchans = 1;
}

/*
 * Under h->lock: stop the host end of the channel. The backend and the
 * host have let go of the ring pages when this returns.
 */
void sim_channel_stop(struct hvg2_sim_chan *c)
{
	struct sim_host *h = c->dev->host;

	if (!c->open)
		return;
	WRITE_ONCE(c->open, false);
	/* The guest's signals queue the work only while open (checked in it). */
	cancel_work_sync(&c->work);
	if (c->dev->be->close)
		c->dev->be->close(c);
	hvg2_ring_destroy(&c->in);
	hvg2_ring_destroy(&c->out);
	hvg2_ring_mem_free(&c->in_mem);
	hvg2_ring_mem_free(&c->out_mem);
	mutex_lock(&h->gpadl_lock);
	if (c->gpadl)
		c->gpadl->in_use = false;
	c->gpadl = NULL;
	mutex_unlock(&h->gpadl_lock);
}

/*
 * Under h->lock: take channels @from.. of the device back, subchannels
 * first. The host first lets go of each channel and its GPADLs (as
 * Hyper-V does), then tells the guest; a relid stays busy until the guest
 * answers RELID_RELEASED.
 */
static void sim_chans_rescind(struct hvg2_sim_dev *d, unsigned int from)
{
	struct sim_host *h = d->host;
	struct hvg2_vmbus_msg_relid r = {
		.hdr.msgtype = HVG2_CHMSG_RESCIND_CHANNELOFFER,
	};
	unsigned int i;

	if (d->nchans <= from)
		return;
	for (i = d->nchans; i-- > from; ) {
		struct hvg2_sim_chan *c = &d->chan[i];

		sim_channel_stop(c);
		sim_gpadls_free_relid(h, c->relid, false);
		rcu_assign_pointer(h->by_relid[c->relid], NULL);
	}
	/* sim_signal_from_guest() looks channels up under RCU */
	synchronize_rcu();
	for (i = d->nchans; i-- > from; ) {
		struct hvg2_sim_chan *c = &d->chan[i];

		cancel_work_sync(&c->work);
		r.child_relid = c->relid;
		c->offered = false;
		c->relid = 0;
		if (h->connected)
			sim_reply(h, &r, sizeof(r));
		else
			clear_bit(r.child_relid, h->relid_busy);
	}
	d->nchans = from;
}

/*
 * Subchannels, on the message queue (in order with the guest's messages):
 * offered only while the primary is open, as Hyper-V offers them in
 * answer to a request on the primary.
 */
void sim_dev_sub_work(struct work_struct *work)
{
	struct hvg2_sim_dev *d = container_of(work, struct hvg2_sim_dev, sub_work);
	struct sim_host *h = d->host;

	mutex_lock(&h->lock);
	while (d->offered && d->chan[0].open && d->nchans <= READ_ONCE(d->want_subs) &&
	       !sim_chan_offer(d, d->nchans))
		d->nchans++;
	mutex_unlock(&h->lock);
}

/**
 * hvg2_sim_offer_subchannels - offer subchannels of a device
 * @d: the device, whose primary channel is open
 * @n: how many subchannels it should have (1..HVG2_SIM_MAX_CHANNELS - 1)
 *
 * The offers (same class and instance, sub_channel_index 1..@n, each with
 * its own relid and connection id) go out after the caller returns, from
 * the host's message queue, if the primary is still open then; channels
 * already offered stay (@n never takes any back). All of them are
 * rescinded when the guest closes the primary, and with the device. Any
 * context that may sleep, the backend's hooks included.
 *
 * Return: 0, or -EINVAL for @n out of range.
 */
int hvg2_sim_offer_subchannels(struct hvg2_sim_dev *d, unsigned int n)
{
	if (!n || n >= HVG2_SIM_MAX_CHANNELS)
		return -EINVAL;
	WRITE_ONCE(d->want_subs, n);
	queue_work(d->host->msg_wq, &d->sub_work);
	return 0;
}
EXPORT_SYMBOL_GPL(hvg2_sim_offer_subchannels);

/* Under h->lock: take the device back, all its channels. */
void sim_dev_rescind(struct hvg2_sim_dev *d)
{
	if (!d->offered)
		return;
	sim_chans_rescind(d, 0);
	d->offered = false;
}

/* ---- connection ---- */

static bool sim_version_known(u32 v)
{
	switch (v) {
	case HVG2_VMBUS_V3_0: case HVG2_VMBUS_V4_0: case HVG2_VMBUS_V4_1:
	case HVG2_VMBUS_V5_0: case HVG2_VMBUS_V5_1: case HVG2_VMBUS_V5_2:
	case HVG2_VMBUS_V5_3:
		return true;
	}
	return false;
}

static void sim_initiate_contact(struct sim_host *h, u32 conn_id,
				 const struct hvg2_vmbus_msg_initiate_contact *m)
{
	struct hvg2_vmbus_msg_version_response r = {
		.hdr.msgtype = HVG2_CHMSG_VERSION_RESPONSE,
	};
	u32 want_conn = m->version >= HVG2_VMBUS_V5_0 ?
			HVG2_VMBUS_CONN_ID_MSG_5 : HVG2_VMBUS_CONN_ID_MSG;

	if (m->target_vcpu >= nr_cpu_ids || !cpu_online(m->target_vcpu) ||
	    conn_id != want_conn) {
		pr_warn("hvg2_sim: INITIATE_CONTACT on connection %u for vcpu %u refused\n",
			conn_id, m->target_vcpu);
		return;		/* Hyper-V would fail the hypercall: no answer */
	}
	if (m->version >= HVG2_VMBUS_V5_0 && m->msg_sint != HVG2_VMBUS_SINT) {
		pr_warn("hvg2_sim: guest asked for SINT %u; we only do %u\n",
			m->msg_sint, HVG2_VMBUS_SINT);
		return;
	}
	h->guest_cpu = m->target_vcpu;
	if (sim_version_known(m->version) && m->version <= sim_max_version) {
		r.version_supported = 1;
		r.msg_conn_id = m->version >= HVG2_VMBUS_V5_0 ?
				SIM_MSG_CONN_ID : 0;
		h->version = m->version;
		h->connected = true;
		h->monitor[0] = sim_monitor_page(m->monitor_page1);
		h->monitor[1] = sim_monitor_page(m->monitor_page2);
	}
	sim_reply(h, &r, sizeof(r));
}

static void sim_request_offers(struct sim_host *h)
{
	struct hvg2_vmbus_msg_hdr done = {
		.msgtype = HVG2_CHMSG_ALLOFFERS_DELIVERED,
	};
	struct hvg2_sim_dev *d;

	h->offers_sent = true;
	list_for_each_entry(d, &h->devs, node)
		sim_dev_offer(d);
	sim_reply(h, &done, sizeof(done));
}

/* UNLOAD: the guest is leaving. Let go of everything, then answer. */
static void sim_unload(struct sim_host *h)
{
	struct hvg2_vmbus_msg_hdr r = { .msgtype = HVG2_CHMSG_UNLOAD_RESPONSE };
	struct hvg2_sim_dev *d;
	unsigned int i;

	list_for_each_entry(d, &h->devs, node) {
		for (i = 0; i < d->nchans; i++) {
			struct hvg2_sim_chan *c = &d->chan[i];

			sim_channel_stop(c);
			rcu_assign_pointer(h->by_relid[c->relid], NULL);
		}
	}
	synchronize_rcu();
	list_for_each_entry(d, &h->devs, node) {
		for (i = 0; i < d->nchans; i++) {
			cancel_work_sync(&d->chan[i].work);
			d->chan[i].offered = false;
			d->chan[i].relid = 0;
		}
		d->nchans = 0;
		d->offered = false;
	}
	sim_gpadls_free_relid(h, 0, true);
	bitmap_zero(h->relid_busy, SIM_MAX_RELID + 1);
	h->offers_sent = false;
	h->connected = false;
	/* the guest frees them once we answer */
	h->monitor[0] = NULL;
	h->monitor[1] = NULL;
	sim_reply(h, &r, sizeof(r));
}

/* ---- channels ---- */

static void sim_open_result(struct sim_host *h, u32 relid, u32 openid, u32 st)
{
	struct hvg2_vmbus_msg_open_result r = {
		.hdr.msgtype = HVG2_CHMSG_OPENCHANNEL_RESULT,
		.child_relid = relid,
		.openid = openid,
		.status = st,
	};

	sim_reply(h, &r, sizeof(r));
}

/* Map one ring of the GPADL: header page, then data pages. */
static int sim_map_ring(struct hvg2_ring_mem *m, struct hvg2_ring *r,
			struct page **pages, u32 npages)
{
	int ret = hvg2_ring_mem_map(m, pages, npages);

	if (ret)
		return ret;
	/* the guest created the ring and reset its header; we only join */
	ret = hvg2_ring_init(r, hvg2_ring_mem_hdr(m), hvg2_ring_mem_data(m),
			     hvg2_ring_mem_data_size(m), 0);
	if (ret)
		hvg2_ring_mem_free(m);
	return ret;
}

static void sim_open(struct sim_host *h, const struct hvg2_vmbus_msg_open *m)
{
	struct hvg2_sim_chan *c = sim_chan_by_relid(h, m->child_relid);
	u32 off = m->downstream_offset;
	struct hvg2_sim_dev *d;
	struct sim_gpadl *g;

	if (!c || c->open)
		goto fail;
	d = c->dev;
	if (d->faults.refuse_open)
		goto fail;
	mutex_lock(&h->gpadl_lock);
	g = sim_gpadl_find(h, m->ring_gpadl);
	if (!g || !g->complete || g->in_use || g->vaddr ||
	    g->relid != c->relid || off < 2 || off > g->npfns - 2 ||
	    m->target_vp >= nr_cpu_ids || !cpu_online(m->target_vp)) {
		mutex_unlock(&h->gpadl_lock);
		pr_warn("hvg2_sim: %s: bad OPENCHANNEL (gpadl %#x offset %u vp %u)\n",
			d->name, m->ring_gpadl, off, m->target_vp);
		goto fail;
	}
	g->in_use = true;
	mutex_unlock(&h->gpadl_lock);
	/* host view: our inbound ring is the guest's outbound, at offset 0 */
	if (sim_map_ring(&c->in_mem, &c->in, g->pages, off))
		goto unuse;
	if (sim_map_ring(&c->out_mem, &c->out, g->pages + off, g->npfns - off))
		goto unmap_in;
	c->gpadl = g;
	WRITE_ONCE(c->target_cpu, m->target_vp);
	if (d->be->open && d->be->open(c))
		goto unmap_out;
	WRITE_ONCE(c->open, true);
	sim_open_result(h, m->child_relid, m->openid, 0);
	/* the guest may have queued packets already */
	queue_work(h->data_wq, &c->work);
	return;

unmap_out:
	c->gpadl = NULL;
	hvg2_ring_destroy(&c->out);
	hvg2_ring_mem_free(&c->out_mem);
unmap_in:
	hvg2_ring_destroy(&c->in);
	hvg2_ring_mem_free(&c->in_mem);
unuse:
	mutex_lock(&h->gpadl_lock);
	g->in_use = false;
	mutex_unlock(&h->gpadl_lock);
fail:
	sim_open_result(h, m->child_relid, m->openid, SIM_STATUS_FAIL);
}

static void sim_modify(struct sim_host *h, const struct hvg2_vmbus_msg_modify *m)
{
	struct hvg2_vmbus_msg_modify_response r = {
		.hdr.msgtype = HVG2_CHMSG_MODIFYCHANNEL_RESPONSE,
		.child_relid = m->child_relid,
	};
	struct hvg2_sim_chan *c = sim_chan_by_relid(h, m->child_relid);

	if (!c || m->target_vp >= nr_cpu_ids || !cpu_online(m->target_vp))
		r.status = SIM_STATUS_FAIL;
	else
		WRITE_ONCE(c->target_cpu, m->target_vp);
	if (h->version >= HVG2_VMBUS_V5_3)
		sim_reply(h, &r, sizeof(r));
}

/* The relid a guest message is about, for per-device faults. */
static u32 sim_msg_relid(u32 type, const void *msg)
{
	switch (type) {
	case HVG2_CHMSG_OPENCHANNEL:
	case HVG2_CHMSG_CLOSECHANNEL:
	case HVG2_CHMSG_RELID_RELEASED:
	case HVG2_CHMSG_GPADL_HEADER:
	case HVG2_CHMSG_GPADL_TEARDOWN:
	case HVG2_CHMSG_MODIFYCHANNEL:
		/* child_relid follows the header in all of these */
		return ((const struct hvg2_vmbus_msg_relid *)msg)->child_relid;
	}
	return 0;
}

/* Per-device faults: drop or delay. True: drop the message. */
static bool sim_fault(struct sim_host *h, u32 type, const void *msg)
{
	struct hvg2_sim_chan *c = sim_chan_by_relid(h, sim_msg_relid(type, msg));
	struct hvg2_sim_dev *d;
	unsigned int delay;

	if (!c)
		return false;
	d = c->dev;
	delay = READ_ONCE(d->faults.delay_ms);
	if (delay)
		msleep(delay);
	if (atomic_add_unless(&d->faults.drop_msgs, -1, 0)) {
		pr_info("hvg2_sim: %s: dropping message %u (fault)\n", d->name, type);
		return true;
	}
	return false;
}

static void sim_handle(struct sim_host *h, u32 conn_id, const void *msg, u32 len)
{
	u32 type = ((const struct hvg2_vmbus_msg_hdr *)msg)->msgtype;
	u32 min = hvg2_vmbus_msg_min_size(type);
	struct hvg2_sim_chan *c;

	if (!min || len < min) {
		pr_warn("hvg2_sim: guest message %u of %u bytes refused\n", type, len);
		return;
	}
	if (type != HVG2_CHMSG_INITIATE_CONTACT &&
	    (!h->connected || conn_id != (h->version >= HVG2_VMBUS_V5_0 ?
					  SIM_MSG_CONN_ID : HVG2_VMBUS_CONN_ID_MSG))) {
		pr_warn("hvg2_sim: message %u on connection %u refused\n",
			type, conn_id);
		return;
	}
	if (sim_fault(h, type, msg))
		return;

	switch (type) {
	case HVG2_CHMSG_INITIATE_CONTACT:
		sim_initiate_contact(h, conn_id, msg);
		break;
	case HVG2_CHMSG_REQUESTOFFERS:
		sim_request_offers(h);
		break;
	case HVG2_CHMSG_GPADL_HEADER:
		sim_gpadl_header(h, msg, len);
		break;
	case HVG2_CHMSG_GPADL_BODY:
		sim_gpadl_body(h, msg, len);
		break;
	case HVG2_CHMSG_GPADL_TEARDOWN:
		sim_gpadl_teardown(h, msg);
		break;
	case HVG2_CHMSG_OPENCHANNEL:
		sim_open(h, msg);
		break;
	case HVG2_CHMSG_CLOSECHANNEL:
		c = sim_chan_by_relid(h, ((const struct hvg2_vmbus_msg_relid *)msg)->child_relid);
		if (!c)
			break;
		sim_channel_stop(c);
		/* Hyper-V takes the subchannels back when the primary closes */
		if (!c->subidx)
			sim_chans_rescind(c->dev, 1);
		break;
	case HVG2_CHMSG_RELID_RELEASED: {
		u32 relid = ((const struct hvg2_vmbus_msg_relid *)msg)->child_relid;

		/* only a rescinded relid can be released */
		if (relid && relid <= SIM_MAX_RELID && !sim_chan_by_relid(h, relid))
			clear_bit(relid, h->relid_busy);
		break;
	}
	case HVG2_CHMSG_UNLOAD:
		sim_unload(h);
		break;
	case HVG2_CHMSG_MODIFYCHANNEL:
		sim_modify(h, msg);
		break;
	default:
		pr_warn("hvg2_sim: guest sent host-side message %u\n", type);
	}
}

static void sim_msg_work(struct work_struct *work)
{
	struct sim_host_msg *m = container_of(work, struct sim_host_msg, work);
	struct sim_host *h = &sim_host;

	mutex_lock(&h->lock);
	sim_handle(h, m->conn_id, m->data, m->len);
	mutex_unlock(&h->lock);
	kfree(m);
}

/* The post-message hypercall. */
int sim_post_from_guest(struct hvg2_link *link, u32 conn_id, const void *msg,
			u32 len)
{
	struct sim_host *h = link->priv;
	struct sim_host_msg *m;

	if (len < sizeof(struct hvg2_vmbus_msg_hdr) || len > HVG2_HV_MESSAGE_PAYLOAD)
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -EAGAIN;		/* HV_STATUS_INSUFFICIENT_BUFFERS */
	memcpy(m->data, msg, len);
	m->len = len;
	m->conn_id = conn_id;
	INIT_WORK(&m->work, sim_msg_work);
	queue_work(h->msg_wq, &m->work);
	return 0;
}

/* The signal-event hypercall: wake the host end of the channel. */
void sim_signal_from_guest(struct hvg2_link *link, u32 conn_id)
{
	struct sim_host *h = link->priv;
	u32 relid = conn_id - SIM_CONN_ID_BASE;
	struct hvg2_sim_chan *c;

	if (relid == 0 || relid > SIM_MAX_RELID)
		return;		/* Hyper-V: HV_STATUS_INVALID_CONNECTION_ID */
	rcu_read_lock();
	c = rcu_dereference(h->by_relid[relid]);
	if (c && READ_ONCE(c->open)) {
		atomic64_inc(&c->guest_signals);
		queue_work(h->data_wq, &c->work);
	}
	rcu_read_unlock();
}

/* ---- the host end of a channel ---- */

/*
 * A channel's work item, on the data workqueue: the faults every class
 * shares, then the backend.
 */
void sim_chan_work(struct work_struct *work)
{
	struct hvg2_sim_chan *c = container_of(work, struct hvg2_sim_chan, work);
	struct hvg2_sim_dev *d = c->dev;

	/* close clears ->open, then cancels us: never touch a stopped ring */
	if (!READ_ONCE(c->open) || READ_ONCE(d->faults.stall))
		return;
	if (atomic_add_unless(&d->faults.corrupt_ring, -1, 0)) {
		/* a write index past the end of the guest's inbound ring */
		WRITE_ONCE(c->out.hdr->write_index, c->out.size + 8);
		pr_info("hvg2_sim: %s: corrupted the ring index (fault)\n", d->name);
		hvg2_sim_signal(c);
		return;
	}
	d->be->work(c);
}

/**
 * hvg2_sim_kick - run a channel's work again
 * @c: the channel
 *
 * For a backend that stopped early (budget spent, waiting for room or for
 * its own completions): the work runs again on the data workqueue, if the
 * channel is still open then. Any context.
 */
void hvg2_sim_kick(struct hvg2_sim_chan *c)
{
	queue_work(c->dev->host->data_wq, &c->work);
}
EXPORT_SYMBOL_GPL(hvg2_sim_kick);
