// SPDX-License-Identifier: GPL-2.0
/*
 * The backend registry, and the helpers a backend calls on its devices.
 *
 * A class name resolves to the registered backend of that name, else to
 * one of the built-in placeholders below ("scsi", "net", "ide": Hyper-V's
 * real class GUIDs and a host end that drains and drops, enough for
 * offers, autoload and open). A module that registers a backend named
 * like a placeholder therefore takes the name over for every device
 * created (or re-classed) from then on; devices already on the
 * placeholder keep it until their class is written again.
 *
 * Every device holds a module reference on its backend's owner (except on
 * hvg2_sim itself, which configfs pins), so a backend module cannot go
 * while a device uses it: remove the devices (rmdir) first, as with any
 * configfs-driven subsystem.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

static DEFINE_MUTEX(sim_backend_lock);	/* sim_backends */
static LIST_HEAD(sim_backends);

/* ---- placeholders ---- */

static void sim_null_work(struct hvg2_sim_chan *c)
{
	struct hvg2_ring_pkt pkt;

	while (!hvg2_ring_peek(&c->in, &pkt))
		hvg2_ring_advance(&c->in);
	if (hvg2_ring_release(&c->in))
		hvg2_sim_signal(c);
}

#define SIM_NULL_BACKEND(_name, _guid) {			\
	.name = _name, .class_id = _guid, .owner = THIS_MODULE,	\
	.work = sim_null_work,					\
}

static struct hvg2_sim_backend sim_null_backends[] = {
	SIM_NULL_BACKEND("scsi", GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05,
					   0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f)),
	SIM_NULL_BACKEND("net", GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,
					  0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e)),
	SIM_NULL_BACKEND("ide", GUID_INIT(0x32412632, 0x86cb, 0x44a2, 0x9b, 0x5c,
					  0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5)),
};

/* ---- registry ---- */

static bool sim_name_is(const char *name, const char *s, size_t len)
{
	return strlen(name) == len && !strncmp(name, s, len);
}

static struct hvg2_sim_backend *sim_backend_lookup(const char *s, size_t len)
{
	struct hvg2_sim_backend *be;
	unsigned int i;

	lockdep_assert_held(&sim_backend_lock);
	list_for_each_entry(be, &sim_backends, list)
		if (sim_name_is(be->name, s, len))
			return be;
	for (i = 0; i < ARRAY_SIZE(sim_null_backends); i++)
		if (sim_name_is(sim_null_backends[i].name, s, len))
			return &sim_null_backends[i];
	return NULL;
}

/* The backend named by the first @len bytes of @s, with a reference. */
struct hvg2_sim_backend *sim_backend_get(const char *s, size_t len)
{
	struct hvg2_sim_backend *be;

	mutex_lock(&sim_backend_lock);
	be = sim_backend_lookup(s, len);
	if (be && be->owner != THIS_MODULE && !try_module_get(be->owner))
		be = NULL;
	mutex_unlock(&sim_backend_lock);
	return be;
}

void sim_backend_put(struct hvg2_sim_backend *be)
{
	if (be && be->owner != THIS_MODULE)
		module_put(be->owner);
}

/*
 * Give @d the class @be (whose reference it takes over), destroying its
 * old one. The device is not offered (its owner checks, under h->lock).
 */
int sim_dev_set_backend(struct hvg2_sim_dev *d, struct hvg2_sim_backend *be)
{
	struct hvg2_sim_backend *old = d->be;
	int ret;

	if (old && old->destroy)
		old->destroy(d);
	d->be = NULL;
	d->priv = NULL;
	sim_backend_put(old);
	if (be && be->create) {
		ret = be->create(d);
		if (ret) {
			sim_backend_put(be);
			return ret;
		}
	}
	d->be = be;
	return 0;
}

/**
 * hvg2_sim_backend_register - make a device class available
 * @be: the backend; it must stay valid until unregistered
 *
 * From now on "echo @be->name > .../class" and "mkdir <name>.<anything>"
 * give a device this class. A name already registered is refused; a
 * built-in placeholder of the same name ("scsi", "net", "ide") is taken
 * over.
 *
 * Return: 0, -EEXIST or -ENOMEM.
 */
int hvg2_sim_backend_register(struct hvg2_sim_backend *be)
{
	unsigned int ncore = 0, nbe = 0;
	struct hvg2_sim_backend *b;
	int ret = 0;

	if (WARN_ON(!be->name || !be->work || strchr(be->name, '.')))
		return -EINVAL;
	while (sim_dev_attrs[ncore])
		ncore++;
	while (be->attrs && be->attrs[nbe])
		nbe++;
	be->type_attrs = kcalloc(ncore + nbe + 1, sizeof(*be->type_attrs),
				 GFP_KERNEL);
	if (!be->type_attrs)
		return -ENOMEM;
	memcpy(be->type_attrs, sim_dev_attrs, ncore * sizeof(*be->type_attrs));
	if (nbe)
		memcpy(be->type_attrs + ncore, be->attrs,
		       nbe * sizeof(*be->type_attrs));
	/* the core attributes, then the backend's */
	be->type.ct_item_ops = &sim_dev_item_ops;
	be->type.ct_attrs = be->type_attrs;
	be->type.ct_owner = THIS_MODULE;

	mutex_lock(&sim_backend_lock);
	list_for_each_entry(b, &sim_backends, list)
		if (!strcmp(b->name, be->name))
			ret = -EEXIST;
	if (!ret)
		list_add_tail(&be->list, &sim_backends);
	mutex_unlock(&sim_backend_lock);
	if (ret) {
		kfree(be->type_attrs);
		be->type_attrs = NULL;
	}
	return ret;
}
EXPORT_SYMBOL_GPL(hvg2_sim_backend_register);

/**
 * hvg2_sim_backend_unregister - withdraw a device class
 * @be: a registered backend
 *
 * Devices hold a reference on the backend's module, so none of them has
 * this class any more when its module exit calls this.
 */
void hvg2_sim_backend_unregister(struct hvg2_sim_backend *be)
{
	mutex_lock(&sim_backend_lock);
	list_del(&be->list);
	mutex_unlock(&sim_backend_lock);
	kfree(be->type_attrs);
	be->type_attrs = NULL;
}
EXPORT_SYMBOL_GPL(hvg2_sim_backend_unregister);

int sim_backends_init(void)
{
	return hvg2_sim_backend_register(&sim_echo_backend);
}

void sim_backends_exit(void)
{
	hvg2_sim_backend_unregister(&sim_echo_backend);
}

/* ---- devices ---- */

/**
 * hvg2_sim_dev_priv - the backend's private data of a device
 * @d: the device
 *
 * Return: what hvg2_sim_dev_set_priv() stored (NULL after create).
 */
void *hvg2_sim_dev_priv(struct hvg2_sim_dev *d)
{
	return d->priv;
}
EXPORT_SYMBOL_GPL(hvg2_sim_dev_priv);

/**
 * hvg2_sim_dev_set_priv - store the backend's private data of a device
 * @d: the device
 * @priv: the data; the backend frees it in its destroy hook
 */
void hvg2_sim_dev_set_priv(struct hvg2_sim_dev *d, void *priv)
{
	d->priv = priv;
}
EXPORT_SYMBOL_GPL(hvg2_sim_dev_set_priv);

/**
 * hvg2_sim_dev_from_item - the device of a configfs attribute's item
 * @item: the item a backend's attribute show/store was called with
 *
 * Return: the device (the item is its directory).
 */
struct hvg2_sim_dev *hvg2_sim_dev_from_item(struct config_item *item)
{
	return container_of(to_config_group(item), struct hvg2_sim_dev, group);
}
EXPORT_SYMBOL_GPL(hvg2_sim_dev_from_item);

/**
 * hvg2_sim_dev_name - the device's name (its configfs directory's)
 * @d: the device
 *
 * Return: a string that lives as long as the device.
 */
const char *hvg2_sim_dev_name(struct hvg2_sim_dev *d)
{
	return d->name;
}
EXPORT_SYMBOL_GPL(hvg2_sim_dev_name);

/**
 * hvg2_sim_dev_offered - whether the device is offered to the guest
 * @d: the device
 *
 * For backend attributes that must not change under a live device: a
 * snapshot, the guest may connect or the device be enabled right after.
 *
 * Return: true while the primary channel is offered or enabled.
 */
bool hvg2_sim_dev_offered(struct hvg2_sim_dev *d)
{
	return READ_ONCE(d->offered) || READ_ONCE(d->enabled);
}
EXPORT_SYMBOL_GPL(hvg2_sim_dev_offered);

/**
 * hvg2_sim_nchannels - channels of the device offered to the guest
 * @d: the device
 *
 * Return: 0 (not offered), or 1 + the subchannels offered.
 */
unsigned int hvg2_sim_nchannels(struct hvg2_sim_dev *d)
{
	return READ_ONCE(d->nchans);
}
EXPORT_SYMBOL_GPL(hvg2_sim_nchannels);

/**
 * hvg2_sim_dev_chan - one of the device's channels
 * @d: the device
 * @subidx: 0 for the primary, 1.. for subchannels
 *
 * Return: the channel (open or not), or NULL past HVG2_SIM_MAX_CHANNELS.
 */
struct hvg2_sim_chan *hvg2_sim_dev_chan(struct hvg2_sim_dev *d,
					unsigned int subidx)
{
	return subidx < HVG2_SIM_MAX_CHANNELS ? &d->chan[subidx] : NULL;
}
EXPORT_SYMBOL_GPL(hvg2_sim_dev_chan);

/* ---- faults ---- */

/**
 * hvg2_sim_fault_take - should the backend inject this fault now?
 * @c: the channel the backend is working on
 * @f: the fault
 *
 * Counted faults (forge, repeat) are consumed: each true answer uses one.
 *
 * Return: true when the backend must misbehave as @f says.
 */
bool hvg2_sim_fault_take(struct hvg2_sim_chan *c, enum hvg2_sim_fault f)
{
	struct sim_faults *fl = &c->dev->faults;

	switch (f) {
	case HVG2_SIM_FAULT_FORGE_TID:
		return atomic_add_unless(&fl->forge_tid, -1, 0);
	case HVG2_SIM_FAULT_REPEAT_TID:
		return atomic_add_unless(&fl->repeat_tid, -1, 0);
	case HVG2_SIM_FAULT_STALL:
		return READ_ONCE(fl->stall);
	}
	return false;
}
EXPORT_SYMBOL_GPL(hvg2_sim_fault_take);
