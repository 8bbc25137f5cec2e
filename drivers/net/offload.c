// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: checksum and segmentation offloads.
 *
 * At probe the guest asks the host (RNDIS SET of TCP_OFFLOAD_PARAMETERS)
 * to compute TCP/UDP checksums on transmit and verify them on receive,
 * and to segment large TCP sends (LSO v2) for IPv4 and IPv6. Only if the
 * host accepts are the features advertised; ethtool -K then turns them
 * on and off in the stack (a frame that needs no offload carries no
 * per-packet info, so nothing needs renegotiating). Receive segment
 * coalescing (RSC, NVSP 6.1) is asked for the same way and toggled by
 * ethtool -K lro, which sends the request again (rx.c joins the chains).
 *
 * An LSO v2 frame is sent the way Hyper-V expects it: the IP length (and
 * IPv4 header checksum) zero, the TCP checksum seeded with the pseudo
 * header without length; the host fills them in for each segment.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip6_checksum.h>
#include "hvg2_net.h"

/* what Hyper-V hosts segment at most; the stack is told */
#define HVG2_NET_LSO_MAX	62768

/* The whole request, RSC as @features say (NETIF_F_LRO). */
static int hvg2_net_offload_set(struct hvg2_net *nd, netdev_features_t features)
{
	struct hvg2_ndis_offload_params p = { };
	u8 rsc = features & NETIF_F_LRO ? HVG2_NDIS_OFFLOAD_RSC_ON :
					  HVG2_NDIS_OFFLOAD_RSC_OFF;
	u32 len = sizeof(p);

	p.hdr.type = HVG2_NDIS_OBJ_DEFAULT;
	if (nd->nvsp_ver <= HVG2_NVSP_VER_4) {
		p.hdr.rev = 2;
		len = HVG2_NDIS_OFFLOAD_PARAMS_SIZE_V4;
	} else {
		p.hdr.rev = 3;
		p.rsc_ip4 = rsc;
		p.rsc_ip6 = rsc;
	}
	p.hdr.size = len;
	p.ip4_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p.tcp4_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p.udp4_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p.tcp6_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p.udp6_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p.lso_v2_ip4 = HVG2_NDIS_OFFLOAD_LSO_ON;
	p.lso_v2_ip6 = HVG2_NDIS_OFFLOAD_LSO_ON;
	return hvg2_net_rndis_set(nd, HVG2_OID_TCP_OFFLOAD_PARAMETERS, &p, len);
}

/**
 * hvg2_net_offload_request - ask the host for checksum and LSO offloads
 * @nd: the device, RNDIS initialised
 *
 * Return: 0 when the host took them.
 */
int hvg2_net_offload_request(struct hvg2_net *nd)
{
	return hvg2_net_offload_set(nd, nd->ndev->features);
}

/**
 * hvg2_net_offload_init - ask for offloads at probe, advertise what we got
 * @nd: the device, RNDIS initialised, not registered yet
 */
void hvg2_net_offload_init(struct hvg2_net *nd)
{
	struct net_device *ndev = nd->ndev;

	/* RSC needs NVSP 6.1; on by default, as in hv_netvsc */
	if (nd->nvsp_ver >= HVG2_NVSP_VER_61)
		ndev->features |= NETIF_F_LRO;
	if (hvg2_net_offload_request(nd)) {
		ndev->features &= ~NETIF_F_LRO;
		dev_info(&nd->hd->dev, "host refused offloads: none used\n");
		return;
	}
	ndev->hw_features |= NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			     NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXHASH |
			     (ndev->features & NETIF_F_LRO);
	ndev->features |= NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			  NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXHASH;
	netif_set_tso_max_size(ndev, HVG2_NET_LSO_MAX);
}

/**
 * hvg2_net_fix_features - ndo_fix_features: no RSC under XDP
 * @ndev: our device
 * @features: what the stack wants
 *
 * An XDP program sees a frame in one page; an RSC packet spans several
 * (multi-buffer XDP is not supported), so LRO is off while one is
 * attached and comes back (if wanted) when it goes.
 *
 * Return: @features, possible.
 */
netdev_features_t hvg2_net_fix_features(struct net_device *ndev,
					netdev_features_t features)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (rcu_access_pointer(nd->xdp_prog))
		features &= ~NETIF_F_LRO;
	return features;
}

/**
 * hvg2_net_set_features - ndo_set_features: ethtool -K lro asks the host
 * @ndev: our device
 * @features: the new features
 *
 * Return: 0, or the error of the request (the features stay as they were).
 */
int hvg2_net_set_features(struct net_device *ndev, netdev_features_t features)
{
	struct hvg2_net *nd = netdev_priv(ndev);

	if (!((ndev->features ^ features) & NETIF_F_LRO))
		return 0;
	if (!nd->attached || READ_ONCE(nd->broken))
		return -ENODEV;
	return hvg2_net_offload_set(nd, features);
}

/**
 * hvg2_net_lso_prepare - rewrite a GSO frame's headers for LSO v2
 * @skb: a TCP GSO frame, headers writable (skb_cow_head() done)
 *
 * Return: 0, or -EPROTONOSUPPORT for a frame the host cannot segment.
 */
int hvg2_net_lso_prepare(struct sk_buff *skb)
{
	if (!(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)))
		return -EPROTONOSUPPORT;
	if (skb->protocol == htons(ETH_P_IP)) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
							 0, IPPROTO_TCP, 0);
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		ip6->payload_len = 0;
		tcp_hdr(skb)->check = ~csum_ipv6_magic(&ip6->saddr, &ip6->daddr,
						       0, IPPROTO_TCP, 0);
	} else {
		return -EPROTONOSUPPORT;
	}
	return 0;
}
