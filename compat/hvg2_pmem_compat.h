/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_pmem's kernel-version differences (capability macros from
 * scripts/compat-probe.sh; never version numbers).
 *
 * The kernel's nfit driver was an acpi_driver through 6.x and became a
 * platform driver later (struct acpi_driver is gone from 7.x headers). We
 * are a platform driver matching ACPI0012 on every version: the ACPI core
 * creates that platform device everywhere, so only the remove callback's
 * name differs.
 */
#ifndef _HVG2_PMEM_COMPAT_H
#define _HVG2_PMEM_COMPAT_H

/*
 * 6.3 .. 6.12 (and Debian's 6.1, which has it backported): void
 * remove_new(); from 6.13 on only .remove, now returning void.
 */
#ifdef HVG2_HAVE_PLATFORM_REMOVE_NEW
#define HVG2_PLATFORM_REMOVE(fn) .remove_new = (fn)
#else
#define HVG2_PLATFORM_REMOVE(fn) .remove = (fn)
#endif

#endif /* _HVG2_PMEM_COMPAT_H */
