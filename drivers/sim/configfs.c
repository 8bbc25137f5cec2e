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
 * Fault knobs (each acts on this device only): drop_msgs N (drop the
 * guest's next N channel messages about it), delay_ms, refuse_open,
 * stall, corrupt_ring, forge_tid N, repeat_tid N, rescind. Read-only:
 * relid, open, packets, guest_signals, host_signals.
 *
 * Classes other than echo are offered with Hyper-V's real GUIDs and a
 * host end that drains and drops: enough for offers, autoload and open.
 */
#include <linux/slab.h>
#include "internal.h"

/* ---- backends ---- */

static void sim_null_work(struct sim_dev *d)
{
	struct hvg2_ring_pkt pkt;

	while (!hvg2_ring_peek(&d->in, &pkt))
		hvg2_ring_advance(&d->in);
	if (hvg2_ring_release(&d->in))
		sim_signal_guest(d->host, d);
}

static const struct sim_backend sim_null_backends[] = {
	{ "scsi", GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05,
			    0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f), sim_null_work },
	{ "net", GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,
			   0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e), sim_null_work },
	{ "ide", GUID_INIT(0x32412632, 0x86cb, 0x44a2, 0x9b, 0x5c,
			   0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5), sim_null_work },
};

const struct sim_backend *sim_backend_find(const char *name)
{
	unsigned int i;

	if (sysfs_streq(name, sim_echo_backend.name))
		return &sim_echo_backend;
	for (i = 0; i < ARRAY_SIZE(sim_null_backends); i++)
		if (sysfs_streq(name, sim_null_backends[i].name))
			return &sim_null_backends[i];
	return NULL;
}

/* ---- devices ---- */

static void sim_dev_work(struct work_struct *work)
{
	struct sim_dev *d = container_of(work, struct sim_dev, work);

	/* close clears ->open, then cancels us: never touch a stopped ring */
	if (READ_ONCE(d->open))
		d->be->work(d);
}

struct sim_dev *sim_dev_alloc(struct sim_host *h, const char *name,
			      const struct sim_backend *be)
{
	struct sim_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	d->host = h;
	d->be = be;
	strscpy(d->name, name, sizeof(d->name));
	generate_random_guid(d->instance.b);
	INIT_WORK(&d->work, sim_dev_work);
	mutex_lock(&h->lock);
	list_add_tail(&d->node, &h->devs);
	mutex_unlock(&h->lock);
	return d;
}

/* Rescind, unlink; the caller frees (or drops the configfs item). */
void sim_dev_destroy(struct sim_dev *d)
{
	struct sim_host *h = d->host;

	mutex_lock(&h->lock);
	sim_dev_rescind(d);
	list_del(&d->node);
	mutex_unlock(&h->lock);
	cancel_work_sync(&d->work);
}

/* ---- configfs ---- */

static inline struct sim_dev *to_sim_dev(struct config_item *item)
{
	return container_of(to_config_group(item), struct sim_dev, group);
}

static ssize_t sim_dev_class_show(struct config_item *item, char *page)
{
	return sprintf(page, "%s\n", to_sim_dev(item)->be->name);
}

static ssize_t sim_dev_class_store(struct config_item *item, const char *page,
				   size_t count)
{
	struct sim_dev *d = to_sim_dev(item);
	const struct sim_backend *be = sim_backend_find(page);
	ssize_t ret = count;

	if (!be)
		return -EINVAL;
	mutex_lock(&d->host->lock);
	if (d->enabled)
		ret = -EBUSY;
	else
		d->be = be;
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
	struct sim_dev *d = to_sim_dev(item);
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
	struct sim_dev *d = to_sim_dev(item);				\
	return sprintf(page, "%llu\n", (unsigned long long)(_expr));	\
}									\
CONFIGFS_ATTR_RO(sim_dev_, _name)

SIM_RO(relid, READ_ONCE(d->relid));
SIM_RO(open, READ_ONCE(d->open));
SIM_RO(packets, atomic64_read(&d->packets));
SIM_RO(guest_signals, atomic64_read(&d->guest_signals));
SIM_RO(host_signals, atomic64_read(&d->host_signals));

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
	struct sim_dev *d = to_sim_dev(item);

	queue_work(d->host->data_wq, &d->work);
	return count;
}

CONFIGFS_ATTR(sim_dev_, class);
CONFIGFS_ATTR(sim_dev_, enable);
CONFIGFS_ATTR_WO(sim_dev_, rescind);
CONFIGFS_ATTR_WO(sim_dev_, kick);

static struct configfs_attribute *sim_dev_attrs[] = {
	&sim_dev_attr_class,
	&sim_dev_attr_enable,
	&sim_dev_attr_rescind,
	&sim_dev_attr_kick,
	&sim_dev_attr_relid,
	&sim_dev_attr_open,
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
	kfree(to_sim_dev(item));
}

static struct configfs_item_operations sim_dev_item_ops = {
	.release = sim_dev_item_release,
};

static const struct config_item_type sim_dev_type = {
	.ct_item_ops = &sim_dev_item_ops,
	.ct_attrs = sim_dev_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *sim_make_group(struct config_group *group,
					   const char *name)
{
	struct sim_dev *d = sim_dev_alloc(&sim_host, name, &sim_echo_backend);

	if (!d)
		return ERR_PTR(-ENOMEM);
	config_group_init_type_name(&d->group, name, &sim_dev_type);
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
