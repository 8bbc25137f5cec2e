/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version differences the simulated host's network backend meets
 * (hvg2_sim_net). The HVG2_HAVE_* macros come from scripts/compat-probe.sh.
 */
#ifndef _HVG2_SIM_NET_COMPAT_H
#define _HVG2_SIM_NET_COMPAT_H

#include <linux/netdevice.h>

/* 6.4: skb_gso_segment() moved out of <linux/netdevice.h> */
#ifdef HVG2_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/* 6.x: mac_pton() moved from <linux/kernel.h> to <linux/hex.h> */
#ifdef HVG2_HAVE_LINUX_HEX_H
#include <linux/hex.h>
#endif

#endif /* _HVG2_SIM_NET_COMPAT_H */
