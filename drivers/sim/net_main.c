// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_sim_net: the "net" class of the simulated host, a Hyper-V vSwitch
 * port per synthetic NIC.
 *
 *   mkdir /sys/kernel/config/hvg2_sim/net.nic0      a NIC, not offered yet
 *   cat .../net.nic0/port                           hvs-nic0, the host end
 *   echo 1 > .../net.nic0/enable                    offer it to the guest
 *
 * Per-NIC settings (read when the guest next asks): mac, mtu (the most
 * the guest may use), channels (primary plus subchannels the guest may
 * get), recv_section and send_section (bytes; recv_section 0 sizes the
 * receive sections for the guest's MTU), nvsp_max (newest NVSP version
 * offered), link (1 up, 0 down: announced to the guest at once). Fault
 * knobs, each "the next N times": corrupt_rndis (a received message with
 * a broken RNDIS length), bad_rx_offset (a transfer-page range outside the
 * receive buffer), forge_completion (a completion of a packet the guest
 * never sent). Counters: stats. See Documentation/sim.rst.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "net.h"

static const char *const snet_stat_names[SNET_NSTATS] = {
	[SNET_TX_FRAMES] = "tx_frames",
	[SNET_TX_BYTES] = "tx_bytes",
	[SNET_RX_FRAMES] = "rx_frames",
	[SNET_RX_BYTES] = "rx_bytes",
	[SNET_RX_DROPS] = "rx_drops",
	[SNET_RX_NO_SECTION] = "rx_no_section",
	[SNET_BAD_NVSP] = "bad_nvsp",
	[SNET_BAD_RNDIS] = "bad_rndis",
	[SNET_BAD_COMPLETIONS] = "bad_completions",
	[SNET_CTRL_MSGS] = "ctrl_msgs",
	[SNET_FAULTS] = "faults",
	[SNET_TX_USO] = "tx_uso",
	[SNET_TX_GSO] = "tx_gso",
	[SNET_RX_RSC] = "rx_rsc",
	[SNET_RX_RSC_FRAGS] = "rx_rsc_frags",
};

/* ---- the backend hooks ---- */

/* "net.nic0" -> "hvs-nic0": the port is named after the device. */
static void snet_port_name(struct snet_dev *nd, const char *dev_name)
{
	const char *dot = strchr(dev_name, '.');
	char *p;

	snprintf(nd->port_name, sizeof(nd->port_name), "hvs-%s",
		 dot ? dot + 1 : dev_name);
	for (p = nd->port_name; *p; p++)
		if (*p == ':' || *p == '/' || isspace(*p))
			*p = '_';
	if (!dev_valid_name(nd->port_name))
		strscpy(nd->port_name, "hvs%d", sizeof(nd->port_name));
}

static int snet_create(struct hvg2_sim_dev *d)
{
	struct snet_dev *nd = kvzalloc(sizeof(*nd), GFP_KERNEL);
	unsigned int i;
	int ret;

	if (!nd)
		return -ENOMEM;
	nd->sd = d;
	/* Hyper-V's OUI, like the MACs Hyper-V hands out */
	eth_random_addr(nd->cfg.mac);
	nd->cfg.mac[0] = 0x00;
	nd->cfg.mac[1] = 0x15;
	nd->cfg.mac[2] = 0x5d;
	nd->cfg.mtu = 9000;
	nd->cfg.channels_max = min_t(u32, num_online_cpus(), 4);
	nd->cfg.send_section = SNET_SEND_SECTION;
	nd->cfg.nvsp_max = HVG2_NVSP_VER_61;
	nd->cfg.link_up = true;
	nd->guest_mtu = ETH_DATA_LEN;
	spin_lock_init(&nd->rss_lock);
	init_rwsem(&nd->buf_sem);
	spin_lock_init(&nd->rsec_lock);
	mutex_init(&nd->ctl_lock);
	INIT_LIST_HEAD(&nd->ctlq);
	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++) {
		struct snet_chan *ch = &nd->chan[i];

		ch->nd = nd;
		ch->c = hvg2_sim_dev_chan(d, i);
		skb_queue_head_init(&ch->rxq);
	}
	snet_port_name(nd, hvg2_sim_dev_name(d));
	ret = snet_port_create(nd);
	if (ret) {
		kvfree(nd);
		return ret;
	}
	hvg2_sim_dev_set_priv(d, nd);
	return 0;
}

static void snet_destroy(struct hvg2_sim_dev *d)
{
	struct snet_dev *nd = hvg2_sim_dev_priv(d);
	unsigned int i;

	if (!nd)
		return;
	snet_port_destroy(nd);
	snet_buffers_release(nd);
	snet_ctl_purge(nd);
	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++) {
		kvfree(nd->chan[i].gather);
		kfree(nd->chan[i].ranges);
	}
	hvg2_sim_dev_set_priv(d, NULL);
	kvfree(nd);
}

static int snet_open(struct hvg2_sim_chan *c)
{
	struct snet_dev *nd = hvg2_sim_dev_priv(c->dev);
	struct snet_chan *ch;

	if (!nd || c->subidx >= HVG2_SIM_MAX_CHANNELS)
		return -EINVAL;
	ch = &nd->chan[c->subidx];
	if (!ch->gather)
		ch->gather = kvmalloc(SNET_GATHER_MAX, GFP_KERNEL);
	if (!ch->ranges)
		ch->ranges = kmalloc(SNET_RANGES_MAX, GFP_KERNEL);
	if (!ch->gather || !ch->ranges)
		return -ENOMEM;
	ch->c = c;
	c->priv = ch;
	if (!c->subidx) {
		/* a new guest driver: everything is negotiated again */
		nd->nvsp_ver = 0;
		nd->ndis_ver = 0;
		nd->guest_mtu = ETH_DATA_LEN;
		nd->filter = 0;
		memset(&nd->offload, 0, sizeof(nd->offload));
		WRITE_ONCE(nd->uso, false);
		WRITE_ONCE(nd->rsc_ip4, false);
		WRITE_ONCE(nd->rsc_ip6, false);
		WRITE_ONCE(nd->nsub, 0);
		WRITE_ONCE(nd->rss_on, false);
	}
	WRITE_ONCE(ch->open, true);
	return 0;
}

static void snet_close(struct hvg2_sim_chan *c)
{
	struct snet_chan *ch = c->priv;
	struct snet_dev *nd;

	if (!ch)
		return;
	nd = ch->nd;
	WRITE_ONCE(ch->open, false);
	skb_queue_purge(&ch->rxq);
	if (!c->subidx) {
		WRITE_ONCE(nd->rndis_up, false);
		WRITE_ONCE(nd->rss_on, false);
		snet_port_carrier(nd);
		snet_ctl_purge(nd);
		/* waits for subchannels' work to let go of the buffers */
		snet_buffers_release(nd);
	}
}

static void snet_work(struct hvg2_sim_chan *c)
{
	struct snet_chan *ch = c->priv;

	if (ch && READ_ONCE(ch->open))
		snet_nvsp_work(ch);
}

/* ---- configfs ---- */

static struct snet_dev *to_snet(struct config_item *item)
{
	return hvg2_sim_dev_priv(hvg2_sim_dev_from_item(item));
}

static ssize_t snet_mac_show(struct config_item *item, char *page)
{
	return sprintf(page, "%pM\n", to_snet(item)->cfg.mac);
}

static ssize_t snet_mac_store(struct config_item *item, const char *page,
			      size_t count)
{
	u8 mac[ETH_ALEN];

	if (!mac_pton(page, mac) || !is_valid_ether_addr(mac))
		return -EINVAL;
	memcpy(to_snet(item)->cfg.mac, mac, ETH_ALEN);
	return count;
}

static ssize_t snet_port_show(struct config_item *item, char *page)
{
	struct snet_dev *nd = to_snet(item);

	return sprintf(page, "%s\n", nd->port ? nd->port->name : "");
}

static ssize_t snet_stats_show(struct config_item *item, char *page)
{
	struct snet_dev *nd = to_snet(item);
	ssize_t n = 0;
	unsigned int i;

	for (i = 0; i < SNET_NSTATS; i++)
		n += sysfs_emit_at(page, n, "%s %lld\n", snet_stat_names[i],
				   atomic64_read(&nd->stats[i]));
	/* receive sections the guest holds (its completions not yet read) */
	n += sysfs_emit_at(page, n, "rx_sections_busy %u\n", snet_rsec_busy(nd));
	/* the spread over channels, for RSS checks */
	n += sysfs_emit_at(page, n, "subchannels %u\n", READ_ONCE(nd->nsub));
	for (i = 0; i <= READ_ONCE(nd->nsub) && i < HVG2_SIM_MAX_CHANNELS; i++)
		n += sysfs_emit_at(page, n, "rx_channel%u %lld\n", i,
				   atomic64_read(&nd->chan[i].rx_frames));
	return n;
}

static ssize_t snet_link_show(struct config_item *item, char *page)
{
	return sprintf(page, "%d\n", READ_ONCE(to_snet(item)->cfg.link_up));
}

static ssize_t snet_link_store(struct config_item *item, const char *page,
			       size_t count)
{
	struct snet_dev *nd = to_snet(item);
	bool up;

	if (kstrtobool(page, &up))
		return -EINVAL;
	if (up == READ_ONCE(nd->cfg.link_up))
		return count;
	WRITE_ONCE(nd->cfg.link_up, up);
	snet_port_carrier(nd);
	snet_link_indicate(nd);
	return count;
}

/* u32 settings with a range */
#define SNET_U32(_name, _min, _max)					\
static ssize_t snet_##_name##_show(struct config_item *item, char *page) \
{									\
	return sprintf(page, "%u\n", READ_ONCE(to_snet(item)->cfg._name));	\
}									\
static ssize_t snet_##_name##_store(struct config_item *item,		\
				    const char *page, size_t count)	\
{									\
	u32 v;								\
	if (kstrtou32(page, 0, &v) || v < (_min) || v > (_max))		\
		return -EINVAL;						\
	WRITE_ONCE(to_snet(item)->cfg._name, v);				\
	return count;							\
}									\
CONFIGFS_ATTR(snet_, _name)

SNET_U32(mtu, ETH_MIN_MTU, 65535 - ETH_HLEN);
SNET_U32(channels_max, 1, HVG2_SIM_MAX_CHANNELS);
SNET_U32(send_section, 1024, 65536);
SNET_U32(nvsp_max, HVG2_NVSP_VER_1, HVG2_NVSP_VER_61);

/* recv_section: 0 (from the MTU) or a size that holds the RNDIS headers */
static ssize_t snet_recv_section_show(struct config_item *item, char *page)
{
	return sprintf(page, "%u\n", READ_ONCE(to_snet(item)->cfg.recv_section));
}

static ssize_t snet_recv_section_store(struct config_item *item,
				       const char *page, size_t count)
{
	u32 v;

	/* guests want 8-byte aligned ranges: sizes are multiples of 8 */
	if (kstrtou32(page, 0, &v) || (v && (v < 256 || v > 65536 || v % 8)))
		return -EINVAL;
	WRITE_ONCE(to_snet(item)->cfg.recv_section, v);
	return count;
}

/* fault knobs: the next N times; writing one wakes the primary channel */
#define SNET_FAULT(_name)						\
static ssize_t snet_##_name##_show(struct config_item *item, char *page) \
{									\
	return sprintf(page, "%d\n", atomic_read(&to_snet(item)->faults._name)); \
}									\
static ssize_t snet_##_name##_store(struct config_item *item,		\
				    const char *page, size_t count)	\
{									\
	struct snet_dev *nd = to_snet(item);				\
	int v;								\
	if (kstrtoint(page, 0, &v) || v < 0)				\
		return -EINVAL;						\
	atomic_set(&nd->faults._name, v);					\
	if (READ_ONCE(nd->chan[0].open))				\
		hvg2_sim_kick(nd->chan[0].c);				\
	return count;							\
}									\
CONFIGFS_ATTR(snet_, _name)

SNET_FAULT(corrupt_rndis);
SNET_FAULT(bad_rx_offset);
SNET_FAULT(forge_completion);

CONFIGFS_ATTR(snet_, mac);
CONFIGFS_ATTR(snet_, link);
CONFIGFS_ATTR(snet_, recv_section);
CONFIGFS_ATTR_RO(snet_, port);
CONFIGFS_ATTR_RO(snet_, stats);

static struct configfs_attribute *snet_attrs[] = {
	&snet_attr_mac,
	&snet_attr_mtu,
	&snet_attr_channels_max,
	&snet_attr_recv_section,
	&snet_attr_send_section,
	&snet_attr_nvsp_max,
	&snet_attr_link,
	&snet_attr_port,
	&snet_attr_stats,
	&snet_attr_corrupt_rndis,
	&snet_attr_bad_rx_offset,
	&snet_attr_forge_completion,
	NULL,
};

static struct hvg2_sim_backend snet_backend = {
	.name = "net",
	/* Hyper-V's synthetic network adapter class */
	.class_id = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,
			      0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e),
	.owner = THIS_MODULE,
	.create = snet_create,
	.destroy = snet_destroy,
	.open = snet_open,
	.close = snet_close,
	.work = snet_work,
	.attrs = snet_attrs,
};

static int __init snet_init(void)
{
	return hvg2_sim_backend_register(&snet_backend);
}

static void __exit snet_exit(void)
{
	hvg2_sim_backend_unregister(&snet_backend);
}

module_init(snet_init);
module_exit(snet_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvgen2 simulated host: synthetic NIC backend (vSwitch port)");
