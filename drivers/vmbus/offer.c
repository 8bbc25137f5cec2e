// SPDX-License-Identifier: GPL-2.0
/*
 * Offers and rescinds. The interrupt copies each OFFERCHANNEL,
 * RESCIND_CHANNELOFFER and ALLOFFERS_DELIVERED here; they are handled one
 * by one, in the host's order, on the connection's ordered workqueue,
 * because they add and remove devices (which probes and removes drivers).
 *
 * Rescind: the host has already let go of the channel (its GPADLs and
 * rings), so the guest fails everything in flight, removes the device
 * without sending CLOSECHANNEL or GPADL_TEARDOWN, and only then answers
 * RELID_RELEASED: after it the host may reuse the relid.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "internal.h"

struct hvg2_offer_work {
	struct work_struct work;
	u32 len;
	u8 msg[HVG2_HV_MESSAGE_PAYLOAD] __aligned(8);
};

struct hvg2_channel *hvg2_channel_get_relid(u32 relid)
{
	struct hvg2_channel *ch;

	if (relid > HVG2_MAX_RELID)
		return NULL;
	rcu_read_lock();
	ch = rcu_dereference(hvg2_conn.relid_map[relid]);
	if (ch)
		kobject_get(&ch->kobj);
	rcu_read_unlock();
	return ch;
}

void hvg2_relid_set(u32 relid, struct hvg2_channel *ch)
{
	spin_lock(&hvg2_conn.relid_lock);
	rcu_assign_pointer(hvg2_conn.relid_map[relid], ch);
	spin_unlock(&hvg2_conn.relid_lock);
}

static void hvg2_onoffer(const struct hvg2_vmbus_msg_offer *o)
{
	struct hvg2_channel *ch, *old;
	u32 relid = o->child_relid;
	int ret;

	if (!relid || relid > HVG2_MAX_RELID) {
		pr_warn("hvg2_vmbus: offer with invalid relid %u refused\n", relid);
		return;
	}
	old = hvg2_channel_get_relid(relid);
	if (old) {
		kobject_put(&old->kobj);
		pr_warn("hvg2_vmbus: second offer for relid %u refused\n", relid);
		return;
	}
	ch = hvg2_channel_alloc(o);
	if (!ch)
		return;
	/* The map's reference; published before the device so events find it. */
	hvg2_relid_set(relid, ch);
	if (hvg2_channel_is_sub(ch)) {
		/* no device of its own: it joins its primary's */
		hvg2_subchannel_offer(ch);
		return;
	}
	ret = hvg2_device_add(ch);
	if (ret) {
		pr_err("hvg2_vmbus: relid %u: device not added: %d\n", relid, ret);
		hvg2_relid_set(relid, NULL);
		synchronize_rcu();
		kobject_put(&ch->kobj);
	}
}

void hvg2_release_relid(struct hvg2_channel *ch)
{
	struct hvg2_vmbus_msg_relid msg = {
		.hdr.msgtype = HVG2_CHMSG_RELID_RELEASED,
		.child_relid = ch->relid,
	};

	hvg2_relid_set(ch->relid, NULL);
	/* No interrupt still looks at the channel (the map held it). */
	synchronize_rcu();
	if (hvg2_post(&msg, sizeof(msg)))
		pr_warn("hvg2_vmbus: RELID_RELEASED %u not posted\n", ch->relid);
	kobject_put(&ch->kobj);
}

static void hvg2_onrescind(const struct hvg2_vmbus_msg_relid *r)
{
	struct hvg2_channel *ch = hvg2_channel_get_relid(r->child_relid);
	struct hvg2_vmbus_device *dev;

	if (!ch) {
		pr_warn("hvg2_vmbus: rescind of unknown relid %u\n", r->child_relid);
		return;
	}
	hvg2_channel_rescind(ch);
	hvg2_waiters_fail_relid(ch->relid);
	if (hvg2_channel_is_sub(ch)) {
		/* its relid is released once it is closed */
		hvg2_subchannel_rescind(ch);
		kobject_put(&ch->kobj);
		return;
	}
	dev = ch->device;
	if (dev)
		hvg2_device_remove(dev);
	hvg2_release_relid(ch);
	kobject_put(&ch->kobj);
}

static void hvg2_offer_work(struct work_struct *work)
{
	struct hvg2_offer_work *ow = container_of(work, struct hvg2_offer_work, work);
	u32 type = ((struct hvg2_vmbus_msg_hdr *)ow->msg)->msgtype;

	switch (type) {
	case HVG2_CHMSG_OFFERCHANNEL:
		hvg2_onoffer((void *)ow->msg);
		break;
	case HVG2_CHMSG_RESCIND_CHANNELOFFER:
		hvg2_onrescind((void *)ow->msg);
		break;
	case HVG2_CHMSG_ALLOFFERS_DELIVERED:
		complete(&hvg2_conn.all_offers);
		break;
	}
	kfree(ow);
}

/*
 * From the interrupt, before a rescind is queued: the work items run in
 * order, and a driver's probe running on this workqueue (or a remove
 * holding the device lock) waits for host answers that a rescinded
 * channel never gets. Marking the channel now ends those waits
 * (hvg2_channel_wait(), hvg2_request()) instead of their timeouts; the
 * work item does the rest. The RCU read side keeps the channel: its map
 * entry is cleared and an RCU grace period passes before it is put
 * (hvg2_release_relid()).
 */
static void hvg2_rescind_early(const struct hvg2_vmbus_msg_relid *r)
{
	struct hvg2_channel *ch;

	if (r->child_relid > HVG2_MAX_RELID)
		return;
	rcu_read_lock();
	ch = rcu_dereference(hvg2_conn.relid_map[r->child_relid]);
	if (ch) {
		hvg2_channel_rescind(ch);
		hvg2_waiters_fail_relid(ch->relid);
	}
	rcu_read_unlock();
}

/* From the interrupt: @msg is a validated private copy. */
void hvg2_offer_queue(const void *msg, u32 len)
{
	struct hvg2_offer_work *ow = kzalloc(sizeof(*ow), GFP_ATOMIC);

	if (((const struct hvg2_vmbus_msg_hdr *)msg)->msgtype ==
	    HVG2_CHMSG_RESCIND_CHANNELOFFER)
		hvg2_rescind_early(msg);

	/* lost, as if the host never sent it; the allocator has said why */
	if (!ow)
		return;
	memcpy(ow->msg, msg, len);
	ow->len = len;
	INIT_WORK(&ow->work, hvg2_offer_work);
	queue_work(hvg2_conn.wq, &ow->work);
}

/*
 * Disconnect: remove every device (drivers close their channels, primary
 * and subchannels, while the host still answers), then drop the map's
 * references.
 */
void hvg2_offers_remove_all(void)
{
	u32 relid;

	flush_workqueue(hvg2_conn.wq);
	for (relid = 1; relid <= HVG2_MAX_RELID; relid++) {
		struct hvg2_channel *ch = hvg2_channel_get_relid(relid);

		if (!ch)
			continue;
		if (ch->device && !hvg2_channel_is_sub(ch))
			hvg2_device_remove(ch->device);
		kobject_put(&ch->kobj);
	}
	for (relid = 1; relid <= HVG2_MAX_RELID; relid++) {
		struct hvg2_channel *ch = hvg2_channel_get_relid(relid);

		if (!ch)
			continue;
		hvg2_relid_set(relid, NULL);
		synchronize_rcu();
		kobject_put(&ch->kobj);		/* the map's */
		kobject_put(&ch->kobj);		/* ours */
	}
}
