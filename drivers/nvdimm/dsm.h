/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_pmem: the Hyper-V NVDIMM _DSM family ("Virtual NVDIMM", region
 * format interface code 0x1901, libnvdimm family NVDIMM_FAMILY_HYPERV).
 *
 * Decoding is pure (buffer in, numbers out) so KUnit can check it against
 * recorded responses; evaluating the method lives in dimm.c.
 */
#ifndef _HVG2_PMEM_DSM_H
#define _HVG2_PMEM_DSM_H

#include <linux/types.h>
#include <linux/uuid.h>

/* 5746C5F2-A9A2-4264-AD0E-E4DDC9E09E80 */
#define HVG2_HV_DSM_GUID \
	GUID_INIT(0x5746C5F2, 0xA9A2, 0x4264, \
		  0xAD, 0x0E, 0xE4, 0xDD, 0xC9, 0xE0, 0x9E, 0x80)
#define HVG2_HV_DSM_REV		1

enum hvg2_hv_dsm_func {
	HVG2_HV_DSM_QUERY	= 0,	/* bitmap of implemented functions */
	HVG2_HV_DSM_HEALTH	= 1,	/* status u32, health u32 */
	HVG2_HV_DSM_USC		= 2,	/* status u32, unsafe shutdowns u32 */
	HVG2_HV_DSM_INJECT	= 3,	/* error injection */
	HVG2_HV_DSM_INJECTED	= 4,	/* query injected errors */
};

/* Functions 1..4; 0 is the query and never passed through. */
#define HVG2_HV_DSM_MASK	0x1eUL
#define HVG2_HV_DSM_OUT_LEN	8

/* The health word: six defined bits, grouped the way ndctl reports them. */
#define HVG2_HV_HEALTH_CRITICAL		(BIT(0) | BIT(1))
#define HVG2_HV_HEALTH_FATAL		BIT(2)
#define HVG2_HV_HEALTH_NONCRITICAL	(BIT(3) | BIT(4) | BIT(5))
#define HVG2_HV_HEALTH_DEFINED		GENMASK(5, 0)

int hvg2_hv_dsm_status(const void *buf, size_t len);
int hvg2_hv_dsm_decode_u32(const void *buf, size_t len, u32 *val);
const char *hvg2_hv_health_state(u32 health);

#endif /* _HVG2_PMEM_DSM_H */
