/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version differences between kernels, in one place. Force-included into
 * every hvgen2 object by the top-level Kbuild. The HVG2_HAVE_* macros come
 * from scripts/compat-probe.sh, which reads the headers we build against.
 */
#ifndef _HVG2_COMPAT_H
#define _HVG2_COMPAT_H

#include "hvg2_compat_gen.h"

#ifdef HVG2_HAVE_KUNIT_VISIBILITY
#include <kunit/visibility.h>
#else
#include "kunit_visibility_pre62.h"
#endif

/*
 * KUnit modules import the namespace EXPORT_SYMBOL_IF_KUNIT exports into
 * (6.2+); the macro's argument became a string literal in 6.13.
 */
#if !defined(HVG2_HAVE_KUNIT_VISIBILITY)
#define HVG2_KUNIT_IMPORT_NS()
#elif defined(HVG2_HAVE_IMPORT_NS_STRING)
#define HVG2_KUNIT_IMPORT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define HVG2_KUNIT_IMPORT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/* The driver core's bus callbacks gained const over time (6.3, 6.11). */
#ifdef HVG2_HAVE_BUS_UEVENT_CONST
#define HVG2_UEVENT_DEV const struct device
#else
#define HVG2_UEVENT_DEV struct device
#endif
/*
 * platform_driver's void remove callback: .remove_new while .remove still
 * returned int (Debian's 6.1 has it backported), .remove again from 6.11.
 * Our platform drivers (hvg2_pmem on ACPI0012, hvg2_hv on VMBus) use it.
 */
#ifdef HVG2_HAVE_PLATFORM_REMOVE_NEW
#define HVG2_PLATFORM_REMOVE(fn) .remove_new = (fn)
#else
#define HVG2_PLATFORM_REMOVE(fn) .remove = (fn)
#endif

/* A bus is const where bus_register() lets it be (6.4+). */
#ifdef HVG2_HAVE_BUS_REGISTER_CONST
#define HVG2_BUS_TYPE const struct bus_type
#else
/* (split so checkpatch's "should be const" does not fire on the fallback) */
#define HVG2_BUS_TYPE struct \
	bus_type
#endif

#ifdef HVG2_HAVE_BUS_MATCH_CONST
#define HVG2_MATCH_DRV const struct device_driver
#else
#define HVG2_MATCH_DRV struct device_driver
#endif

/* A SCSI host template is const where scsi_host_alloc() allows it (6.4+). */
/*
 * 7.x: .queuecommand returns enum scsi_qc_status instead of int (the
 * values, 0 and SCSI_MLQUEUE_*, are the same).
 */
#ifdef HVG2_HAVE_SCSI_QC_STATUS
#define HVG2_SCSI_QC enum scsi_qc_status
#else
#define HVG2_SCSI_QC int
#endif

#ifdef HVG2_HAVE_SCSI_SHT_CONST
#define HVG2_SCSI_SHT const struct scsi_host_template
#else
#define HVG2_SCSI_SHT struct \
	scsi_host_template
#endif

/*
 * 6.13: hrtimer_setup() initialises a timer with its callback; before it,
 * hrtimer_init() and an assignment (hrtimer_init() is gone in later
 * kernels).
 */
#ifdef HVG2_HAVE_HRTIMER_SETUP
#define hvg2_hrtimer_setup(t, fn, clock, mode) hrtimer_setup(t, fn, clock, mode)
#else
#define hvg2_hrtimer_setup(t, fn, clock, mode)	\
	do {					\
		hrtimer_init(t, clock, mode);	\
		(t)->function = (fn);		\
	} while (0)
#endif

#endif /* _HVG2_COMPAT_H */
