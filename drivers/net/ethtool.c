// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: ethtool. -i (driver, NVSP/NDIS versions), link, -S.
 *
 * The -S counters are documented in Documentation/net.rst. Per queue
 * they are summed over all queues; the channel's own signals (to the
 * host) and interrupts (from it) come from the transport, and the
 * "per kilo-packet" lines divide them by the packets moved, the figure
 * that batching is meant to lower.
 */
#include <linux/ethtool.h>
#include "hvg2_net.h"

struct hvg2_net_stat {
	char name[ETH_GSTRING_LEN];
	bool tx;
	size_t off;
};

#define HVG2_RX_STAT(n, f) { n, false, offsetof(struct hvg2_net_rxstats, f) }
#define HVG2_TX_STAT(n, f) { n, true, offsetof(struct hvg2_net_txstats, f) }

static const struct hvg2_net_stat hvg2_net_stats[] = {
	HVG2_RX_STAT("rx_packets", packets),
	HVG2_RX_STAT("rx_bytes", bytes),
	HVG2_RX_STAT("rx_copied_bytes", copied),
	HVG2_RX_STAT("rx_drop_nomem", drop_nomem),
	HVG2_RX_STAT("rx_drop_bad_xfer", drop_bad_xfer),
	HVG2_RX_STAT("rx_drop_bad_rndis", drop_bad_rndis),
	HVG2_RX_STAT("rx_drop_bad_completion", drop_bad_comp),
	HVG2_RX_STAT("rx_csum_ok", csum_ok),
	HVG2_RX_STAT("rx_csum_bad", csum_bad),
	HVG2_RX_STAT("rx_completion_retry", comp_retry),
	HVG2_RX_STAT("rx_polls", polls),
	HVG2_TX_STAT("tx_packets", packets),
	HVG2_TX_STAT("tx_bytes", bytes),
	HVG2_TX_STAT("tx_copied_bytes", copied),
	HVG2_TX_STAT("tx_doorbells", batches),
	HVG2_TX_STAT("tx_busy", busy),
	HVG2_TX_STAT("tx_drop_too_big", drop_too_big),
	HVG2_TX_STAT("tx_drop_error", drop_error),
	HVG2_TX_STAT("tx_completions", completions),
	HVG2_RX_STAT("xdp_drop", xdp_drop),
	HVG2_RX_STAT("xdp_pass", xdp_pass),
	HVG2_RX_STAT("xdp_tx", xdp_tx),
	HVG2_RX_STAT("xdp_redirect", xdp_redirect),
	HVG2_TX_STAT("xdp_xmit", xdp_xmit),
};

/* after the table: from the transport, and derived */
static const char hvg2_net_chan_stats[][ETH_GSTRING_LEN] = {
	"signals",
	"interrupts",
	"ring_full",
	"signals_per_kpkt",
	"interrupts_per_kpkt",
	"rejected_ids",
};

#define HVG2_NET_NSTATS	(ARRAY_SIZE(hvg2_net_stats) + \
			 ARRAY_SIZE(hvg2_net_chan_stats))

static int hvg2_net_get_sset_count(struct net_device *ndev, int sset)
{
	return sset == ETH_SS_STATS ? HVG2_NET_NSTATS : -EOPNOTSUPP;
}

static void hvg2_net_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(hvg2_net_stats); i++)
		memcpy(data + i * ETH_GSTRING_LEN, hvg2_net_stats[i].name,
		       ETH_GSTRING_LEN);
	data += i * ETH_GSTRING_LEN;
	memcpy(data, hvg2_net_chan_stats, sizeof(hvg2_net_chan_stats));
}

/* one counter of one queue, read consistently */
static u64 hvg2_net_read_stat(struct hvg2_net_queue *q,
			      const struct hvg2_net_stat *s)
{
	struct u64_stats_sync *sync = s->tx ? &q->tx.syncp : &q->rx.syncp;
	const void *base = s->tx ? (void *)&q->tx : (void *)&q->rx;
	unsigned int start;
	u64 v;

	do {
		start = u64_stats_fetch_begin(sync);
		v = *(const u64 *)(base + s->off);
	} while (u64_stats_fetch_retry(sync, start));
	return v;
}

static void hvg2_net_get_ethtool_stats(struct net_device *ndev,
				       struct ethtool_stats *st, u64 *data)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u64 sig = 0, irq = 0, full = 0, pkts;
	unsigned int i, j;

	memset(data, 0, HVG2_NET_NSTATS * sizeof(*data));
	for (j = 0; j < nd->nq; j++) {
		struct hvg2_net_queue *q = &nd->q[j];

		for (i = 0; i < ARRAY_SIZE(hvg2_net_stats); i++)
			data[i] += hvg2_net_read_stat(q, &hvg2_net_stats[i]);
		sig += hvg2_channel_stats(q->ch, HVG2_CHAN_STAT_SIGNALS);
		irq += hvg2_channel_stats(q->ch, HVG2_CHAN_STAT_INTERRUPTS);
		full += hvg2_channel_stats(q->ch, HVG2_CHAN_STAT_RING_FULL);
	}
	/* rx_packets is entry 0, tx_packets entry 11 */
	pkts = data[0] + data[11];
	data += ARRAY_SIZE(hvg2_net_stats);
	data[0] = sig;
	data[1] = irq;
	data[2] = full;
	data[3] = pkts ? div64_u64(sig * 1000, pkts) : 0;
	data[4] = pkts ? div64_u64(irq * 1000, pkts) : 0;
	data[5] = READ_ONCE(nd->ids.rejected);
}

static void hvg2_net_get_drvinfo(struct net_device *ndev,
				 struct ethtool_drvinfo *info)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	strscpy(info->driver, "hvg2_net", sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version),
		 "NVSP %#x NDIS %u.%u", nd->nvsp_ver, nd->ndis_ver >> 16,
		 nd->ndis_ver & 0xffff);
	strscpy(info->bus_info, dev_name(&nd->hd->dev), sizeof(info->bus_info));
}

static int hvg2_net_get_link_ksettings(struct net_device *ndev,
				       struct ethtool_link_ksettings *cmd)
{
	cmd->base.speed = SPEED_UNKNOWN;
	cmd->base.duplex = DUPLEX_FULL;
	cmd->base.port = PORT_OTHER;
	return 0;
}

/*
 * -g/-G: ring entries are buffer sections, the unit the host carves the
 * buffers into (it picks the section sizes; we pick the buffer sizes).
 */
#define HVG2_NET_RECV_MAX	(128U << 20)
#define HVG2_NET_SEND_MAX	(64U << 20)
#define HVG2_NET_BUF_MIN	(64U << 10)

static void hvg2_net_get_ringparam(struct net_device *ndev,
				   struct ethtool_ringparam *r,
				   struct kernel_ethtool_ringparam *kr,
				   struct netlink_ext_ack *extack)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (!nd->recv_section || !nd->send_section)
		return;
	r->rx_max_pending = HVG2_NET_RECV_MAX / nd->recv_section;
	r->tx_max_pending = min_t(u32, HVG2_NET_SEND_MAX / nd->send_section,
				  HVG2_NET_MAX_IDS - 64);
	r->rx_pending = nd->recv_size / nd->recv_section;
	r->tx_pending = nd->send_nsec;
}

static int hvg2_net_set_ringparam(struct net_device *ndev,
				  struct ethtool_ringparam *r,
				  struct kernel_ethtool_ringparam *kr,
				  struct netlink_ext_ack *extack)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u32 old_recv = nd->recv_want, old_send = nd->send_want;
	u64 recv, send;
	int ret;

	if (r->rx_mini_pending || r->rx_jumbo_pending || !nd->recv_section ||
	    !nd->send_section || READ_ONCE(nd->broken))
		return -EINVAL;
	recv = PAGE_ALIGN((u64)r->rx_pending * nd->recv_section);
	send = PAGE_ALIGN((u64)r->tx_pending * nd->send_section);
	if (recv < HVG2_NET_BUF_MIN || recv > HVG2_NET_RECV_MAX ||
	    send < HVG2_NET_BUF_MIN || send > HVG2_NET_SEND_MAX)
		return -EINVAL;
	if (recv == nd->recv_size && send == nd->send_size)
		return 0;

	/* new buffers mean a new NVSP connection: stop, detach, attach */
	netif_device_detach(ndev);
	netif_tx_disable(ndev);
	hvg2_net_detach(nd);
	nd->recv_want = recv;
	nd->send_want = send;
	ret = hvg2_net_attach(nd);
	if (ret) {
		netdev_warn(ndev, "new buffers refused (%d): back to the old\n",
			    ret);
		nd->recv_want = old_recv;
		nd->send_want = old_send;
		if (hvg2_net_attach(nd)) {
			netdev_err(ndev, "cannot reconnect to the host\n");
			WRITE_ONCE(nd->broken, true);
			netif_carrier_off(ndev);
			return ret;
		}
	}
	/* the new connection starts without what we asked of the old one */
	if (ndev->hw_features & NETIF_F_IP_CSUM)
		hvg2_net_offload_request(nd);
	if (netif_running(ndev)) {
		u32 f = hvg2_net_filter(ndev);

		hvg2_net_rndis_set(nd, HVG2_OID_GEN_CURRENT_PACKET_FILTER, &f,
				   sizeof(f));
	}
	if (READ_ONCE(nd->link_up))
		netif_carrier_on(ndev);
	else
		netif_carrier_off(ndev);
	netif_device_attach(ndev);
	return ret;
}

const struct ethtool_ops hvg2_net_ethtool_ops = {
	.get_ringparam = hvg2_net_get_ringparam,
	.set_ringparam = hvg2_net_set_ringparam,
	.get_drvinfo = hvg2_net_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = hvg2_net_get_link_ksettings,
	.get_sset_count = hvg2_net_get_sset_count,
	.get_strings = hvg2_net_get_strings,
	.get_ethtool_stats = hvg2_net_get_ethtool_stats,
};
