/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version differences the synthetic NIC driver (hvg2_net) meets: ethtool
 * RSS, receive and XDP paths. The HVG2_HAVE_* macros come from
 * scripts/compat-probe.sh.
 */
#ifndef _HVG2_NET_COMPAT_H
#define _HVG2_NET_COMPAT_H

#include <linux/ethtool.h>

/*
 * 6.8: .get_rxfh/.set_rxfh take one struct ethtool_rxfh_param instead of
 * indir, key and hfunc. A driver writes
 *   static int get(struct net_device *ndev, HVG2_RXFH_GET_ARGS)
 *   static int set(struct net_device *ndev, HVG2_RXFH_SET_ARGS)
 * and reaches the arguments as HVG2_RXFH_INDIR, HVG2_RXFH_KEY and
 * HVG2_RXFH_HFUNC (set) or HVG2_RXFH_HFUNCP (get).
 */
#ifdef HVG2_HAVE_RXFH_PARAM
#define HVG2_RXFH_GET_ARGS	struct ethtool_rxfh_param *rxfh
#define HVG2_RXFH_SET_ARGS	struct ethtool_rxfh_param *rxfh, \
				struct netlink_ext_ack *extack
#define HVG2_RXFH_INDIR		(rxfh->indir)
#define HVG2_RXFH_KEY		(rxfh->key)
#define HVG2_RXFH_HFUNC		(rxfh->hfunc)
#define HVG2_RXFH_HFUNCP	(&rxfh->hfunc)
#else
#define HVG2_RXFH_GET_ARGS	u32 *indir, u8 *key, u8 *hfunc
#define HVG2_RXFH_SET_ARGS	const u32 *indir, const u8 *key, const u8 hfunc
#define HVG2_RXFH_INDIR		(indir)
#define HVG2_RXFH_KEY		(key)
#define HVG2_RXFH_HFUNC		(hfunc)
#define HVG2_RXFH_HFUNCP	(hfunc)
#endif

#include <linux/netdevice.h>
#include <linux/bpf.h>
#include <net/xdp.h>

/* 6.6: <net/page_pool.h> split into page_pool/types.h and helpers.h */
#ifdef HVG2_HAVE_PAGE_POOL_HELPERS_H
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

/*
 * 6.3: a driver announces what XDP it does in dev->xdp_features
 * (hvg2_net: the basic actions, redirect, ndo_xdp_xmit). Before, there is
 * no such field and nothing to announce.
 */
#ifdef HVG2_HAVE_XDP_FEATURES
static inline void hvg2_net_xdp_set_features(struct net_device *dev)
{
	xdp_set_features_flag(dev, NETDEV_XDP_ACT_BASIC |
			      NETDEV_XDP_ACT_REDIRECT |
			      NETDEV_XDP_ACT_NDO_XMIT);
}
#else
static inline void hvg2_net_xdp_set_features(struct net_device *dev)
{
}
#endif

#endif /* _HVG2_NET_COMPAT_H */
