// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: the synthetic NIC of a Hyper-V Generation 2 guest.
 *
 * Probe, in order: the primary channel opened (its NAPI first, so that
 * answers can be read), NVSP negotiated and the receive and send buffers
 * shared (nvsp.c), RNDIS initialised, subchannels opened and RSS set
 * (chan.c), the MAC, MTU limit and link state queried (rndis.c), the net
 * device registered. Remove mirrors it: unregister (the stop sets the
 * packet filter to 0), RNDIS HALT, subchannels closed, NAPI off, buffers
 * revoked and their GPADLs torn down, primary closed, and only then the
 * skbs and buffers the host might still have held freed.
 * Every wait on the host is bounded: a stalled host costs one timeout,
 * after which the device is marked broken and later requests are skipped.
 *
 * See Documentation/net.rst for the parameters and counters.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include "hvg2_net.h"

unsigned int hvg2_net_ring_kb = 256;
module_param_named(ring_kb, hvg2_net_ring_kb, uint, 0444);
MODULE_PARM_DESC(ring_kb, "Size of each ring's data area (KiB)");

unsigned int hvg2_net_send_kb = 1024;
module_param_named(send_kb, hvg2_net_send_kb, uint, 0444);
MODULE_PARM_DESC(send_kb, "Send buffer size (KiB)");

unsigned int hvg2_net_recv_kb = 4096;
module_param_named(recv_kb, hvg2_net_recv_kb, uint, 0444);
MODULE_PARM_DESC(recv_kb, "Receive buffer size (KiB)");

/* the MTU we announce to the host and allow at most */
#define HVG2_NET_MTU_MAX	9000

/* ---- net_device_ops ---- */

u32 hvg2_net_filter(struct net_device *ndev)
{
	u32 f = HVG2_RNDIS_FILTER_DIRECTED | HVG2_RNDIS_FILTER_BROADCAST |
		HVG2_RNDIS_FILTER_MULTICAST;

	if (ndev->flags & IFF_PROMISC)
		f |= HVG2_RNDIS_FILTER_PROMISCUOUS;
	if (ndev->flags & IFF_ALLMULTI)
		f |= HVG2_RNDIS_FILTER_ALL_MULTICAST;
	return f;
}

static void hvg2_net_rx_mode_work(struct work_struct *w)
{
	struct hvg2_net *nd = container_of(w, struct hvg2_net, rx_mode_work);
	u32 f;

	rtnl_lock();
	f = netif_running(nd->ndev) ? hvg2_net_filter(nd->ndev) : 0;
	rtnl_unlock();
	hvg2_net_rndis_set(nd, HVG2_OID_GEN_CURRENT_PACKET_FILTER, &f, sizeof(f));
}

/* ndo_set_rx_mode runs atomic: the SET goes to a work item */
static void hvg2_net_set_rx_mode(struct net_device *ndev)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	schedule_work(&nd->rx_mode_work);
}

static int hvg2_net_open(struct net_device *ndev)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u32 f = hvg2_net_filter(ndev);
	int ret;

	/* receive pages first: frames come once the filter is set */
	ret = hvg2_net_rx_pools_create(nd);
	if (ret)
		return ret;
	ret = hvg2_net_rndis_set(nd, HVG2_OID_GEN_CURRENT_PACKET_FILTER, &f,
				 sizeof(f));
	if (ret) {
		netdev_err(ndev, "packet filter refused: %d\n", ret);
		hvg2_net_rx_pools_destroy(nd);
		return ret;
	}
	netif_tx_start_all_queues(ndev);
	return 0;
}

static int hvg2_net_stop(struct net_device *ndev)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	u32 f = 0;

	netif_tx_disable(ndev);
	/* the host stops indicating frames; a broken host is not asked */
	hvg2_net_rndis_set(nd, HVG2_OID_GEN_CURRENT_PACKET_FILTER, &f, sizeof(f));
	hvg2_net_rx_pools_destroy(nd);
	return 0;
}

/*
 * The host was told our largest MTU at connect time (NDIS_CONFIG), so
 * any MTU up to it needs no renegotiation: the receive sections and the
 * send path already fit those frames. An XDP program needs each frame
 * in one receive page.
 */
static int hvg2_net_change_mtu(struct net_device *ndev, int mtu)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (rtnl_dereference(nd->xdp_prog) && mtu > HVG2_NET_XDP_MTU_MAX) {
		netdev_warn(ndev, "MTU %d too large for XDP (at most %lu)\n",
			    mtu, HVG2_NET_XDP_MTU_MAX);
		return -EINVAL;
	}
	WRITE_ONCE(ndev->mtu, mtu);
	return 0;
}

static void hvg2_net_get_stats64(struct net_device *ndev,
				 struct rtnl_link_stats64 *s)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	unsigned int i, start;

	/* queues beyond nq keep what they counted before an ethtool -L */
	for (i = 0; i < HVG2_NET_MAX_QUEUES; i++) {
		struct hvg2_net_queue *q = &nd->q[i];
		u64 rp, rb, rd, tp, tb, td;

		do {
			start = u64_stats_fetch_begin(&q->rx.syncp);
			rp = q->rx.packets;
			rb = q->rx.bytes;
			rd = q->rx.drop_nomem + q->rx.drop_bad_xfer +
			     q->rx.drop_bad_rndis;
		} while (u64_stats_fetch_retry(&q->rx.syncp, start));
		do {
			start = u64_stats_fetch_begin(&q->tx.syncp);
			tp = q->tx.packets;
			tb = q->tx.bytes;
			td = q->tx.drop_too_big + q->tx.drop_error;
		} while (u64_stats_fetch_retry(&q->tx.syncp, start));
		s->rx_packets += rp;
		s->rx_bytes += rb;
		s->rx_dropped += rd;
		s->tx_packets += tp;
		s->tx_bytes += tb;
		s->tx_dropped += td;
	}
}

static const struct net_device_ops hvg2_net_ops = {
	.ndo_open = hvg2_net_open,
	.ndo_stop = hvg2_net_stop,
	.ndo_start_xmit = hvg2_net_xmit,
	.ndo_tx_timeout = hvg2_net_tx_timeout,
	.ndo_select_queue = hvg2_net_select_queue,
	.ndo_set_rx_mode = hvg2_net_set_rx_mode,
	.ndo_change_mtu = hvg2_net_change_mtu,
	.ndo_get_stats64 = hvg2_net_get_stats64,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_fix_features = hvg2_net_fix_features,
	.ndo_set_features = hvg2_net_set_features,
	.ndo_bpf = hvg2_net_bpf,
	.ndo_xdp_xmit = hvg2_net_xdp_xmit,
};

/* ---- probe and remove ---- */

/* MAC and MTU limit, from the host, once at probe. */
static int hvg2_net_query(struct hvg2_net *nd)
{
	struct net_device *ndev = nd->ndev;
	u32 v, len = ETH_ALEN;
	int ret;

	ret = hvg2_net_rndis_query(nd, HVG2_OID_802_3_PERMANENT_ADDRESS,
				   nd->mac, &len);
	if (ret || len != ETH_ALEN || !is_valid_ether_addr(nd->mac)) {
		dev_err(&nd->hd->dev, "no valid MAC from the host: %d\n", ret);
		return ret ? ret : -EPROTO;
	}
	eth_hw_addr_set(ndev, nd->mac);

	len = sizeof(v);
	if (!hvg2_net_rndis_query(nd, HVG2_OID_GEN_MAXIMUM_FRAME_SIZE, &v, &len) &&
	    len == sizeof(v) && v >= ETH_MIN_MTU)
		nd->mtu_max = min_t(u32, v, HVG2_NET_MTU_MAX);
	else
		nd->mtu_max = ETH_DATA_LEN;
	ndev->max_mtu = nd->mtu_max;
	ndev->mtu = min_t(u32, ETH_DATA_LEN, nd->mtu_max);
	return 0;
}

static void hvg2_net_setup(struct hvg2_net *nd, struct hvg2_vmbus_device *hd)
{
	struct net_device *ndev = nd->ndev;
	unsigned int i;

	nd->hd = hd;
	nd->nq = 1;
	nd->recv_want = PAGE_ALIGN(hvg2_net_recv_kb * 1024);
	nd->send_want = PAGE_ALIGN(hvg2_net_send_kb * 1024);
	INIT_LIST_HEAD(&nd->orphans);
	mutex_init(&nd->rndis_lock);
	spin_lock_init(&nd->rndis_resp_lock);
	init_completion(&nd->rndis_done);
	INIT_WORK(&nd->rx_mode_work, hvg2_net_rx_mode_work);
	hvg2_net_chan_init(nd);

	ndev->netdev_ops = &hvg2_net_ops;
	ndev->ethtool_ops = &hvg2_net_ethtool_ops;
	ndev->needed_headroom = HVG2_NET_TX_HDR_MAX;
	ndev->watchdog_timeo = HVG2_NET_TX_TIMEOUT;
	ndev->min_mtu = ETH_MIN_MTU;
	/* told to the host in NDIS_CONFIG; the query may lower it */
	ndev->max_mtu = HVG2_NET_MTU_MAX;
	ndev->hw_features = NETIF_F_SG | NETIF_F_RXCSUM | NETIF_F_HIGHDMA |
			    NETIF_F_RXHASH;
	ndev->features = ndev->hw_features;
	SET_NETDEV_DEV(ndev, &hd->dev);

	for (i = 0; i < HVG2_NET_MAX_QUEUES; i++) {
		struct hvg2_net_queue *q = &nd->q[i];

		q->nd = nd;
		q->idx = i;
		q->agg_sec = U32_MAX;
		u64_stats_init(&q->rx.syncp);
		u64_stats_init(&q->tx.syncp);
	}
	nd->q[0].ch = hd->channel;
}

/* Undo hvg2_net_attach(); @halt: RNDIS was initialised. */
static void hvg2_net_teardown(struct hvg2_net *nd, bool halt)
{
	struct hvg2_net_queue *q = &nd->q[0];

	/*
	 * Before any buffer goes: xmit tests this under its queue's lock,
	 * which netif_tx_disable() takes after the write, and the NAPIs
	 * (still polling the closing channels) no longer wake a queue.
	 */
	WRITE_ONCE(nd->attached, false);
	netif_tx_disable(nd->ndev);
	if (halt)
		hvg2_net_rndis_halt(nd);
	/* subchannels before the primary, whose close takes the buffers */
	hvg2_net_chan_close(nd);
	napi_disable(&q->napi);
	hvg2_net_comp_stop(q);
	/* every queue's page pool goes (NAPIs off); attach makes new ones */
	hvg2_net_rx_pools_destroy(nd);
	hvg2_net_nvsp_disconnect(nd);
	hvg2_channel_close(q->ch);
	/* the host touches none of our memory any more */
	hvg2_net_tx_drain(nd);
	hvg2_net_free_orphans(nd);
	q->comp_pending = false;
	nd->nq = 1;
	hvg2_reqid_destroy(&nd->ids);
}

/**
 * hvg2_net_attach - connect to the host: channel, NVSP, buffers, RNDIS
 * @nd: the device (probe, or after hvg2_net_detach())
 *
 * Return: 0, or an error with everything undone.
 */
int hvg2_net_attach(struct hvg2_net *nd)
{
	struct hvg2_net_queue *q = &nd->q[0];
	u32 v, len = sizeof(v);
	int ret;

	WRITE_ONCE(nd->broken, false);
	nd->rndis_max_pkts = 1;
	nd->rndis_align = 8;
	ret = hvg2_reqid_init(&nd->ids, HVG2_NET_MAX_IDS);
	if (ret)
		return ret;
	napi_enable(&q->napi);
	ret = hvg2_channel_open(q->ch, hvg2_net_ring_kb * 1024,
				hvg2_net_ring_kb * 1024, hvg2_net_chan_cb, q);
	if (ret) {
		napi_disable(&q->napi);
		hvg2_reqid_destroy(&nd->ids);
		return ret;
	}
	ret = hvg2_net_nvsp_connect(nd);
	if (ret)
		goto fail;
	ret = hvg2_net_rndis_init(nd);
	if (ret) {
		dev_err(&nd->hd->dev, "RNDIS INIT failed: %d\n", ret);
		goto fail;
	}
	ret = hvg2_net_rndis_query(nd, HVG2_OID_GEN_MEDIA_CONNECT_STATUS, &v, &len);
	WRITE_ONCE(nd->link_up, !ret && len == sizeof(v) &&
		   v == HVG2_RNDIS_MEDIA_CONNECTED);
	hvg2_net_chan_open(nd);
	WRITE_ONCE(nd->attached, true);
	return 0;
fail:
	hvg2_net_teardown(nd, false);
	return ret;
}

/**
 * hvg2_net_detach - disconnect from the host, keep the net device
 * @nd: an attached device; its queues are stopped
 */
void hvg2_net_detach(struct hvg2_net *nd)
{
	hvg2_net_teardown(nd, true);
}

static int hvg2_net_probe(struct hvg2_vmbus_device *hd,
			  const struct hv_vmbus_device_id *id)
{
	struct net_device *ndev;
	struct hvg2_net *nd;
	unsigned int i;
	int ret;

	ndev = alloc_etherdev_mq(sizeof(*nd), HVG2_NET_MAX_QUEUES);
	if (!ndev)
		return -ENOMEM;
	nd = netdev_priv(ndev);
	nd->ndev = ndev;
	hvg2_net_setup(nd, hd);
	dev_set_drvdata(&hd->dev, nd);
	nd->inflight = kvcalloc(HVG2_NET_MAX_IDS, sizeof(*nd->inflight),
				GFP_KERNEL);
	if (!nd->inflight) {
		ret = -ENOMEM;
		goto free_netdev;
	}
	for (i = 0; i < HVG2_NET_MAX_QUEUES; i++) {
		netif_napi_add(ndev, &nd->q[i].napi, hvg2_net_poll);
		hvg2_net_comp_init(&nd->q[i]);
	}
	ret = hvg2_net_attach(nd);
	if (ret)
		goto napi_del;
	ret = hvg2_net_query(nd);
	if (ret)
		goto detach;
	hvg2_net_offload_init(nd);
	hvg2_net_xdp_init(nd);
	netif_carrier_off(ndev);
	ret = register_netdev(ndev);
	if (ret)
		goto detach;
	/* link state indications may have come meanwhile: they win */
	if (READ_ONCE(nd->link_up))
		netif_carrier_on(ndev);
	netdev_info(ndev, "NVSP %#x NDIS %u.%u MTU max %u, %s\n", nd->nvsp_ver,
		    nd->ndis_ver >> 16, nd->ndis_ver & 0xffff, nd->mtu_max,
		    nd->link_up ? "link up" : "link down");
	return 0;

detach:
	cancel_work_sync(&nd->sub_work);
	hvg2_net_detach(nd);
napi_del:
	for (i = 0; i < HVG2_NET_MAX_QUEUES; i++)
		netif_napi_del(&nd->q[i].napi);
	kvfree(nd->inflight);
free_netdev:
	free_netdev(ndev);
	return ret;
}

static void hvg2_net_remove(struct hvg2_vmbus_device *hd)
{
	struct hvg2_net *nd = dev_get_drvdata(&hd->dev);
	unsigned int i;

	if (hvg2_channel_rescinded(nd->q[0].ch))
		WRITE_ONCE(nd->broken, true);
	unregister_netdev(nd->ndev);
	cancel_work_sync(&nd->rx_mode_work);
	/* after unregister: nothing queues it again, and it takes RTNL */
	cancel_work_sync(&nd->sub_work);
	hvg2_net_detach(nd);
	for (i = 0; i < HVG2_NET_MAX_QUEUES; i++)
		netif_napi_del(&nd->q[i].napi);
	kvfree(nd->inflight);
	free_netdev(nd->ndev);
}

/* Hyper-V's synthetic network adapter class */
static const struct hv_vmbus_device_id hvg2_net_ids[] = {
	{ .guid = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,
			    0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e) },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, hvg2_net_ids);

static struct hvg2_vmbus_driver hvg2_net_driver = {
	.name = "hvg2_net",
	.id_table = hvg2_net_ids,
	.probe = hvg2_net_probe,
	.remove = hvg2_net_remove,
};

static int __init hvg2_net_init(void)
{
	if (hvg2_net_ring_kb < 16 || hvg2_net_send_kb < 64 ||
	    hvg2_net_recv_kb < 64 || hvg2_net_recv_kb > 128 * 1024 ||
	    hvg2_net_send_kb > 64 * 1024) {
		pr_err("hvg2_net: ring_kb >= 16, 64 <= send_kb <= 65536, 64 <= recv_kb <= 131072\n");
		return -EINVAL;
	}
	return hvg2_vmbus_driver_register(&hvg2_net_driver);
}

static void __exit hvg2_net_exit(void)
{
	hvg2_vmbus_driver_unregister(&hvg2_net_driver);
}

module_init(hvg2_net_init);
module_exit(hvg2_net_exit);
MODULE_DESCRIPTION("hvgen2 synthetic network adapter (NVSP/RNDIS)");
MODULE_LICENSE("GPL");
