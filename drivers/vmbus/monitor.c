// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor pages: two pages the guest names in INITIATE_CONTACT, the
 * first written by the host (host to guest), the second by the guest
 * (guest to host). A monitored channel (offer monitor_flags bit 0) owns
 * slot monitor_id in both: a pending bit, a latency and the connection id
 * the host fills in. We do not signal through them (signal_event is what
 * every current host takes), but their contents are shown per device as
 * upstream does, so tools that read them keep working:
 *
 *   /sys/bus/vmbus/devices/<id>/{server,client}_monitor_{pending,latency,conn_id}
 *
 * "server" is the host-to-guest page, "client" the guest-to-host one.
 *
 * They live from link registration to unregistration, host-visible on an
 * isolated guest (visible.c): made shared before INITIATE_CONTACT names
 * them and private again after UNLOAD, or leaked when that fails.
 * monitor_id comes from the host: an id past the pages' 128 slots hides
 * the attributes instead of reading past the page.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "internal.h"

/**
 * hvg2_monitor_pages_get - allocate the monitor pages for a connection
 *
 * Called under link_lock before version negotiation.
 *
 * Return: 0, -ENOMEM, or the conversion's error.
 */
int hvg2_monitor_pages_get(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		hvg2_conn.monitor_pages[i] = (void *)get_zeroed_page(GFP_KERNEL);
		if (!hvg2_conn.monitor_pages[i]) {
			hvg2_monitor_pages_put();
			return -ENOMEM;
		}
		hvg2_conn.monitor_vis[i] = (struct hvg2_vis_mem){
			.addr = hvg2_conn.monitor_pages[i],
			.npages = 1,
		};
	}
	if (hvg2_vis_wanted()) {
		ret = hvg2_vis_share(&hvg2_vis_real, hvg2_conn.monitor_vis, 2);
		if (ret) {
			hvg2_monitor_pages_put();
			return ret;
		}
		/* a conversion changes what the pages read as */
		for (i = 0; i < 2; i++)
			memset(hvg2_conn.monitor_pages[i], 0, PAGE_SIZE);
	}
	return 0;
}

/**
 * hvg2_monitor_pages_put - free the monitor pages after UNLOAD
 *
 * Pages that cannot be made private again are leaked.
 */
void hvg2_monitor_pages_put(void)
{
	unsigned int i;

	hvg2_vis_unshare(&hvg2_vis_real, hvg2_conn.monitor_vis, 2);
	for (i = 0; i < 2; i++) {
		if (!hvg2_conn.monitor_vis[i].shared)
			free_page((unsigned long)hvg2_conn.monitor_pages[i]);
		hvg2_conn.monitor_pages[i] = NULL;
		memset(&hvg2_conn.monitor_vis[i], 0, sizeof(hvg2_conn.monitor_vis[i]));
	}
}

/* ---- sysfs ---- */

/* The monitor id of a monitored channel, or -1 (none, or out of range). */
static int hvg2_monitor_id(const struct hvg2_channel *ch)
{
	if (!(ch->offer.monitor_flags & HVG2_VMBUS_OFFER_MONITOR_ALLOCATED) ||
	    ch->offer.monitor_id >= HVG2_MONITOR_IDS)
		return -1;
	return ch->offer.monitor_id;
}

enum hvg2_monitor_field { HVG2_MON_PENDING, HVG2_MON_LATENCY, HVG2_MON_CONN_ID };

static ssize_t hvg2_monitor_show(struct device *dev, char *buf,
				 unsigned int page, enum hvg2_monitor_field f)
{
	const struct hvg2_monitor_page *mp = READ_ONCE(hvg2_conn.monitor_pages[page]);
	int id = hvg2_monitor_id(to_hvg2_vmbus_device(dev)->channel);
	unsigned int g, s;
	u32 v;

	/* hidden then (is_visible); a device outlives no connection */
	if (id < 0 || !mp)
		return -ENODEV;
	g = id / HVG2_MONITOR_SLOTS;
	s = id % HVG2_MONITOR_SLOTS;
	switch (f) {
	case HVG2_MON_PENDING:
		v = READ_ONCE(mp->group[g].pending);
		break;
	case HVG2_MON_LATENCY:
		v = READ_ONCE(mp->latency[g][s]);
		break;
	default:
		v = READ_ONCE(mp->param[g][s].conn_id) & 0xffffff;
		break;
	}
	return sysfs_emit(buf, "%u\n", v);
}

#define HVG2_MONITOR_ATTR(_name, _page, _field)				\
	static ssize_t _name##_show(struct device *dev,			\
				    struct device_attribute *a, char *buf) \
	{								\
		return hvg2_monitor_show(dev, buf, _page, _field);	\
	}								\
	static DEVICE_ATTR_RO(_name)

HVG2_MONITOR_ATTR(server_monitor_pending, 0, HVG2_MON_PENDING);
HVG2_MONITOR_ATTR(server_monitor_latency, 0, HVG2_MON_LATENCY);
HVG2_MONITOR_ATTR(server_monitor_conn_id, 0, HVG2_MON_CONN_ID);
HVG2_MONITOR_ATTR(client_monitor_pending, 1, HVG2_MON_PENDING);
HVG2_MONITOR_ATTR(client_monitor_latency, 1, HVG2_MON_LATENCY);
HVG2_MONITOR_ATTR(client_monitor_conn_id, 1, HVG2_MON_CONN_ID);

static struct attribute *hvg2_monitor_attrs[] = {
	&dev_attr_server_monitor_pending.attr,
	&dev_attr_server_monitor_latency.attr,
	&dev_attr_server_monitor_conn_id.attr,
	&dev_attr_client_monitor_pending.attr,
	&dev_attr_client_monitor_latency.attr,
	&dev_attr_client_monitor_conn_id.attr,
	NULL,
};

/* as upstream: only a monitored channel has them; a bad id, neither */
static umode_t hvg2_monitor_visible(struct kobject *kobj, struct attribute *a,
				    int n)
{
	struct device *dev = kobj_to_dev(kobj);

	return hvg2_monitor_id(to_hvg2_vmbus_device(dev)->channel) < 0 ? 0 : a->mode;
}

const struct attribute_group hvg2_monitor_group = {
	.attrs = hvg2_monitor_attrs,
	.is_visible = hvg2_monitor_visible,
};
