// SPDX-License-Identifier: GPL-2.0
/*
 * The bus: registered as "vmbus", like the kernel's own, with the same
 * device attributes (id, class_id, device_id, modalias, ...) and the same
 * MODALIAS uevent ("vmbus:" and the class GUID's 16 bytes in hex), so
 * lsvmbus, udev rules and module autoloading work unchanged. Only one
 * "vmbus" bus can exist: we refuse to load beside the in-tree hv_vmbus.
 */
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include "internal.h"

static const struct hv_vmbus_device_id *
hvg2_match_id(const struct hv_vmbus_device_id *id, const guid_t *guid)
{
	for (; id && !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, guid))
			return id;
	return NULL;
}

#define to_hvg2_drv(d) container_of(d, struct hvg2_vmbus_driver, driver)

static int hvg2_bus_match(struct device *dev, HVG2_MATCH_DRV *drv)
{
	const struct hvg2_vmbus_driver *hd = to_hvg2_drv(drv);

	return !!hvg2_match_id(hd->id_table, &to_hvg2_vmbus_device(dev)->class_id);
}

static int hvg2_bus_uevent(HVG2_UEVENT_DEV *dev, struct kobj_uevent_env *env)
{
	const struct hvg2_vmbus_device *hd = to_hvg2_vmbus_device(dev);

	return add_uevent_var(env, "MODALIAS=vmbus:%*phN", UUID_SIZE,
			      &hd->class_id);
}

static int hvg2_bus_probe(struct device *dev)
{
	struct hvg2_vmbus_driver *drv = to_hvg2_drv(dev->driver);
	struct hvg2_vmbus_device *hd = to_hvg2_vmbus_device(dev);
	const struct hv_vmbus_device_id *id;

	int ret;

	id = hvg2_match_id(drv->id_table, &hd->class_id);
	if (!id)
		return -ENODEV;
	ret = drv->probe ? drv->probe(hd, id) : 0;
	/* a failed probe may have set a subchannel callback, opened some */
	if (ret)
		hvg2_subchannels_unbind(hd->channel);
	return ret;
}

static void hvg2_bus_remove(struct device *dev)
{
	struct hvg2_vmbus_driver *drv = to_hvg2_drv(dev->driver);
	struct hvg2_vmbus_device *hd = to_hvg2_vmbus_device(dev);

	if (drv->remove)
		drv->remove(hd);
	/* no callback into the driver any more, no subchannel left open */
	hvg2_subchannels_unbind(hd->channel);
}

/* ---- device attributes, named as upstream's ---- */

#define hvg2_dev_ch(dev) (to_hvg2_vmbus_device(dev)->channel)

static ssize_t id_show(struct device *dev, struct device_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n", hvg2_dev_ch(dev)->relid);
}
static DEVICE_ATTR_RO(id);

static ssize_t state_show(struct device *dev, struct device_attribute *a,
			  char *buf)
{
	/* upstream's numbering: 0 offered, 3 opened */
	return sysfs_emit(buf, "%d\n",
			  READ_ONCE(hvg2_dev_ch(dev)->state) == HVG2_CHAN_OFFERED ? 0 : 3);
}
static DEVICE_ATTR_RO(state);

static ssize_t monitor_id_show(struct device *dev, struct device_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%u\n", hvg2_dev_ch(dev)->offer.monitor_id);
}
static DEVICE_ATTR_RO(monitor_id);

static ssize_t class_id_show(struct device *dev, struct device_attribute *a,
			     char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_hvg2_vmbus_device(dev)->class_id);
}
static DEVICE_ATTR_RO(class_id);

static ssize_t device_id_show(struct device *dev, struct device_attribute *a,
			      char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_hvg2_vmbus_device(dev)->device_id);
}
static DEVICE_ATTR_RO(device_id);

static ssize_t modalias_show(struct device *dev, struct device_attribute *a,
			     char *buf)
{
	return sysfs_emit(buf, "vmbus:%*phN\n", UUID_SIZE,
			  &to_hvg2_vmbus_device(dev)->class_id);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t numa_node_show(struct device *dev, struct device_attribute *a,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n", cpu_to_node(hvg2_dev_ch(dev)->cpu));
}
static DEVICE_ATTR_RO(numa_node);

/* one "relid:cpu" line per channel, the primary's first */
static ssize_t channel_vp_mapping_show(struct device *dev,
				       struct device_attribute *a, char *buf)
{
	struct hvg2_channel *ch = hvg2_dev_ch(dev), *sc;
	int n;

	n = sysfs_emit(buf, "%u:%u\n", ch->relid, READ_ONCE(ch->cpu));
	mutex_lock(&ch->sub_lock);
	list_for_each_entry(sc, &ch->subs, sub_node)
		n += sysfs_emit_at(buf, n, "%u:%u\n", sc->relid, READ_ONCE(sc->cpu));
	mutex_unlock(&ch->sub_lock);
	return n;
}
static DEVICE_ATTR_RO(channel_vp_mapping);

static struct attribute *hvg2_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_state.attr,
	&dev_attr_monitor_id.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_channel_vp_mapping.attr,
	NULL,
};

static const struct attribute_group hvg2_dev_group = {
	.attrs = hvg2_dev_attrs,
};

static const struct attribute_group *hvg2_dev_groups[] = {
	&hvg2_dev_group,
	&hvg2_monitor_group,	/* monitor.c: monitored channels only */
	NULL,
};

static HVG2_BUS_TYPE hvg2_bus = {
	.name = "vmbus",
	.match = hvg2_bus_match,
	.uevent = hvg2_bus_uevent,
	.probe = hvg2_bus_probe,
	.remove = hvg2_bus_remove,
	.dev_groups = hvg2_dev_groups,
};

const struct bus_type *hvg2_bus_ptr = &hvg2_bus;

/* ---- devices ---- */

static void hvg2_device_release(struct device *dev)
{
	struct hvg2_vmbus_device *hd = to_hvg2_vmbus_device(dev);

	kobject_put(&hd->channel->kobj);	/* the device's reference */
	kfree(hd);
}

int hvg2_device_add(struct hvg2_channel *ch)
{
	struct hvg2_vmbus_device *hd;
	struct kobject *dir;
	int ret;

	hd = kzalloc(sizeof(*hd), GFP_KERNEL);
	if (!hd)
		return -ENOMEM;
	hd->class_id = ch->offer.offer.if_type;
	hd->device_id = ch->offer.offer.if_instance;
	hd->channel = ch;
	kobject_get(&ch->kobj);
	hd->dev.bus = &hvg2_bus;
	hd->dev.release = hvg2_device_release;
	dev_set_name(&hd->dev, "%pUl", &hd->device_id);
	/* before registering: the driver's probe runs inside device_register() */
	WRITE_ONCE(ch->device, hd);
	ret = device_register(&hd->dev);
	if (ret) {
		WRITE_ONCE(ch->device, NULL);
		put_device(&hd->dev);
		return ret;
	}
	/* channels/<relid>/, as upstream; the counters live there */
	dir = kobject_create_and_add("channels", &hd->dev.kobj);
	if (!dir)
		goto out_unreg;
	if (kobject_add(&ch->kobj, dir, "%u", ch->relid)) {
		kobject_put(dir);
		goto out_unreg;
	}
	kobject_uevent(&ch->kobj, KOBJ_ADD);
	/*
	 * udev loads the driver from the uevent's MODALIAS; a guest without
	 * udev (an initramfs, the test guest) gets it from kmod directly.
	 * With udev running this is a harmless second modprobe.
	 */
	if (!hd->dev.driver)
		request_module_nowait("vmbus:%*phN", UUID_SIZE, &hd->class_id);
	return 0;

out_unreg:
	WRITE_ONCE(ch->device, NULL);
	device_unregister(&hd->dev);
	return -ENOMEM;
}

void hvg2_device_remove(struct hvg2_vmbus_device *hd)
{
	struct hvg2_channel *ch = hd->channel;
	struct kobject *dir = ch->kobj.parent;

	/* driver remove first: it closes the channels */
	device_release_driver(&hd->dev);
	hvg2_subchannels_remove(ch);
	kobject_del(&ch->kobj);
	kobject_put(dir);
	WRITE_ONCE(ch->device, NULL);
	device_unregister(&hd->dev);
}

/* ---- drivers ---- */

/**
 * __hvg2_vmbus_driver_register - register a driver for offered devices
 * @drv: the driver, with its class GUID table
 * @owner: the module implementing it
 *
 * Return: 0 or a negative errno from the driver core.
 */
int __hvg2_vmbus_driver_register(struct hvg2_vmbus_driver *drv,
				 struct module *owner)
{
	drv->driver.name = drv->name;
	drv->driver.owner = owner;
	drv->driver.bus = &hvg2_bus;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__hvg2_vmbus_driver_register);

/**
 * hvg2_vmbus_driver_unregister - unregister a driver, unbinding its devices
 * @drv: the driver
 */
void hvg2_vmbus_driver_unregister(struct hvg2_vmbus_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_driver_unregister);

/* ---- the bus ---- */

/* The in-tree hv_vmbus (or anything else) already owns /sys/bus/vmbus? */
static bool hvg2_vmbus_bus_exists(void)
{
	struct path path;

	if (kern_path("/sys/bus/vmbus", LOOKUP_FOLLOW, &path))
		return false;
	path_put(&path);
	return true;
}

static struct kobject *hvg2_vis_kobj;

int hvg2_bus_init(void)
{
	int ret;

	if (hvg2_vmbus_bus_exists()) {
		pr_err("hvg2_vmbus: a vmbus bus exists already (hv_vmbus loaded?); refusing to load\n");
		return -EEXIST;
	}
	ret = bus_register(&hvg2_bus);
	if (ret)
		return ret;
	/*
	 * /sys/bus/vmbus/hvg2_host_visible/ (visible.c): a kobject of its
	 * own, so its attributes are plain kobject ones, the same on every
	 * kernel we build (a bus attribute's show() changed in 6.4)
	 */
	ret = -ENOMEM;
	hvg2_vis_kobj = kobject_create_and_add("hvg2_host_visible",
					       &bus_get_kset(&hvg2_bus)->kobj);
	if (!hvg2_vis_kobj)
		goto unregister;
	ret = sysfs_create_group(hvg2_vis_kobj, &hvg2_vis_group);
	if (ret)
		goto put;
	return 0;

put:
	kobject_put(hvg2_vis_kobj);
unregister:
	bus_unregister(&hvg2_bus);
	return ret;
}

void hvg2_bus_exit(void)
{
	kobject_put(hvg2_vis_kobj);
	bus_unregister(&hvg2_bus);
}
