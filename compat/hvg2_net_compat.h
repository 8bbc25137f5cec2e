/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version differences the synthetic NIC driver (hvg2_net) meets on its
 * receive and XDP paths. The HVG2_HAVE_* macros come from
 * scripts/compat-probe.sh.
 */
#ifndef _HVG2_NET_COMPAT_H
#define _HVG2_NET_COMPAT_H

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
