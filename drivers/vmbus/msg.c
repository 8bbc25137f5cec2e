// SPDX-License-Identifier: GPL-2.0
/*
 * The transport's side of the link: the interrupt that reads the SynIC
 * message slot and event flags, posting channel messages, and waiting for
 * the host's responses.
 *
 * Responses (VERSION_RESPONSE, OPENCHANNEL_RESULT, GPADL_CREATED, ...) are
 * matched to their waiter right in the interrupt, so a waiter can never be
 * stuck behind an offer being processed. Offers, rescinds and
 * ALLOFFERS_DELIVERED are copied out and handled in order on the
 * connection's workqueue, because they register and remove devices.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "internal.h"

unsigned int hvg2_msg_timeout_ms = 10000;
module_param_named(msg_timeout_ms, hvg2_msg_timeout_ms, uint, 0644);
MODULE_PARM_DESC(msg_timeout_ms, "How long to wait for a host response (ms)");

/* ---- posting ---- */

/*
 * The hypervisor refuses a message when its buffers for us are full; it
 * frees them as the host reads. Retry with a growing sleep, like a guest
 * on a busy host must.
 */
int hvg2_post_conn(u32 conn_id, const void *msg, u32 len)
{
	struct hvg2_link *link = hvg2_conn.cur_link;
	unsigned int tries;
	int ret = -EAGAIN;

	if (!link)
		return -ENOTCONN;
	if (len > HVG2_HV_MESSAGE_PAYLOAD)
		return -EINVAL;
	for (tries = 0; tries < 100; tries++) {
		ret = link->ops->post_msg(link, conn_id, msg, len);
		if (ret != -EAGAIN)
			break;
		usleep_range(100 << min(tries, 6u), 200 << min(tries, 6u));
	}
	return ret;
}

int hvg2_post(const void *msg, u32 len)
{
	return hvg2_post_conn(hvg2_conn.msg_conn_id, msg, len);
}

/* ---- waiting for responses ---- */

void hvg2_waiter_init(struct hvg2_waiter *w, u32 resp_type, u32 key, u32 relid)
{
	INIT_LIST_HEAD(&w->node);
	w->resp_type = resp_type;
	w->key = key;
	w->relid = relid;
	w->status = 0;
	w->len = 0;
	init_completion(&w->done);
}

/* Add before posting the request: the response may beat the post's return. */
void hvg2_waiter_add(struct hvg2_waiter *w)
{
	unsigned long flags;

	spin_lock_irqsave(&hvg2_conn.wait_lock, flags);
	list_add_tail(&w->node, &hvg2_conn.waiters);
	spin_unlock_irqrestore(&hvg2_conn.wait_lock, flags);
}

void hvg2_waiter_del(struct hvg2_waiter *w)
{
	unsigned long flags;

	spin_lock_irqsave(&hvg2_conn.wait_lock, flags);
	list_del_init(&w->node);
	spin_unlock_irqrestore(&hvg2_conn.wait_lock, flags);
}

/*
 * Wait for the response, bounded: a host that never answers gives
 * -ETIMEDOUT, never a hung task. The waiter is off the list on return, so
 * a late response finds no one and is dropped.
 */
int hvg2_waiter_wait(struct hvg2_waiter *w)
{
	unsigned long t = msecs_to_jiffies(hvg2_msg_timeout_ms);
	int ret = 0;

	if (!wait_for_completion_timeout(&w->done, t))
		ret = -ETIMEDOUT;
	hvg2_waiter_del(w);
	if (!ret)
		ret = w->status;
	return ret;
}

static void hvg2_waiters_fail(bool all, u32 relid)
{
	struct hvg2_waiter *w, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&hvg2_conn.wait_lock, flags);
	list_for_each_entry_safe(w, tmp, &hvg2_conn.waiters, node) {
		if (!all && w->relid != relid)
			continue;
		list_del_init(&w->node);
		w->status = all ? -ENOTCONN : -ENODEV;
		complete(&w->done);
	}
	spin_unlock_irqrestore(&hvg2_conn.wait_lock, flags);
}

/**
 * hvg2_request - post a message and wait for its response
 * @ch: the channel it is about (a rescind fails the wait), or NULL
 * @conn_id: the connection to post on
 * @msg: the message
 * @len: its length
 * @resp_type: the response's HVG2_CHMSG_* type
 * @key: the response's relid or GPADL handle (see hvg2_resp_key())
 * @resp: where the response is copied
 * @resp_size: its size
 *
 * Return: 0 with @resp filled; -ENODEV (rescinded), -ETIMEDOUT,
 * -ENOTCONN, -ENOMEM or the post's error.
 */
int hvg2_request(struct hvg2_channel *ch, u32 conn_id, const void *msg,
		 u32 len, u32 resp_type, u32 key, void *resp, u32 resp_size)
{
	struct hvg2_waiter *w = kmalloc(sizeof(*w), GFP_KERNEL);
	int ret;

	if (!w)
		return -ENOMEM;
	hvg2_waiter_init(w, resp_type, key, ch ? ch->relid : U32_MAX);
	/* first on the list, then the rescind check: see hvg2_channel_rescind() */
	hvg2_waiter_add(w);
	ret = ch && READ_ONCE(ch->rescinded) ? -ENODEV :
	      hvg2_post_conn(conn_id, msg, len);
	if (ret)
		hvg2_waiter_del(w);
	else
		ret = hvg2_waiter_wait(w);
	if (!ret)
		memcpy(resp, w->resp, min_t(u32, resp_size, sizeof(w->resp)));
	kfree(w);
	return ret;
}

/* A rescind fails every wait on that channel: the host will not answer. */
void hvg2_waiters_fail_relid(u32 relid)
{
	hvg2_waiters_fail(false, relid);
}

void hvg2_waiters_fail_all(void)
{
	hvg2_waiters_fail(true, 0);
}

/* The key a response is matched on, read from the (validated) message. */
static u32 hvg2_resp_key(u32 type, const void *msg)
{
	switch (type) {
	case HVG2_CHMSG_OPENCHANNEL_RESULT:
		return ((const struct hvg2_vmbus_msg_open_result *)msg)->child_relid;
	case HVG2_CHMSG_GPADL_CREATED:
		return ((const struct hvg2_vmbus_msg_gpadl_created *)msg)->gpadl;
	case HVG2_CHMSG_GPADL_TORNDOWN:
		return ((const struct hvg2_vmbus_msg_gpadl_torndown *)msg)->gpadl;
	case HVG2_CHMSG_MODIFYCHANNEL_RESPONSE:
		return ((const struct hvg2_vmbus_msg_modify_response *)msg)->child_relid;
	default:
		return 0;
	}
}

static void hvg2_response(u32 type, const void *msg, u32 len)
{
	u32 key = hvg2_resp_key(type, msg);
	struct hvg2_waiter *w;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&hvg2_conn.wait_lock, flags);
	list_for_each_entry(w, &hvg2_conn.waiters, node) {
		if (w->resp_type != type || w->key != key)
			continue;
		memcpy(w->resp, msg, len);
		w->len = len;
		list_del_init(&w->node);
		complete(&w->done);
		found = true;
		break;
	}
	spin_unlock_irqrestore(&hvg2_conn.wait_lock, flags);
	if (!found)
		pr_warn_ratelimited("hvg2_vmbus: unsolicited response %u (key %u) dropped\n",
				    type, key);
}

/* ---- the interrupt ---- */

/*
 * One channel message from the slot. @msg is the hypervisor-owned slot:
 * the size and type are read once and checked before anything else.
 */
static void hvg2_handle_msg(const struct hvg2_hv_message *slot)
{
	u8 buf[HVG2_HV_MESSAGE_PAYLOAD] __aligned(8);
	u32 len = READ_ONCE(slot->payload_size);
	u32 type;

	if (len < sizeof(struct hvg2_vmbus_msg_hdr) ||
	    len > HVG2_HV_MESSAGE_PAYLOAD) {
		pr_warn_ratelimited("hvg2_vmbus: message of bad size %u dropped\n",
				    len);
		return;
	}
	/* one copy, then only the copy is looked at */
	memcpy(buf, slot->payload, len);
	type = ((struct hvg2_vmbus_msg_hdr *)buf)->msgtype;
	if (len < hvg2_vmbus_msg_min_size(type) ||
	    !hvg2_vmbus_msg_min_size(type)) {
		pr_warn_ratelimited("hvg2_vmbus: message type %u size %u dropped\n",
				    type, len);
		return;
	}
	/* The fields past len are zero, as in a short message from the host. */
	memset(buf + len, 0, sizeof(buf) - len);

	switch (type) {
	case HVG2_CHMSG_OFFERCHANNEL:
	case HVG2_CHMSG_RESCIND_CHANNELOFFER:
	case HVG2_CHMSG_ALLOFFERS_DELIVERED:
		hvg2_offer_queue(buf, len);
		break;
	case HVG2_CHMSG_VERSION_RESPONSE:
	case HVG2_CHMSG_OPENCHANNEL_RESULT:
	case HVG2_CHMSG_GPADL_CREATED:
	case HVG2_CHMSG_GPADL_TORNDOWN:
	case HVG2_CHMSG_UNLOAD_RESPONSE:
	case HVG2_CHMSG_MODIFYCHANNEL_RESPONSE:
		hvg2_response(type, buf, len);
		break;
	default:
		pr_warn_ratelimited("hvg2_vmbus: host sent guest-side message %u\n",
				    type);
	}
}

/* Channels whose bit is set in this CPU's event flags. */
static void hvg2_scan_events(struct hvg2_hv_event_page *ep)
{
	unsigned long *flags = ep->flags[HVG2_VMBUS_SINT];
	unsigned int word, bit;

	for (word = 0; word < HVG2_HV_EVENT_FLAGS_BITS / BITS_PER_LONG; word++) {
		unsigned long bits;

		if (!READ_ONCE(flags[word]))
			continue;
		/* Atomic: the hypervisor sets bits concurrently. */
		bits = xchg(&flags[word], 0);
		for_each_set_bit(bit, &bits, BITS_PER_LONG) {
			u32 relid = word * BITS_PER_LONG + bit;
			struct hvg2_channel *ch;

			ch = rcu_dereference(hvg2_conn.relid_map[relid]);
			if (ch)
				hvg2_channel_event(ch);
		}
	}
}

/**
 * hvg2_vmbus_link_interrupt - the link says: look at this CPU's SynIC pages
 * @link: the link that wrote them
 *
 * Called with interrupts disabled on the CPU whose pages were written.
 * Event flags first (data path), then the message slot. The slot is freed
 * by storing HVG2_HVMSG_NONE; if the hypervisor queued more meanwhile (the
 * pending flag), EOM asks it to deliver the next one.
 */
void hvg2_vmbus_link_interrupt(struct hvg2_link *link)
{
	struct hvg2_link_synic *s;
	struct hvg2_hv_message *slot;

	rcu_read_lock();
	if (rcu_dereference(hvg2_conn.link) != link)
		goto out;
	s = this_cpu_ptr(link->synic);
	if (s->event_page)
		hvg2_scan_events(s->event_page);
	if (!s->msg_page)
		goto out;
	slot = &s->msg_page->sint[HVG2_VMBUS_SINT];
	if (READ_ONCE(slot->message_type) == HVG2_HVMSG_NONE)
		goto out;
	/* Pairs with the hypervisor's write barrier before message_type. */
	smp_rmb();
	hvg2_handle_msg(slot);
	WRITE_ONCE(slot->message_type, HVG2_HVMSG_NONE);
	/*
	 * Order the slot release before reading the pending flag; pairs with
	 * the hypervisor setting the flag and then re-reading message_type
	 * (one of the two sees the other's store).
	 */
	smp_mb();
	if (READ_ONCE(slot->flags) & HVG2_HVMSG_FLAG_PENDING)
		link->ops->eom(link, smp_processor_id());
out:
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_link_interrupt);
