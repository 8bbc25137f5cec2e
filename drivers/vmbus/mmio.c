// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO space for VMBus devices.
 *
 * On a Gen2 guest the VMBus ACPI device's _CRS names the windows of guest
 * physical address space that the host set aside for devices whose
 * registers or frame buffers it maps (synthetic video, PCI pass-through
 * buses). The link reads them (hyperv_link.c) and hands them over when it
 * registers; drivers take pieces here.
 *
 * Each window is the root of a resource tree of its own, so that finding a
 * free piece is the kernel's allocate_resource(); a piece is also claimed
 * in iomem_resource, where /proc/iomem shows it and where a range that
 * firmware or another driver already holds is found out. Such a range
 * stays booked in the window (so the next search skips it) until the
 * windows go away with the link.
 */
#include <linux/ioport.h>
#include <linux/list.h>
#include <linux/slab.h>
#include "internal.h"

#define HVG2_MMIO_TRIES		8

struct hvg2_mmio_piece {
	struct list_head node;
	struct resource shadow;		/* in the window's tree */
	struct resource *claim;		/* in iomem_resource; NULL: taken by others */
};

/**
 * hvg2_mmio_space_init - an empty space
 * @s: the space
 */
void hvg2_mmio_space_init(struct hvg2_mmio_space *s)
{
	memset(s, 0, sizeof(*s));
	mutex_init(&s->lock);
	INIT_LIST_HEAD(&s->pieces);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_mmio_space_init);

/**
 * hvg2_mmio_space_set - take over a link's windows
 * @s: the space, without windows
 * @win: the windows
 * @n: how many (at most HVG2_MMIO_MAX_WINDOWS are kept)
 */
void hvg2_mmio_space_set(struct hvg2_mmio_space *s, const struct resource *win,
			 unsigned int n)
{
	unsigned int i;

	mutex_lock(&s->lock);
	for (i = 0; i < n && s->n < HVG2_MMIO_MAX_WINDOWS; i++) {
		struct resource *w = &s->win[s->n];

		if (resource_type(&win[i]) != IORESOURCE_MEM ||
		    win[i].end <= win[i].start)
			continue;
		memset(w, 0, sizeof(*w));
		w->start = win[i].start;
		w->end = win[i].end;
		w->flags = IORESOURCE_MEM;
		w->name = "hvg2 VMBus MMIO window";
		s->n++;
	}
	mutex_unlock(&s->lock);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_mmio_space_set);

/**
 * hvg2_mmio_space_alloc - a piece of a window
 * @s: the space
 * @new: set to the claimed range (in iomem_resource)
 * @min: lowest acceptable start
 * @max: highest acceptable end
 * @size: bytes
 * @align: alignment of the start, a power of two (0 or 1: none)
 * @name: shown in /proc/iomem
 *
 * Return: 0; -EINVAL for a bad request; -ENODEV without windows; -ENOSPC
 * when no window has room.
 */
int hvg2_mmio_space_alloc(struct hvg2_mmio_space *s, struct resource **new,
			  resource_size_t min, resource_size_t max,
			  resource_size_t size, resource_size_t align,
			  const char *name)
{
	struct hvg2_mmio_piece *p;
	unsigned int i, tries;
	int ret = -ENOSPC;

	if (!size || max < min || (align > 1 && !is_power_of_2(align)))
		return -EINVAL;
	if (align < 1)
		align = 1;
	mutex_lock(&s->lock);
	if (!s->n)
		ret = -ENODEV;
	for (i = 0; i < s->n; i++) {
		for (tries = 0; tries < HVG2_MMIO_TRIES; tries++) {
			p = kzalloc(sizeof(*p), GFP_KERNEL);
			if (!p) {
				ret = -ENOMEM;
				goto unlock;
			}
			p->shadow.name = name;
			p->shadow.flags = IORESOURCE_MEM;
			if (allocate_resource(&s->win[i], &p->shadow, size, min,
					      max, align, NULL, NULL)) {
				kfree(p);
				break;		/* this window is full */
			}
			p->claim = __request_region(&iomem_resource,
						    p->shadow.start, size,
						    name, 0);
			list_add(&p->node, &s->pieces);
			if (p->claim) {
				*new = p->claim;
				ret = 0;
				goto unlock;
			}
			/* somebody else's: stays booked, look further */
		}
	}
unlock:
	mutex_unlock(&s->lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_mmio_space_alloc);

/**
 * hvg2_mmio_space_free - give a piece back
 * @s: the space
 * @res: what hvg2_mmio_space_alloc() returned
 */
void hvg2_mmio_space_free(struct hvg2_mmio_space *s, struct resource *res)
{
	struct hvg2_mmio_piece *p;

	mutex_lock(&s->lock);
	list_for_each_entry(p, &s->pieces, node) {
		if (p->claim != res)
			continue;
		__release_region(&iomem_resource, p->shadow.start,
				 resource_size(&p->shadow));
		release_resource(&p->shadow);
		list_del(&p->node);
		kfree(p);
		goto unlock;
	}
	WARN(1, "hvg2_vmbus: freeing MMIO %pR that was not allocated\n", res);
unlock:
	mutex_unlock(&s->lock);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_mmio_space_free);

/**
 * hvg2_mmio_space_destroy - drop the windows
 * @s: the space
 *
 * Ranges found taken by others are forgotten; a piece a driver still holds
 * is a driver bug: it is reported and released. The space stays usable
 * (empty) for the next hvg2_mmio_space_set().
 */
void hvg2_mmio_space_destroy(struct hvg2_mmio_space *s)
{
	struct hvg2_mmio_piece *p, *tmp;

	mutex_lock(&s->lock);
	list_for_each_entry_safe(p, tmp, &s->pieces, node) {
		if (p->claim) {
			pr_warn("hvg2_vmbus: MMIO %pR still allocated\n", p->claim);
			__release_region(&iomem_resource, p->shadow.start,
					 resource_size(&p->shadow));
		}
		release_resource(&p->shadow);
		list_del(&p->node);
		kfree(p);
	}
	s->n = 0;
	mutex_unlock(&s->lock);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_mmio_space_destroy);

/* ---- the transport's windows: those of the registered link ---- */

/**
 * hvg2_vmbus_allocate_mmio - MMIO space from the host's windows
 * @new: set to the range, claimed in iomem_resource
 * @min: lowest acceptable start
 * @max: highest acceptable end
 * @size: bytes
 * @align: alignment of the start (a power of two, or 0)
 * @name: the owner's name, shown in /proc/iomem
 *
 * Return: 0; -ENODEV when the link offered no windows (the simulated host
 * has none); -ENOSPC; -EINVAL.
 */
int hvg2_vmbus_allocate_mmio(struct resource **new, resource_size_t min,
			     resource_size_t max, resource_size_t size,
			     resource_size_t align, const char *name)
{
	return hvg2_mmio_space_alloc(&hvg2_conn.mmio, new, min, max, size,
				     align, name);
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_allocate_mmio);

/**
 * hvg2_vmbus_free_mmio - give back what hvg2_vmbus_allocate_mmio() gave
 * @res: the range
 */
void hvg2_vmbus_free_mmio(struct resource *res)
{
	hvg2_mmio_space_free(&hvg2_conn.mmio, res);
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_free_mmio);
