// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/bus/vmbus/devices/<id>/channels/<relid>/: the channel's ring state
 * and counters. The names upstream has (cpu, in_mask, out_mask, read_avail,
 * write_avail, events, interrupts, out_full_total) mean what they mean
 * there; the rest are ours and documented in Documentation/vmbus.rst.
 */
#include <linux/slab.h>
#include <linux/sysfs.h>
#include "internal.h"

#define to_hvg2_channel(k) container_of(k, struct hvg2_channel, kobj)

struct hvg2_chan_attr {
	struct attribute attr;
	u64 (*get)(struct hvg2_channel *ch);
	bool needs_open;	/* reads the rings: only while open */
};

static ssize_t hvg2_chan_attr_show(struct kobject *kobj, struct attribute *a,
				   char *buf)
{
	struct hvg2_chan_attr *ca = container_of(a, struct hvg2_chan_attr, attr);
	struct hvg2_channel *ch = to_hvg2_channel(kobj);
	ssize_t ret;

	/* the lock keeps the rings from being freed under us */
	mutex_lock(&ch->lock);
	if (ca->needs_open && ch->state == HVG2_CHAN_OFFERED)
		ret = -ENODEV;
	else
		ret = sysfs_emit(buf, "%llu\n", ca->get(ch));
	mutex_unlock(&ch->lock);
	return ret;
}

static const struct sysfs_ops hvg2_chan_sysfs_ops = {
	.show = hvg2_chan_attr_show,
};

#define HVG2_CHAN_ATTR(_name, _open, _expr)				\
	static u64 hvg2_get_##_name(struct hvg2_channel *ch)		\
	{								\
		return _expr;						\
	}								\
	static struct hvg2_chan_attr hvg2_chan_attr_##_name = {	\
		.attr = { .name = #_name, .mode = 0444 },		\
		.get = hvg2_get_##_name,				\
		.needs_open = _open,					\
	}

/* upstream's */
HVG2_CHAN_ATTR(cpu, false, ch->cpu);
HVG2_CHAN_ATTR(out_mask, true, READ_ONCE(ch->out.hdr->interrupt_mask));
HVG2_CHAN_ATTR(in_mask, true, READ_ONCE(ch->in.hdr->interrupt_mask));
HVG2_CHAN_ATTR(read_avail, true, hvg2_ring_pending(&ch->in));
HVG2_CHAN_ATTR(write_avail, true, hvg2_ring_space(&ch->out));
HVG2_CHAN_ATTR(events, false, atomic64_read(&ch->signals));
HVG2_CHAN_ATTR(interrupts, false, atomic64_read(&ch->interrupts));
HVG2_CHAN_ATTR(out_full_total, false, atomic64_read(&ch->ring_full));
HVG2_CHAN_ATTR(subchannel_id, false, ch->offer.offer.sub_channel_index);
/* ours */
HVG2_CHAN_ATTR(state, false, ch->state);
HVG2_CHAN_ATTR(out_packets, true, ch->out.stats.packets);
HVG2_CHAN_ATTR(out_bytes, true, ch->out.stats.bytes);
HVG2_CHAN_ATTR(in_packets, true, ch->in.stats.packets);
HVG2_CHAN_ATTR(in_bytes, true, ch->in.stats.bytes);
HVG2_CHAN_ATTR(in_signals, true, ch->in.stats.signals);
HVG2_CHAN_ATTR(out_signals, true, ch->out.stats.signals);
HVG2_CHAN_ATTR(in_copied, true, ch->in.stats.copied);

static struct attribute *hvg2_chan_attrs[] = {
	&hvg2_chan_attr_cpu.attr,
	&hvg2_chan_attr_out_mask.attr,
	&hvg2_chan_attr_in_mask.attr,
	&hvg2_chan_attr_read_avail.attr,
	&hvg2_chan_attr_write_avail.attr,
	&hvg2_chan_attr_events.attr,
	&hvg2_chan_attr_interrupts.attr,
	&hvg2_chan_attr_out_full_total.attr,
	&hvg2_chan_attr_subchannel_id.attr,
	&hvg2_chan_attr_state.attr,
	&hvg2_chan_attr_out_packets.attr,
	&hvg2_chan_attr_out_bytes.attr,
	&hvg2_chan_attr_in_packets.attr,
	&hvg2_chan_attr_in_bytes.attr,
	&hvg2_chan_attr_in_signals.attr,
	&hvg2_chan_attr_out_signals.attr,
	&hvg2_chan_attr_in_copied.attr,
	NULL,
};
ATTRIBUTE_GROUPS(hvg2_chan);

static void hvg2_channel_kobj_release(struct kobject *kobj)
{
	struct hvg2_channel *ch = to_hvg2_channel(kobj);

	/* a subchannel holds its primary for life */
	if (ch->primary)
		kobject_put(&ch->primary->kobj);
	kfree(ch);
}

const struct kobj_type hvg2_channel_ktype = {
	.release = hvg2_channel_kobj_release,
	.sysfs_ops = &hvg2_chan_sysfs_ops,
	.default_groups = hvg2_chan_groups,
};
