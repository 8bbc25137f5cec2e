// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: ethtool. -i (driver, NVSP/NDIS versions), link, -S, -g/-G,
 * -l/-L (channels), -x/-X (RSS key and indirection table).
 *
 * The -S counters are documented in Documentation/net.rst. Per queue
 * they are summed over all queues; the channel's own signals (to the
 * host) and interrupts (from it) come from the transport, and the
 * "per kilo-packet" lines divide them by the packets moved, the figure
 * that batching is meant to lower. Then each queue in use has its own
 * packet and byte counts, to show how RSS spreads the flows.
 *
 * -G and -L need a new NVSP connection (buffers and subchannels are
 * granted once per connection): the device is detached from the stack,
 * disconnected and attached again with the new sizes, or the old ones if
 * the host refuses.
 */
#include <linux/ethtool.h>
#include "hvg2_net.h"
#include "hvg2_net_compat.h"

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
	HVG2_RX_STAT("rx_completion_deferred", comp_deferred),
	HVG2_RX_STAT("rx_polls", polls),
	HVG2_TX_STAT("tx_packets", packets),
	HVG2_TX_STAT("tx_bytes", bytes),
	HVG2_TX_STAT("tx_copied_bytes", copied),
	HVG2_TX_STAT("tx_doorbells", batches),
	HVG2_TX_STAT("tx_doorbells_deferred", deferred),
	HVG2_TX_STAT("tx_busy", busy),
	HVG2_TX_STAT("tx_drop_too_big", drop_too_big),
	HVG2_TX_STAT("tx_drop_error", drop_error),
	HVG2_TX_STAT("tx_completions", completions),
	HVG2_TX_STAT("tx_timeouts", timeouts),
	HVG2_RX_STAT("xdp_drop", xdp_drop),
	HVG2_RX_STAT("xdp_pass", xdp_pass),
	HVG2_RX_STAT("xdp_tx", xdp_tx),
	HVG2_RX_STAT("xdp_redirect", xdp_redirect),
	HVG2_TX_STAT("xdp_xmit", xdp_xmit),
	HVG2_TX_STAT("tx_uso", uso),
	HVG2_RX_STAT("rx_rsc_packets", rsc_pkts),
	HVG2_RX_STAT("rx_rsc_frags", rsc_frags),
	HVG2_RX_STAT("rx_rsc_drops", rsc_drops),
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

/* after those: per queue in use, packets and bytes each way */
#define HVG2_NET_QSTATS	4

static int hvg2_net_get_sset_count(struct net_device *ndev, int sset)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return HVG2_NET_NSTATS + nd->nq * HVG2_NET_QSTATS;
}

static void hvg2_net_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	unsigned int i, j;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(hvg2_net_stats); i++)
		memcpy(data + i * ETH_GSTRING_LEN, hvg2_net_stats[i].name,
		       ETH_GSTRING_LEN);
	data += i * ETH_GSTRING_LEN;
	memcpy(data, hvg2_net_chan_stats, sizeof(hvg2_net_chan_stats));
	data += sizeof(hvg2_net_chan_stats);
	for (j = 0; j < nd->nq; j++) {
		ethtool_sprintf(&data, "rx_queue_%u_packets", j);
		ethtool_sprintf(&data, "rx_queue_%u_bytes", j);
		ethtool_sprintf(&data, "tx_queue_%u_packets", j);
		ethtool_sprintf(&data, "tx_queue_%u_bytes", j);
	}
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

/* the per-queue entries and the per-packet figures' divisor */
static const struct hvg2_net_stat hvg2_net_rx_packets =
	HVG2_RX_STAT("", packets);
static const struct hvg2_net_stat hvg2_net_rx_bytes = HVG2_RX_STAT("", bytes);
static const struct hvg2_net_stat hvg2_net_tx_packets =
	HVG2_TX_STAT("", packets);
static const struct hvg2_net_stat hvg2_net_tx_bytes = HVG2_TX_STAT("", bytes);

static void hvg2_net_get_ethtool_stats(struct net_device *ndev,
				       struct ethtool_stats *st, u64 *data)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u64 sig = 0, irq = 0, full = 0, pkts;
	unsigned int i, j;

	memset(data, 0, HVG2_NET_NSTATS * sizeof(*data));
	/* queues beyond nq keep what they counted before an ethtool -L */
	for (j = 0; j < HVG2_NET_MAX_QUEUES; j++) {
		struct hvg2_net_queue *q = &nd->q[j];

		for (i = 0; i < ARRAY_SIZE(hvg2_net_stats); i++)
			data[i] += hvg2_net_read_stat(q, &hvg2_net_stats[i]);
		if (j >= nd->nq)
			continue;
		sig += hvg2_channel_stats(q->ch, HVG2_CHAN_STAT_SIGNALS);
		irq += hvg2_channel_stats(q->ch, HVG2_CHAN_STAT_INTERRUPTS);
		full += hvg2_channel_stats(q->ch, HVG2_CHAN_STAT_RING_FULL);
	}
	data += ARRAY_SIZE(hvg2_net_stats);
	pkts = 0;
	for (j = 0; j < HVG2_NET_MAX_QUEUES; j++)
		pkts += hvg2_net_read_stat(&nd->q[j], &hvg2_net_rx_packets) +
			hvg2_net_read_stat(&nd->q[j], &hvg2_net_tx_packets);
	data[0] = sig;
	data[1] = irq;
	data[2] = full;
	data[3] = pkts ? div64_u64(sig * 1000, pkts) : 0;
	data[4] = pkts ? div64_u64(irq * 1000, pkts) : 0;
	data[5] = READ_ONCE(nd->ids.rejected);
	data += ARRAY_SIZE(hvg2_net_chan_stats);
	for (j = 0; j < nd->nq; j++) {
		struct hvg2_net_queue *q = &nd->q[j];

		/* the order of hvg2_net_get_strings(): rx and tx entries */
		*data++ = hvg2_net_read_stat(q, &hvg2_net_rx_packets);
		*data++ = hvg2_net_read_stat(q, &hvg2_net_rx_bytes);
		*data++ = hvg2_net_read_stat(q, &hvg2_net_tx_packets);
		*data++ = hvg2_net_read_stat(q, &hvg2_net_tx_bytes);
	}
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

/*
 * Reconnect with buffers of @recv and @send bytes and @nq queues; on
 * refusal, with the old ones. The caller holds the RTNL lock.
 */
static int hvg2_net_reconnect(struct hvg2_net *nd, u32 recv, u32 send,
			      unsigned int nq)
{
	u32 old_recv = nd->recv_want, old_send = nd->send_want;
	unsigned int old_nq = nd->nq_want;
	struct net_device *ndev = nd->ndev;
	int ret;

	/* new buffers or queues mean a new NVSP connection */
	netif_device_detach(ndev);
	netif_tx_disable(ndev);
	hvg2_net_detach(nd);
	nd->recv_want = recv;
	nd->send_want = send;
	nd->nq_want = nq;
	ret = hvg2_net_attach(nd);
	if (ret) {
		netdev_warn(ndev, "new settings refused (%d): back to the old\n",
			    ret);
		nd->recv_want = old_recv;
		nd->send_want = old_send;
		nd->nq_want = old_nq;
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

static int hvg2_net_set_ringparam(struct net_device *ndev,
				  struct ethtool_ringparam *r,
				  struct kernel_ethtool_ringparam *kr,
				  struct netlink_ext_ack *extack)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u64 recv, send;

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
	return hvg2_net_reconnect(nd, recv, send, nd->nq_want);
}

/* ---- -l/-L: one combined channel per queue ---- */

static unsigned int hvg2_net_max_channels(struct hvg2_net *nd)
{
	return min3(nd->nq_max, num_online_cpus(), HVG2_NET_MAX_QUEUES);
}

static void hvg2_net_get_channels(struct net_device *ndev,
				  struct ethtool_channels *ch)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	ch->max_combined = hvg2_net_max_channels(nd);
	ch->combined_count = nd->nq;
}

static int hvg2_net_set_channels(struct net_device *ndev,
				 struct ethtool_channels *ch)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (ch->rx_count || ch->tx_count || ch->other_count ||
	    !ch->combined_count ||
	    ch->combined_count > hvg2_net_max_channels(nd) ||
	    READ_ONCE(nd->broken))
		return -EINVAL;
	if (ch->combined_count == nd->nq)
		return 0;
	/* the subchannels open once the host offered them (chan.c) */
	return hvg2_net_reconnect(nd, nd->recv_want, nd->send_want,
				  ch->combined_count);
}

/* ---- -x/-X: Toeplitz key and indirection table ---- */

static int hvg2_net_get_rxnfc(struct net_device *ndev, struct ethtool_rxnfc *info,
			      u32 *rules)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (info->cmd != ETHTOOL_GRXRINGS)
		return -EOPNOTSUPP;
	info->data = nd->nq;
	return 0;
}

static u32 hvg2_net_get_rxfh_key_size(struct net_device *ndev)
{
	return HVG2_NDIS_RSS_KEY_SIZE;
}

static u32 hvg2_net_get_rxfh_indir_size(struct net_device *ndev)
{
	return HVG2_NDIS_RSS_ITAB_MAX;
}

static int hvg2_net_rss_get(struct net_device *ndev, u32 *indir, u8 *key,
			    u8 *hfunc)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (hfunc)
		*hfunc = ETH_RSS_HASH_TOP;
	if (indir)
		memcpy(indir, nd->rss_itab, sizeof(nd->rss_itab));
	if (key)
		memcpy(key, nd->rss_key, sizeof(nd->rss_key));
	return 0;
}

static int hvg2_net_rss_set(struct net_device *ndev, const u32 *indir,
			    const u8 *key, u8 hfunc)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u32 old_itab[HVG2_NDIS_RSS_ITAB_MAX];
	u8 old_key[HVG2_NDIS_RSS_KEY_SIZE];
	bool old_user = nd->rss_user;
	unsigned int i;
	int ret;

	if (hfunc != ETH_RSS_HASH_NO_CHANGE && hfunc != ETH_RSS_HASH_TOP)
		return -EOPNOTSUPP;
	if (nd->nq < 2 || READ_ONCE(nd->broken))
		return -EOPNOTSUPP;
	if (indir)
		for (i = 0; i < HVG2_NDIS_RSS_ITAB_MAX; i++)
			if (indir[i] >= nd->nq)
				return -EINVAL;
	if (!indir && !key)
		return 0;
	memcpy(old_itab, nd->rss_itab, sizeof(old_itab));
	memcpy(old_key, nd->rss_key, sizeof(old_key));
	if (indir) {
		memcpy(nd->rss_itab, indir, sizeof(nd->rss_itab));
		nd->rss_user = true;
	}
	if (key)
		memcpy(nd->rss_key, key, sizeof(nd->rss_key));
	ret = hvg2_net_rss_send(nd);
	if (ret) {
		/* the host keeps the old parameters: so do we */
		memcpy(nd->rss_itab, old_itab, sizeof(old_itab));
		memcpy(nd->rss_key, old_key, sizeof(old_key));
		nd->rss_user = old_user;
	}
	return ret;
}

static int hvg2_net_get_rxfh(struct net_device *ndev, HVG2_RXFH_GET_ARGS)
{
	return hvg2_net_rss_get(ndev, HVG2_RXFH_INDIR, HVG2_RXFH_KEY,
				HVG2_RXFH_HFUNCP);
}

static int hvg2_net_set_rxfh(struct net_device *ndev, HVG2_RXFH_SET_ARGS)
{
	return hvg2_net_rss_set(ndev, HVG2_RXFH_INDIR, HVG2_RXFH_KEY,
				HVG2_RXFH_HFUNC);
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
	.get_channels = hvg2_net_get_channels,
	.set_channels = hvg2_net_set_channels,
	.get_rxnfc = hvg2_net_get_rxnfc,
	.get_rxfh_key_size = hvg2_net_get_rxfh_key_size,
	.get_rxfh_indir_size = hvg2_net_get_rxfh_indir_size,
	.get_rxfh = hvg2_net_get_rxfh,
	.set_rxfh = hvg2_net_set_rxfh,
};
