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
 * UDP segmentation (USO) is an hvgen2 extension (rndis_wire.h): asked
 * for only when the host's offload capabilities advertise it; a UDP GSO
 * frame then goes unchanged with a USO per-packet info. On a host that
 * does not (Hyper-V today) the stack segments UDP itself.
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

/**
 * hvg2_net_parse_uso_caps - what a host's offload capabilities say of USO
 * @caps: the TCP_OFFLOAD_HW_CAPS answer (our copy)
 * @len: its length, as the host sent it
 *
 * USO is an hvgen2 extension (include/hvg2/rndis_wire.h): a block after
 * the revision-3 object, marked by its revision and a signature. We use
 * it only if both families segment 802.3 frames, take a last segment
 * shorter than the MSS and need no more than two segments per send (the
 * stack sends two or more), and the host segments at least
 * HVG2_NET_USO_MIN bytes.
 *
 * Return: the largest datagram the host segments (at most
 * HVG2_NET_LSO_MAX), or 0: no USO.
 */
u32 hvg2_net_parse_uso_caps(const void *caps, u32 len)
{
	const struct hvg2_ndis_offload_caps_uso *c = caps;
	const struct hvg2_ndis_uso_caps *u = &c->uso;
	u32 max;

	if (len < sizeof(*c) || c->base.hdr.type != HVG2_NDIS_OBJ_OFFLOAD ||
	    c->base.hdr.rev < HVG2_NDIS_OFFLOAD_CAPS_REV_USO ||
	    c->base.hdr.size < sizeof(*c) || c->base.hdr.size > len ||
	    u->signature != HVG2_NDIS_USO_SIGNATURE)
		return 0;
	if (!(u->ip4_encap & HVG2_NDIS_ENCAP_8023) ||
	    !(u->ip6_encap & HVG2_NDIS_ENCAP_8023) ||
	    u->ip4_sub_mss_final != 1 || u->ip6_sub_mss_final != 1 ||
	    u->ip4_min_segs > 2 || u->ip6_min_segs > 2)
		return 0;
	max = min3(u->ip4_max_size, u->ip6_max_size, (u32)HVG2_NET_LSO_MAX);
	return max >= HVG2_NET_USO_MIN ? max : 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_parse_uso_caps);

/* Ask the host what it offloads; only its USO block matters to us. */
static void hvg2_net_uso_query(struct hvg2_net *nd)
{
	struct hvg2_ndis_offload_caps_uso *c;
	u32 len = sizeof(*c);

	nd->uso_max = 0;
	/* the extension rides on revision 3 parameters (NVSP 5 and later) */
	if (nd->nvsp_ver < HVG2_NVSP_VER_5)
		return;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return;
	/* the revision we ask for: a host answers at most that one */
	c->base.hdr.type = HVG2_NDIS_OBJ_OFFLOAD;
	c->base.hdr.rev = HVG2_NDIS_OFFLOAD_CAPS_REV_USO;
	c->base.hdr.size = sizeof(*c);
	if (!hvg2_net_rndis_query_in(nd, HVG2_OID_TCP_OFFLOAD_HW_CAPS, c,
				     sizeof(c->base.hdr), &len))
		nd->uso_max = hvg2_net_parse_uso_caps(c, len);
	kfree(c);
}

/*
 * The whole request: RSC as @features say (NETIF_F_LRO), USO when the
 * host advertised it (@nd->uso_max).
 */
static int hvg2_net_offload_set(struct hvg2_net *nd, netdev_features_t features)
{
	struct hvg2_ndis_offload_params_uso pu = { };
	struct hvg2_ndis_offload_params *p = &pu.base;
	u8 rsc = features & NETIF_F_LRO ? HVG2_NDIS_OFFLOAD_RSC_ON :
					  HVG2_NDIS_OFFLOAD_RSC_OFF;
	u32 len = sizeof(*p);

	p->hdr.type = HVG2_NDIS_OBJ_DEFAULT;
	if (nd->nvsp_ver <= HVG2_NVSP_VER_4) {
		p->hdr.rev = 2;
		len = HVG2_NDIS_OFFLOAD_PARAMS_SIZE_V4;
	} else {
		p->hdr.rev = 3;
		p->rsc_ip4 = rsc;
		p->rsc_ip6 = rsc;
		if (nd->uso_max) {
			p->hdr.rev = HVG2_NDIS_OFFLOAD_PARAMS_REV_USO;
			len = sizeof(pu);
			pu.signature = HVG2_NDIS_USO_SIGNATURE;
			pu.uso_ip4 = HVG2_NDIS_OFFLOAD_USO_ON;
			pu.uso_ip6 = HVG2_NDIS_OFFLOAD_USO_ON;
		}
	}
	p->hdr.size = len;
	p->ip4_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p->tcp4_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p->udp4_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p->tcp6_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p->udp6_csum = HVG2_NDIS_OFFLOAD_CSUM_TX_RX;
	p->lso_v2_ip4 = HVG2_NDIS_OFFLOAD_LSO_ON;
	p->lso_v2_ip6 = HVG2_NDIS_OFFLOAD_LSO_ON;
	return hvg2_net_rndis_set(nd, HVG2_OID_TCP_OFFLOAD_PARAMETERS, &pu, len);
}

/**
 * hvg2_net_offload_request - ask the host for checksum, LSO, RSC and USO
 * @nd: the device, RNDIS initialised
 *
 * RSC as the device's features say; USO only when the host advertised it
 * (@nd->uso_max).
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
	u32 gso_max = HVG2_NET_LSO_MAX;

	hvg2_net_uso_query(nd);
	/* RSC needs NVSP 6.1; on by default, as in hv_netvsc */
	if (nd->nvsp_ver >= HVG2_NVSP_VER_61)
		ndev->features |= NETIF_F_LRO;
	if (hvg2_net_offload_request(nd)) {
		if (!nd->uso_max) {
			ndev->features &= ~NETIF_F_LRO;
			dev_info(&nd->hd->dev, "host refused offloads: none used\n");
			return;
		}
		/* it advertised USO but refused it: ask without it */
		dev_info(&nd->hd->dev, "host refused USO: not used\n");
		nd->uso_max = 0;
		if (hvg2_net_offload_request(nd)) {
			ndev->features &= ~NETIF_F_LRO;
			dev_info(&nd->hd->dev, "host refused offloads: none used\n");
			return;
		}
	}
	ndev->hw_features |= NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			     NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXHASH |
			     (ndev->features & NETIF_F_LRO);
	ndev->features |= NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			  NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXHASH;
	if (nd->uso_max) {
		ndev->hw_features |= NETIF_F_GSO_UDP_L4;
		ndev->features |= NETIF_F_GSO_UDP_L4;
		gso_max = nd->uso_max;
	}
	netif_set_tso_max_size(ndev, gso_max);
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
 * @skb: a GSO frame, headers writable (skb_cow_head() done); a UDP one
 *	(USO) is left as it is
 *
 * Return: 0, or -EPROTONOSUPPORT for a frame the host cannot segment.
 */
int hvg2_net_lso_prepare(struct sk_buff *skb)
{
	/* USO: the headers go as the stack built them */
	if (skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4)
		return 0;
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
