/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_hvapi's kernel-version differences (capability macros from
 * scripts/compat-probe.sh; never version numbers).
 */
#ifndef _HVG2_HVAPI_COMPAT_H
#define _HVG2_HVAPI_COMPAT_H

#include <linux/hyperv.h>

/*
 * 6.3: struct hv_driver's remove returns void; it returned int before.
 * The bus calls it through hvg2_hv_driver_remove() (an int result means
 * nothing to the driver core). A driver of ours on the upstream API
 * writes a void remove, follows it with HVG2_HV_REMOVE_ADAPTER(fn) and sets
 * .remove = HVG2_HV_REMOVE(fn), which adapts it where int is expected.
 */
static inline void hvg2_hv_driver_remove(struct hv_driver *drv,
					 struct hv_device *dev)
{
	drv->remove(dev);
}

#ifdef HVG2_HAVE_HV_REMOVE_VOID
#define HVG2_HV_REMOVE(fn)	(fn)
#define HVG2_HV_REMOVE_ADAPTER(fn)					\
	static_assert(__builtin_types_compatible_p(typeof(fn),		\
						   void (struct hv_device *)))
#else
#define HVG2_HV_REMOVE(fn)	hvg2_hv_remove_adapt_##fn
#define HVG2_HV_REMOVE_ADAPTER(fn)					\
	static int hvg2_hv_remove_adapt_##fn(struct hv_device *dev)	\
	{								\
		fn(dev);						\
		return 0;						\
	}
#endif

#endif /* _HVG2_HVAPI_COMPAT_H */
