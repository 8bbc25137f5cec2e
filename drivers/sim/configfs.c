// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/config/hvg2_sim/<name>/: one directory per offered device.
 *
 *   mkdir /sys/kernel/config/hvg2_sim/e0      a device, class echo, not offered
 *   echo scsi > .../e0/class                  echo | scsi | net | ide (before enable)
 *   echo 1 > .../e0/enable                    offer it (hot add)
 *   echo 0 > .../e0/enable                    rescind it (hot remove)
 *   rmdir .../e0                              rescind and forget it
 *
 * "mkdir <class>.<name>" gives the device that class for good, with the
 * class's own attributes (hvg2_sim_backend.h).
 *
 * Fault knobs (each acts on this device only): drop_msgs N (drop the
 * guest's next N channel messages about it), delay_ms, refuse_open,
 * stall, corrupt_ring, forge_tid N, repeat_tid N, rescind. Read-only:
 * relid, open, nchannels, packets, guest_signals, host_signals.
 *
 * The classes are the registered backends (backend.c).
 */
#include <linux/slab.h>
#include "internal.h"

/* ---- devices ---- */

struct hvg2_sim_dev *sim_dev_alloc(struct sim_host *h, const char *name)
{
	struct hvg2_sim_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);
	unsigned int i;

	if (!d)
		return NULL;
	d->chan = kcalloc(HVG2_SIM_MAX_CHANNELS, sizeof(*d->chan), GFP_KERNEL);
	if (!d->chan) {
		kfree(d);
		return NULL;
	}
	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++) {
		d->chan[i].dev = d;
		d->chan[i].subidx = i;
		INIT_WORK(&d->chan[i].work, sim_chan_work);
	}
	INIT_WORK(&d->sub_work, sim_dev_sub_work);
	d->host = h;
	strscpy(d->name, name, sizeof(d->name));
	generate_random_guid(d->instance.b);
	return d;
}

/* Make the device known to the host (offered once enabled). */
static void sim_dev_add(struct hvg2_sim_dev *d)
{
	mutex_lock(&d->host->lock);
	list_add_tail(&d->node, &d->host->devs);
	mutex_unlock(&d->host->lock);
}

void sim_dev_free(struct hvg2_sim_dev *d)
{
	kfree(d->chan);
	kfree(d);
}

/* Rescind, unlink, drop the class; the caller frees (or drops the item). */
void sim_dev_destroy(struct hvg2_sim_dev *d)
{
	struct sim_host *h = d->host;
	unsigned int i;

	mutex_lock(&h->lock);
	sim_dev_rescind(d);
	list_del(&d->node);
	mutex_unlock(&h->lock);
	/* it found the device rescinded; nothing queues it again */
	cancel_work_sync(&d->sub_work);
	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++)
		cancel_work_sync(&d->chan[i].work);
	sim_dev_set_backend(d, NULL);
}

/* ---- configfs ---- */

static inline struct hvg2_sim_dev *to_sim_dev(struct config_item *item)
{
	return hvg2_sim_dev_from_item(item);
}

static ssize_t sim_dev_class_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", to_sim_dev(item)->be->name);
}

static ssize_t sim_dev_class_store(struct config_item *item, const char *page,
				   size_t count)
{
	struct hvg2_sim_dev *d = to_sim_dev(item);
	struct hvg2_sim_backend *be;
	ssize_t ret;

	be = sim_backend_get(page, strcspn(page, "\n"));
	if (!be)
		return -EINVAL;
	mutex_lock(&d->host->lock);
	if (d->enabled || d->offered || d->fixed_class) {
		sim_backend_put(be);
		ret = -EBUSY;
	} else {
		ret = sim_dev_set_backend(d, be) ?: count;
	}
	mutex_unlock(&d->host->lock);
	return ret;
}

static ssize_t sim_dev_enable_show(struct config_item *item, char *page)
{
	return sprintf(page, "%d\n", to_sim_dev(item)->enabled);
}

static ssize_t sim_dev_enable_store(struct config_item *item, const char *page,
				    size_t count)
{
	struct hvg2_sim_dev *d = to_sim_dev(item);
	bool on;

	if (kstrtobool(page, &on))
		return -EINVAL;
	mutex_lock(&d->host->lock);
	d->enabled = on;
	if (on)
		sim_dev_offer(d);
	else
		sim_dev_rescind(d);
	mutex_unlock(&d->host->lock);
	return count;
}

static ssize_t sim_dev_rescind_store(struct config_item *item, const char *page,
				     size_t count)
{
	return sim_dev_enable_store(item, "0", count);
}

#define SIM_RO(_name, _expr)						\
static ssize_t sim_dev_##_name##_show(struct config_item *item, char *page) \
{									\
	struct hvg2_sim_dev *d = to_sim_dev(item);				\
	return sprintf(page, "%llu\n", (unsigned long long)(_expr));	\
}									\
CONFIGFS_ATTR_RO(sim_dev_, _name)

/* summed over the device's channels */
static u64 sim_dev_sum(struct hvg2_sim_dev *d, size_t off)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++)
		sum += atomic64_read((atomic64_t *)((u8 *)&d->chan[i] + off));
	return sum;
}

#define SIM_SUM(_field) sim_dev_sum(d, offsetof(struct hvg2_sim_chan, _field))

SIM_RO(relid, READ_ONCE(d->chan[0].relid));
SIM_RO(open, READ_ONCE(d->chan[0].open));
SIM_RO(nchannels, READ_ONCE(d->nchans));
SIM_RO(packets, SIM_SUM(packets));
SIM_RO(guest_signals, SIM_SUM(guest_signals));
SIM_RO(host_signals, SIM_SUM(host_signals));

/* integer knobs: counters (atomic_t) and flags */
#define SIM_KNOB_ATOMIC(_name)						\
static ssize_t sim_dev_##_name##_show(struct config_item *item, char *page) \
{									\
	return sprintf(page, "%d\n",					\
		       atomic_read(&to_sim_dev(item)->faults._name));	\
}									\
static ssize_t sim_dev_##_name##_store(struct config_item *item,	\
				       const char *page, size_t count)	\
{									\
	int v;								\
	if (kstrtoint(page, 0, &v) || v < 0)				\
		return -EINVAL;						\
	atomic_set(&to_sim_dev(item)->faults._name, v);			\
	return count;							\
}									\
CONFIGFS_ATTR(sim_dev_, _name)

#define SIM_KNOB_UINT(_name)						\
static ssize_t sim_dev_##_name##_show(struct config_item *item, char *page) \
{									\
	return sprintf(page, "%u\n",					\
		       (unsigned int)READ_ONCE(to_sim_dev(item)->faults._name)); \
}									\
static ssize_t sim_dev_##_name##_store(struct config_item *item,	\
				       const char *page, size_t count)	\
{									\
	unsigned int v;							\
	if (kstrtouint(page, 0, &v))					\
		return -EINVAL;						\
	WRITE_ONCE(to_sim_dev(item)->faults._name, v);			\
	return count;							\
}									\
CONFIGFS_ATTR(sim_dev_, _name)

SIM_KNOB_ATOMIC(drop_msgs);
SIM_KNOB_ATOMIC(corrupt_ring);
SIM_KNOB_ATOMIC(forge_tid);
SIM_KNOB_ATOMIC(repeat_tid);
SIM_KNOB_UINT(delay_ms);
SIM_KNOB_UINT(refuse_open);
SIM_KNOB_UINT(stall);

/* Un-stalling must wake the host end: the guest may be waiting on it. */
static ssize_t sim_dev_kick_store(struct config_item *item, const char *page,
				  size_t count)
{
	struct hvg2_sim_dev *d = to_sim_dev(item);
	unsigned int i;

	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++)
		hvg2_sim_kick(&d->chan[i]);
	return count;
}

CONFIGFS_ATTR(sim_dev_, class);
CONFIGFS_ATTR(sim_dev_, enable);
CONFIGFS_ATTR_WO(sim_dev_, rescind);
CONFIGFS_ATTR_WO(sim_dev_, kick);

struct configfs_attribute *sim_dev_attrs[] = {
	&sim_dev_attr_class,
	&sim_dev_attr_enable,
	&sim_dev_attr_rescind,
	&sim_dev_attr_kick,
	&sim_dev_attr_relid,
	&sim_dev_attr_open,
	&sim_dev_attr_nchannels,
	&sim_dev_attr_packets,
	&sim_dev_attr_guest_signals,
	&sim_dev_attr_host_signals,
	&sim_dev_attr_drop_msgs,
	&sim_dev_attr_corrupt_ring,
	&sim_dev_attr_forge_tid,
	&sim_dev_attr_repeat_tid,
	&sim_dev_attr_delay_ms,
	&sim_dev_attr_refuse_open,
	&sim_dev_attr_stall,
	NULL,
};

static void sim_dev_item_release(struct config_item *item)
{
	sim_dev_free(to_sim_dev(item));
}

struct configfs_item_operations sim_dev_item_ops = {
	.release = sim_dev_item_release,
};

static const struct config_item_type sim_dev_type = {
	.ct_item_ops = &sim_dev_item_ops,
	.ct_attrs = sim_dev_attrs,
	.ct_owner = THIS_MODULE,
};

/*
 * "mkdir <class>.<name>" makes a device of that class, with the class's
 * own attributes; any other name makes an echo device whose class can be
 * written until it is enabled.
 */
static struct config_group *sim_make_group(struct config_group *group,
					   const char *name)
{
	const char *dot = strchr(name, '.');
	const struct config_item_type *type = &sim_dev_type;
	struct hvg2_sim_backend *be = NULL;
	struct hvg2_sim_dev *d;
	int ret;

	if (dot)
		be = sim_backend_get(name, dot - name);
	if (be)
		type = &be->type;
	else
		be = sim_backend_get(sim_echo_backend.name,
				     strlen(sim_echo_backend.name));
	d = sim_dev_alloc(&sim_host, name);
	if (!d) {
		sim_backend_put(be);
		return ERR_PTR(-ENOMEM);
	}
	d->fixed_class = type != &sim_dev_type;
	ret = sim_dev_set_backend(d, be);
	if (ret) {
		sim_dev_free(d);
		return ERR_PTR(ret);
	}
	sim_dev_add(d);
	config_group_init_type_name(&d->group, name, type);
	return &d->group;
}

static void sim_drop_item(struct config_group *group, struct config_item *item)
{
	sim_dev_destroy(to_sim_dev(item));
	config_item_put(item);
}

static struct configfs_group_operations sim_group_ops = {
	.make_group = sim_make_group,
	.drop_item = sim_drop_item,
};

static const struct config_item_type sim_root_type = {
	.ct_group_ops = &sim_group_ops,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem sim_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "hvg2_sim",
			.ci_type = &sim_root_type,
		},
	},
};

int sim_configfs_init(void)
{
	config_group_init(&sim_subsys.su_group);
	mutex_init(&sim_subsys.su_mutex);
	return configfs_register_subsystem(&sim_subsys);
}

void sim_configfs_exit(void)
{
	configfs_unregister_subsystem(&sim_subsys);
}
