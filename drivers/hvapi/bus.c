// SPDX-License-Identifier: GPL-2.0
/*
 * Two sides of one binding:
 *
 * - Below, hvg2_hvapi is an hvg2_vmbus driver (named "hvg2_hvapi" on our
 *   "vmbus" bus) for the device classes named in its "classes" parameter.
 *   For each device it binds, it makes an hv_device whose primary channel
 *   wraps ours.
 * - Above, those hv_devices sit on a bus of their own, "hvg2_hvapi", where
 *   upstream drivers register with __vmbus_driver_register() and bind by
 *   their id_table, as they would on the kernel's vmbus bus.
 *
 * The bus sends no MODALIAS uevent: nothing loads an upstream driver
 * behind the user's back (Documentation/hvapi.rst: insmod them).
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci_ids.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "hvapi.h"
#include "hvg2/echo.h"
#include "hvg2_hvapi_compat.h"

/* Drivers read it at probe time; set from our transport before each probe. */
__u32 vmbus_proto_version;
EXPORT_SYMBOL_GPL(vmbus_proto_version);

static char *classes = "";
module_param(classes, charp, 0444);
MODULE_PARM_DESC(classes, "Device classes to take from hvg2_vmbus, comma separated: scsi, net, echo (default: none)");

/* ---- the upstream side: the hvg2_hvapi bus ---- */

#define to_hv_drv(d) container_of(d, struct hv_driver, driver)
#define to_hv_dev(d) container_of(d, struct hv_device, device)

static const struct hv_vmbus_device_id *
hvapi_match_id(const struct hv_driver *drv, const struct hv_device *dev)
{
	const struct hv_vmbus_device_id *id = drv->id_table;

	for (; id && !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, &dev->dev_type))
			return id;
	return NULL;
}

static int hvapi_bus_match(struct device *dev, HVG2_MATCH_DRV *drv)
{
	const struct hv_driver *hdrv = to_hv_drv(drv);

	/* hv_sock offers never reach this bus */
	if (hdrv->hvsock)
		return 0;
	return !!hvapi_match_id(hdrv, to_hv_dev(dev));
}

static int hvapi_bus_probe(struct device *dev)
{
	struct hv_driver *drv = to_hv_drv(dev->driver);
	struct hv_device *hv = to_hv_dev(dev);
	const struct hv_vmbus_device_id *id = hvapi_match_id(drv, hv);

	if (!drv->probe || !id)
		return -ENODEV;
	return drv->probe(hv, id);
}

static void hvapi_bus_remove(struct device *dev)
{
	struct hv_driver *drv = to_hv_drv(dev->driver);

	if (drv->remove)
		hvg2_hv_driver_remove(drv, to_hv_dev(dev));
}

static void hvapi_bus_shutdown(struct device *dev)
{
	struct hv_driver *drv;

	if (!dev->driver)
		return;
	drv = to_hv_drv(dev->driver);
	if (drv->shutdown)
		drv->shutdown(to_hv_dev(dev));
}

static HVG2_BUS_TYPE hvapi_bus = {
	.name = "hvg2_hvapi",
	.match = hvapi_bus_match,
	.probe = hvapi_bus_probe,
	.remove = hvapi_bus_remove,
	.shutdown = hvapi_bus_shutdown,
};

/**
 * __vmbus_driver_register - register an upstream VMBus driver
 * @hv_driver: the driver (name, id_table, probe, remove)
 * @owner: its module
 * @mod_name: its module's name
 *
 * It binds to the hv_devices hvg2_hvapi made of our devices.
 *
 * Return: 0 or an error from driver_register().
 */
int __vmbus_driver_register(struct hv_driver *hv_driver, struct module *owner,
			    const char *mod_name)
{
	hv_driver->driver.name = hv_driver->name;
	hv_driver->driver.owner = owner;
	hv_driver->driver.mod_name = mod_name;
	hv_driver->driver.bus = &hvapi_bus;
	spin_lock_init(&hv_driver->dynids.lock);
	INIT_LIST_HEAD(&hv_driver->dynids.list);
	return driver_register(&hv_driver->driver);
}
EXPORT_SYMBOL_GPL(__vmbus_driver_register);

/**
 * vmbus_driver_unregister - unregister an upstream VMBus driver
 * @hv_driver: the driver; its devices are unbound first
 */
void vmbus_driver_unregister(struct hv_driver *hv_driver)
{
	driver_unregister(&hv_driver->driver);
}
EXPORT_SYMBOL_GPL(vmbus_driver_unregister);

/* ---- the lower side: an hvg2_vmbus driver ---- */

/* upstream's enum hv_dev_type for the classes we serve */
static u16 hvapi_dev_type(const guid_t *class)
{
	static const struct hv_vmbus_device_id scsi = { HV_SCSI_GUID };
	static const struct hv_vmbus_device_id nic = { HV_NIC_GUID };

	if (guid_equal(class, &scsi.guid))
		return HV_SCSI;
	if (guid_equal(class, &nic.guid))
		return HV_NIC;
	return HV_UNKNOWN;
}

static void hvapi_dev_release(struct device *dev)
{
	kfree(container_of(to_hv_dev(dev), struct hvapi_dev, hv));
}

static int hvapi_probe(struct hvg2_vmbus_device *hd,
		       const struct hv_vmbus_device_id *id)
{
	struct hvapi_dev *ad = kzalloc(sizeof(*ad), GFP_KERNEL);
	struct hv_device *hv;
	int ret;

	if (!ad)
		return -ENOMEM;
	ad->hd = hd;
	hvapi_chan_init(&ad->primary, hd->channel, NULL);
	hv = &ad->hv;
	hv->dev_type = hd->class_id;
	hv->dev_instance = hd->device_id;
	hv->vendor_id = PCI_VENDOR_ID_MICROSOFT;
	hv->device_id = hvapi_dev_type(&hd->class_id);
	hv->channel = &ad->primary.vc;
	ad->primary.vc.device_obj = hv;
	ad->primary.vc.device_id = hv->device_id;
	ad->primary.vc.offermsg.offer.if_type = hd->class_id;
	ad->primary.vc.offermsg.offer.if_instance = hd->device_id;

	/* the host reaches the drivers' pages by guest physical address */
	hv->dma_mask = DMA_BIT_MASK(64);
	hv->device.dma_mask = &hv->dma_mask;
	hv->device.coherent_dma_mask = DMA_BIT_MASK(64);
	hv->device.dma_parms = &hv->dma_parms;
	hv->device.bus = &hvapi_bus;
	hv->device.parent = &hd->dev;
	hv->device.release = hvapi_dev_release;
	dev_set_name(&hv->device, "%pUl", &hd->device_id);
	dev_set_drvdata(&hd->dev, ad);

	WRITE_ONCE(vmbus_proto_version, hvg2_vmbus_version());
	/* before the driver can ask for subchannels */
	hvg2_vmbus_set_subchannel_cb(hd, hvapi_subchannel_offer, &ad->primary);
	ret = device_register(&hv->device);
	if (ret) {
		hvg2_vmbus_set_subchannel_cb(hd, NULL, NULL);
		vmbus_close(&ad->primary.vc);
		hvapi_subchannels_free(&ad->primary);
		dev_set_drvdata(&hd->dev, NULL);
		hvapi_chan_destroy(&ad->primary);
		put_device(&hv->device);
	}
	return ret;
}

/* Upstream drivers look at channel->rescind: set it on every channel the host took back. */
static void hvapi_mark_rescinded(struct hvapi_dev *ad)
{
	struct vmbus_channel *sc;

	if (hvg2_channel_rescinded(ad->hd->channel))
		WRITE_ONCE(ad->primary.vc.rescind, true);
	mutex_lock(&ad->primary.sc_lock);
	list_for_each_entry(sc, &ad->primary.vc.sc_list, sc_list)
		if (hvg2_channel_rescinded(to_hvapi_chan(sc)->hch))
			WRITE_ONCE(sc->rescind, true);
	mutex_unlock(&ad->primary.sc_lock);
}

static void hvapi_remove(struct hvg2_vmbus_device *hd)
{
	struct hvapi_dev *ad = dev_get_drvdata(&hd->dev);
	struct vmbus_channel *vc = &ad->primary.vc;

	/* no new subchannel from here on (none is being offered on return) */
	hvg2_vmbus_set_subchannel_cb(hd, NULL, NULL);
	hvapi_mark_rescinded(ad);
	device_del(&ad->hv.device);	/* the upstream driver's remove */
	/* what the driver left open, subchannels first */
	vmbus_close(vc);
	hvapi_subchannels_free(&ad->primary);
	hvapi_chan_destroy(&ad->primary);
	dev_set_drvdata(&hd->dev, NULL);
	put_device(&ad->hv.device);
}

/* at most these classes, and the terminating entry */
static struct hv_vmbus_device_id hvapi_ids[4];

static struct hvg2_vmbus_driver hvapi_driver = {
	.name = "hvg2_hvapi",
	.id_table = hvapi_ids,
	.probe = hvapi_probe,
	.remove = hvapi_remove,
};

/* Parse "classes" into hvapi_ids[]. */
static int hvapi_parse_classes(void)
{
	static const struct {
		const char *name;
		struct hv_vmbus_device_id id;
	} known[] = {
		{ "scsi", { HV_SCSI_GUID } },
		{ "net", { HV_NIC_GUID } },
		{ "echo", { .guid = HVG2_ECHO_GUID_INIT } },
	};
	char *list, *p, *tok;
	unsigned int n = 0, i;
	int ret = 0;

	list = kstrdup(classes ? classes : "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	p = list;
	while ((tok = strsep(&p, ","))) {
		tok = strim(tok);
		if (!*tok)
			continue;
		for (i = 0; i < ARRAY_SIZE(known); i++)
			if (!strcmp(tok, known[i].name))
				break;
		if (i == ARRAY_SIZE(known) || n == ARRAY_SIZE(hvapi_ids) - 1) {
			pr_err("hvg2_hvapi: classes: unknown or repeated \"%s\"\n", tok);
			ret = -EINVAL;
			break;
		}
		hvapi_ids[n++] = known[i].id;
	}
	kfree(list);
	/*
	 * Loaded with no class to take, we are most likely a dependency
	 * depmod chose for hv_storvsc or hv_netvsc (we export the names
	 * hv_vmbus does): refuse, so that load fails as it would have.
	 */
	if (!ret && !n) {
		pr_err("hvg2_hvapi: no device class to take: load with classes=scsi,net,echo (see Documentation/hvapi.rst)\n");
		ret = -EINVAL;
	}
	return ret;
}

/**
 * hvapi_bus_init - register the bus, then take our devices
 *
 * Return: 0 or an error.
 */
int hvapi_bus_init(void)
{
	int ret;

	ret = hvapi_parse_classes();
	if (ret)
		return ret;
	ret = bus_register(&hvapi_bus);
	if (ret)
		return ret;
	ret = hvg2_vmbus_driver_register(&hvapi_driver);
	if (ret)
		bus_unregister(&hvapi_bus);
	return ret;
}

/** hvapi_bus_exit - let our devices go, then the bus */
void hvapi_bus_exit(void)
{
	hvg2_vmbus_driver_unregister(&hvapi_driver);
	bus_unregister(&hvapi_bus);
}
