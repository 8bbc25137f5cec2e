/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_vmbus's kernel-version differences (capability macros from
 * scripts/compat-probe.sh; never version numbers).
 */
#ifndef _HVG2_VMBUS_COMPAT_H
#define _HVG2_VMBUS_COMPAT_H

#include <asm/msr.h>
/* the platform driver's remove callback: shared with hvg2_pmem */

/* 6.16 renamed the 64-bit MSR accessors */
#ifdef HVG2_HAVE_WRMSRQ
#define hvg2_wrmsr(msr, val)	wrmsrq(msr, val)
#define hvg2_rdmsr(msr, val)	rdmsrq(msr, val)
#else
#define hvg2_wrmsr(msr, val)	wrmsrl(msr, val)
#define hvg2_rdmsr(msr, val)	rdmsrl(msr, val)
#endif

#endif /* _HVG2_VMBUS_COMPAT_H */
