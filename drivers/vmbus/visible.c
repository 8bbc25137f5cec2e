// SPDX-License-Identifier: GPL-2.0
/*
 * Host-visible memory for isolated (confidential) guests.
 *
 * In an SNP or TDX guest, memory is private (encrypted) unless the guest
 * shares it: the host reads garbage from a private page. Every page the
 * host must read or write - the rings, the buffers of driver GPADLs, the
 * monitor pages - is made shared (set_memory_decrypted()) before the host
 * is told about it, and private again (set_memory_encrypted()) once the
 * host has let go of it, before it goes back to the allocator.
 *
 * Two rules come from what the hardware does when a conversion fails:
 * the page's state is then unknown, and a page that may still be shared
 * must never reach the allocator (its next owner's data would be visible
 * to the host). So a failed conversion leaks the pages on purpose, as the
 * kernel's own transport does, and counts them.
 *
 *   share (decrypt) --> announce (GPADL_HEADER...) --> host uses the pages
 *   teardown (GPADL_TORNDOWN) --> unshare (encrypt) --> free, or leak
 *
 * The conversions go through struct hvg2_vis_ops so KUnit can fake them
 * and check that order; the real ops call set_memory_*(), which the kernel
 * provides on every version we build (<linux/set_memory.h> has a fallback
 * returning 0 where the architecture has no memory encryption, and on x86
 * they do nothing unless the platform encrypts memory). Whether to convert
 * at all: the link says whether the guest is isolated; the host_visible
 * parameter overrides, so the path runs on a plain guest too (where the
 * calls succeed without changing anything, and the counters show them).
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/set_memory.h>
#include <linux/sysfs.h>
#include "internal.h"

static int hvg2_host_visible = -1;
module_param_named(host_visible, hvg2_host_visible, int, 0444);
MODULE_PARM_DESC(host_visible,
		 "make shared pages host-visible (set_memory_decrypted): -1 when the link says the guest is isolated (default), 0 never, 1 always");

/* pages made shared, made private again, and given up for good */
static atomic64_t hvg2_vis_decrypted, hvg2_vis_encrypted, hvg2_vis_leaked;

/* ---- the real conversions ---- */

static int hvg2_vis_real_decrypt(void *addr, unsigned int npages)
{
	return set_memory_decrypted((unsigned long)addr, npages);
}

static int hvg2_vis_real_encrypt(void *addr, unsigned int npages)
{
	return set_memory_encrypted((unsigned long)addr, npages);
}

const struct hvg2_vis_ops hvg2_vis_real = {
	.decrypt = hvg2_vis_real_decrypt,
	.encrypt = hvg2_vis_real_encrypt,
};

/**
 * hvg2_vis_wanted - whether pages shared with the host must be converted
 *
 * Return: the host_visible parameter when set, else whether the link
 * registered says the guest is isolated.
 */
bool hvg2_vis_wanted(void)
{
	struct hvg2_link *link = READ_ONCE(hvg2_conn.cur_link);

	if (hvg2_host_visible >= 0)
		return hvg2_host_visible;
	return link && link->isolated;
}

/* ---- one buffer: a virtual range, or an array of pages ---- */

static int hvg2_vis_convert(const struct hvg2_vis_ops *ops,
			    struct hvg2_vis_mem *m, bool decrypt)
{
	int (*fn)(void *addr, unsigned int npages) =
		decrypt ? ops->decrypt : ops->encrypt;
	unsigned int i;
	int ret;

	if (m->addr)
		return fn(m->addr, m->npages);
	/* a ring: its pages are not contiguous; convert their direct map */
	for (i = 0; i < m->npages; i++) {
		ret = fn(page_address(m->pages[i]), 1);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * hvg2_vis_share - make buffers host-visible
 * @ops: the conversions
 * @m: the buffers
 * @n: how many
 *
 * Each buffer is marked shared before its conversion: when it fails, the
 * state of its pages is unknown and they must be treated as shared. On
 * failure the buffers already converted are converted back; what cannot
 * be is left marked shared (see hvg2_vis_may_free()).
 *
 * Return: 0, or the conversion's error.
 */
int hvg2_vis_share(const struct hvg2_vis_ops *ops, struct hvg2_vis_mem *m,
		   unsigned int n)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		m[i].shared = true;
		ret = hvg2_vis_convert(ops, &m[i], true);
		if (ret) {
			pr_warn("hvg2_vmbus: %u pages not made host-visible: %d\n",
				m[i].npages, ret);
			/* the failed one too: encrypting is the way back */
			hvg2_vis_unshare(ops, m, i + 1);
			return ret;
		}
		atomic64_add(m[i].npages, &hvg2_vis_decrypted);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_vis_share);

/**
 * hvg2_vis_unshare - make shared buffers private again
 * @ops: the conversions
 * @m: the buffers; those not marked shared are skipped
 * @n: how many
 *
 * A buffer whose conversion fails stays marked shared and is counted as
 * leaked: its owner must never free it.
 *
 * Return: 0 when every buffer is private, else the last error.
 */
int hvg2_vis_unshare(const struct hvg2_vis_ops *ops, struct hvg2_vis_mem *m,
		     unsigned int n)
{
	unsigned int i;
	int ret = 0, err;

	for (i = 0; i < n; i++) {
		if (!m[i].shared)
			continue;
		err = hvg2_vis_convert(ops, &m[i], false);
		if (err) {
			pr_warn("hvg2_vmbus: %u pages stay host-visible (%d): leaked\n",
				m[i].npages, err);
			atomic64_add(m[i].npages, &hvg2_vis_leaked);
			ret = err;
			continue;
		}
		m[i].shared = false;
		atomic64_add(m[i].npages, &hvg2_vis_encrypted);
	}
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_vis_unshare);

/**
 * hvg2_vis_may_free - whether buffers may go back to the allocator
 * @m: the buffers
 * @n: how many
 *
 * Return: true when none is (or may be) host-visible.
 */
bool hvg2_vis_may_free(const struct hvg2_vis_mem *m, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (m[i].shared)
			return false;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_vis_may_free);

/* ---- around a GPADL ---- */

/**
 * hvg2_vis_gpadl_create - share buffers, then name them to the host
 * @ops: the conversions
 * @vis: whether to convert (hvg2_vis_wanted())
 * @m: the buffers of the GPADL
 * @n: how many
 * @announce: creates the GPADL (GPADL_HEADER, bodies, GPADL_CREATED)
 * @ctx: for @announce
 *
 * The host must never see a private page: conversion first. When the
 * host refused the GPADL the buffers are made private again; after
 * -ETIMEDOUT the host may still map them, so they stay shared.
 *
 * Return: 0; the conversion's error (nothing announced); or @announce's.
 * Afterwards hvg2_vis_may_free() says whether the buffers may be freed.
 */
int hvg2_vis_gpadl_create(const struct hvg2_vis_ops *ops, bool vis,
			  struct hvg2_vis_mem *m, unsigned int n,
			  int (*announce)(void *ctx), void *ctx)
{
	int ret;

	if (vis) {
		ret = hvg2_vis_share(ops, m, n);
		if (ret)
			return ret;
	}
	ret = announce(ctx);
	if (ret && ret != -ETIMEDOUT)
		hvg2_vis_unshare(ops, m, n);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_vis_gpadl_create);

/**
 * hvg2_vis_gpadl_teardown - take a GPADL back, then make its buffers private
 * @ops: the conversions
 * @m: the buffers of the GPADL
 * @n: how many
 * @teardown: GPADL_TEARDOWN and its answer
 * @ctx: for @teardown
 *
 * Return: 0 when the buffers may be freed; @teardown's error (the host may
 * hold them: they stay shared); or the conversion's (leaked).
 */
int hvg2_vis_gpadl_teardown(const struct hvg2_vis_ops *ops,
			    struct hvg2_vis_mem *m, unsigned int n,
			    int (*teardown)(void *ctx), void *ctx)
{
	int ret = teardown(ctx);

	if (ret)
		return ret;
	return hvg2_vis_unshare(ops, m, n);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_vis_gpadl_teardown);

/* ---- /sys/bus/vmbus/hvg2_host_visible/ (a kobject of bus.c's) ---- */

#define HVG2_VIS_ATTR(_name, _ctr)					\
	static ssize_t _name##_show(struct kobject *kobj,		\
				    struct kobj_attribute *a, char *buf) \
	{								\
		return sysfs_emit(buf, "%lld\n", atomic64_read(&(_ctr)));	\
	}								\
	static struct kobj_attribute hvg2_vis_attr_##_name = __ATTR_RO(_name)

HVG2_VIS_ATTR(decrypted_pages, hvg2_vis_decrypted);
HVG2_VIS_ATTR(encrypted_pages, hvg2_vis_encrypted);
HVG2_VIS_ATTR(leaked_pages, hvg2_vis_leaked);

static struct attribute *hvg2_vis_attrs[] = {
	&hvg2_vis_attr_decrypted_pages.attr,
	&hvg2_vis_attr_encrypted_pages.attr,
	&hvg2_vis_attr_leaked_pages.attr,
	NULL,
};

const struct attribute_group hvg2_vis_group = {
	.attrs = hvg2_vis_attrs,
};
