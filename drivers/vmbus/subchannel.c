// SPDX-License-Identifier: GPL-2.0
/*
 * Subchannels: offers with a non-zero sub_channel_index. They carry the
 * class and instance GUIDs of a device already offered (their primary)
 * and become channels of that device, not devices of their own:
 *
 *   /sys/bus/vmbus/devices/<instance>/channels/<relid>/   primary
 *   /sys/bus/vmbus/devices/<instance>/channels/<relid>/   each subchannel
 *
 * Life of a subchannel (all on the connection's ordered workqueue, except
 * the driver's close and unbind):
 *
 *   offer      joins its primary's list, gets a CPU next to the
 *              primary's, its sysfs directory, then the driver's callback
 *   rescind    closed: leaves the list and its relid is released now;
 *              open: marked rescinded, released when the driver closes it
 *   unbind     the transport closes what the driver left open
 *   device gone (primary rescinded, disconnect): every subchannel leaves
 *              the list; a rescinded one has its relid released, others
 *              stay in the relid map until their own rescind (or the
 *              disconnect) releases them
 *
 * An offer whose primary cannot be found (or is going, or has too many) is
 * kept unattached in the relid map, so that its rescind is answered.
 *
 * Locks: the primary's sub_cb_lock is held around driver callbacks (which
 * open channels: it nests outside each channel's lock); its sub_lock only
 * around list changes (taken after a channel's close has dropped the
 * channel's lock).
 */
#include <linux/cpumask.h>
#include <linux/slab.h>
#include "internal.h"

/**
 * hvg2_subchannel_cpu - where a subchannel's interrupts go
 * @primary_cpu: the primary channel's CPU
 * @subidx: the subchannel's index (1..)
 *
 * The queues of a device land on distinct CPUs, starting after the
 * primary's, as far as there are online CPUs.
 *
 * Return: an online CPU.
 */
unsigned int hvg2_subchannel_cpu(unsigned int primary_cpu, u16 subidx)
{
	unsigned int n = num_online_cpus(), cpu = primary_cpu, i;

	for (i = 0; i < subidx % n; i++) {
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
	/* the primary's CPU went offline meanwhile */
	if (!cpu_online(cpu))
		cpu = cpumask_first(cpu_online_mask);
	return cpu;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_subchannel_cpu);

/* The primary channel of @sc's device, with a reference, or NULL. */
static struct hvg2_channel *hvg2_find_primary(const struct hvg2_channel *sc)
{
	const struct hvg2_vmbus_offer *o = &sc->offer.offer;
	u32 relid;

	for (relid = 1; relid <= HVG2_MAX_RELID; relid++) {
		struct hvg2_channel *ch = hvg2_channel_get_relid(relid);

		if (!ch)
			continue;
		if (!hvg2_channel_is_sub(ch) && READ_ONCE(ch->device) &&
		    guid_equal(&ch->offer.offer.if_instance, &o->if_instance) &&
		    guid_equal(&ch->offer.offer.if_type, &o->if_type))
			return ch;
		kobject_put(&ch->kobj);
	}
	return NULL;
}

/* Hand @sc to the driver, if it asked for subchannels and @sc is new to it. */
static void hvg2_subchannel_hand_over(struct hvg2_channel *p,
				      struct hvg2_channel *sc)
{
	lockdep_assert_held(&p->sub_cb_lock);
	if (p->sub_cb && READ_ONCE(sc->state) == HVG2_CHAN_OFFERED &&
	    !READ_ONCE(sc->rescinded))
		p->sub_cb(sc, p->sub_ctx);
}

/* A subchannel was offered; it is in the relid map (its reference). */
void hvg2_subchannel_offer(struct hvg2_channel *sc)
{
	struct hvg2_channel *p = hvg2_find_primary(sc);
	unsigned int n = 0;
	struct hvg2_channel *it;
	int ret = -ENODEV;

	if (!p)
		goto unattached;
	mutex_lock(&p->sub_lock);
	list_for_each_entry(it, &p->subs, sub_node)
		n++;
	if (p->subs_dead || n >= HVG2_MAX_SUBCHANNELS)
		goto unlock;
	sc->cpu = hvg2_subchannel_cpu(READ_ONCE(p->cpu),
				      sc->offer.offer.sub_channel_index);
	/* beside the primary's directory: <device>/channels/<relid> */
	ret = kobject_add(&sc->kobj, p->kobj.parent, "%u", sc->relid);
	if (ret)
		goto unlock;
	kobject_uevent(&sc->kobj, KOBJ_ADD);
	sc->primary = p;		/* our reference on it, for life */
	WRITE_ONCE(sc->device, p->device);
	kobject_get(&sc->kobj);		/* the list's */
	list_add_tail(&sc->sub_node, &p->subs);
	sc->sub_attached = true;
	mutex_unlock(&p->sub_lock);

	mutex_lock(&p->sub_cb_lock);
	hvg2_subchannel_hand_over(p, sc);
	mutex_unlock(&p->sub_cb_lock);
	return;

unlock:
	mutex_unlock(&p->sub_lock);
	kobject_put(&p->kobj);
unattached:
	pr_warn("hvg2_vmbus: subchannel %u (relid %u) left unattached: %d\n",
		sc->offer.offer.sub_channel_index, sc->relid, ret);
}

/*
 * Under the primary's sub_lock: take @sc off its device. The caller drops
 * the list's reference after unlocking.
 */
static void hvg2_subchannel_detach(struct hvg2_channel *sc)
{
	lockdep_assert_held(&sc->primary->sub_lock);
	list_del(&sc->sub_node);
	sc->sub_attached = false;
	kobject_del(&sc->kobj);
	WRITE_ONCE(sc->device, NULL);
}

/* The host rescinded @sc (marked rescinded, waiters failed already). */
void hvg2_subchannel_rescind(struct hvg2_channel *sc)
{
	struct hvg2_channel *p = sc->primary;
	bool release = true, put = false;

	if (p) {
		mutex_lock(&p->sub_lock);
		if (sc->sub_attached) {
			/* open: the driver's close releases it */
			mutex_lock(&sc->lock);
			release = sc->state == HVG2_CHAN_OFFERED;
			mutex_unlock(&sc->lock);
			if (release) {
				hvg2_subchannel_detach(sc);
				put = true;
			}
		}
		mutex_unlock(&p->sub_lock);
	}
	if (release)
		hvg2_release_relid(sc);
	if (put)
		kobject_put(&sc->kobj);
}

/* hvg2_channel_close() closed @sc, a subchannel; no lock held. */
void hvg2_subchannel_closed(struct hvg2_channel *sc)
{
	struct hvg2_channel *p = sc->primary;
	bool release = false;

	if (!p || !READ_ONCE(sc->rescinded))
		return;
	mutex_lock(&p->sub_lock);
	if (sc->sub_attached) {
		hvg2_subchannel_detach(sc);
		release = true;
	}
	mutex_unlock(&p->sub_lock);
	if (!release)
		return;
	hvg2_release_relid(sc);
	kobject_put(&sc->kobj);		/* the list's */
}

/* An attached subchannel of @p that is not closed, with a reference. */
static struct hvg2_channel *hvg2_next_open_sub(struct hvg2_channel *p)
{
	struct hvg2_channel *sc, *found = NULL;

	mutex_lock(&p->sub_lock);
	list_for_each_entry(sc, &p->subs, sub_node) {
		if (READ_ONCE(sc->state) != HVG2_CHAN_OFFERED) {
			found = sc;
			kobject_get(&sc->kobj);
			break;
		}
	}
	mutex_unlock(&p->sub_lock);
	return found;
}

/*
 * The driver of @p's device was unbound: forget its callback and close
 * the subchannels it left open.
 */
void hvg2_subchannels_unbind(struct hvg2_channel *p)
{
	struct hvg2_channel *sc;

	mutex_lock(&p->sub_cb_lock);
	p->sub_cb = NULL;
	p->sub_ctx = NULL;
	mutex_unlock(&p->sub_cb_lock);
	while ((sc = hvg2_next_open_sub(p))) {
		pr_warn("hvg2_vmbus: relid %u: driver left subchannel %u open; closing it\n",
			p->relid, sc->relid);
		hvg2_channel_close(sc);
		kobject_put(&sc->kobj);
	}
}

/* @p's device is being removed (its driver is unbound): detach them all. */
void hvg2_subchannels_remove(struct hvg2_channel *p)
{
	struct hvg2_channel *sc, *tmp;
	LIST_HEAD(gone);

	hvg2_subchannels_unbind(p);	/* no driver: nothing to close, normally */
	mutex_lock(&p->sub_lock);
	p->subs_dead = true;
	list_for_each_entry_safe(sc, tmp, &p->subs, sub_node) {
		hvg2_subchannel_detach(sc);
		list_add_tail(&sc->sub_node, &gone);
	}
	mutex_unlock(&p->sub_lock);
	list_for_each_entry_safe(sc, tmp, &gone, sub_node) {
		list_del(&sc->sub_node);
		/* not rescinded yet: its rescind (or the disconnect) releases it */
		if (READ_ONCE(sc->rescinded))
			hvg2_release_relid(sc);
		kobject_put(&sc->kobj);		/* the list's */
	}
}

/**
 * hvg2_vmbus_set_subchannel_cb - be handed the device's subchannels
 * @dev: the device
 * @cb: called once for each subchannel offered (NULL: stop)
 * @ctx: passed to @cb
 *
 * Set it before asking the host for subchannels. @cb is called for the
 * subchannels offered already (and closed) before this returns, and for
 * each one offered later; see hvg2_subchannel_cb_t. May sleep; not from
 * @cb.
 */
void hvg2_vmbus_set_subchannel_cb(struct hvg2_vmbus_device *dev,
				  hvg2_subchannel_cb_t cb, void *ctx)
{
	struct hvg2_channel *p = dev->channel, *sc;
	struct hvg2_channel **subs;
	unsigned int n = 0, i;

	mutex_lock(&p->sub_cb_lock);
	p->sub_cb = cb;
	p->sub_ctx = ctx;
	if (!cb)
		goto unlock;
	/* those offered before: a snapshot, the list changes under sub_lock */
	subs = kcalloc(HVG2_MAX_SUBCHANNELS, sizeof(*subs), GFP_KERNEL);
	if (!subs)
		goto unlock;
	mutex_lock(&p->sub_lock);
	list_for_each_entry(sc, &p->subs, sub_node) {
		kobject_get(&sc->kobj);
		subs[n++] = sc;
	}
	mutex_unlock(&p->sub_lock);
	for (i = 0; i < n; i++) {
		hvg2_subchannel_hand_over(p, subs[i]);
		kobject_put(&subs[i]->kobj);
	}
	kfree(subs);
unlock:
	mutex_unlock(&p->sub_cb_lock);
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_set_subchannel_cb);

/**
 * hvg2_channel_subindex - which of its device's channels this is
 * @ch: the channel
 *
 * Return: 0 for the primary channel, else the host's sub_channel_index.
 */
u16 hvg2_channel_subindex(struct hvg2_channel *ch)
{
	return ch->offer.offer.sub_channel_index;
}
EXPORT_SYMBOL_GPL(hvg2_channel_subindex);
