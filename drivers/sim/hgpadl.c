// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs, the host's side: collect the header and body messages, check
 * that they add up and that every PFN is a page of RAM, then answer
 * GPADL_CREATED. The pages are the guest's; the host maps them only when
 * a channel opens on the GPADL (host.c) or a backend maps it
 * (hvg2_sim_gpadl_map(), e.g. a NIC's receive buffer), and lets go at
 * teardown. A teardown of a GPADL a backend still maps is answered when
 * the backend unmaps it, as Hyper-V answers only once the host let go.
 *
 * The list is under h->gpadl_lock, which nests inside h->lock: channel
 * messages hold both, backends' work (which h->lock holders cancel) only
 * the inner one.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "internal.h"

struct sim_gpadl *sim_gpadl_find(struct sim_host *h, u32 handle)
{
	struct sim_gpadl *g;

	lockdep_assert_held(&h->gpadl_lock);
	list_for_each_entry(g, &h->gpadls, node)
		if (g->handle == handle)
			return g;
	return NULL;
}

void sim_gpadl_free(struct sim_gpadl *g)
{
	if (g->vaddr) {
		/* the backend's close should have unmapped it */
		pr_warn("hvg2_sim: GPADL %#x freed while a backend maps it\n",
			g->handle);
		vunmap(g->vaddr);
	}
	list_del(&g->node);
	kvfree(g->pfns);
	kvfree(g->pages);
	kfree(g);
}

/* Free the GPADLs of @relid (or all): the host lets go of them. */
void sim_gpadls_free_relid(struct sim_host *h, u32 relid, bool all)
{
	struct sim_gpadl *g, *tmp;

	mutex_lock(&h->gpadl_lock);
	list_for_each_entry_safe(g, tmp, &h->gpadls, node)
		if (all || g->relid == relid)
			sim_gpadl_free(g);
	mutex_unlock(&h->gpadl_lock);
}

static void sim_gpadl_created(struct sim_host *h, struct sim_gpadl *g, u32 st)
{
	struct hvg2_vmbus_msg_gpadl_created r = {
		.hdr.msgtype = HVG2_CHMSG_GPADL_CREATED,
		.child_relid = g->relid,
		.gpadl = g->handle,
		.status = st,
	};

	sim_post_to_guest(h, h->guest_cpu, &r, sizeof(r));
	if (st)
		sim_gpadl_free(g);
}

/* All PFNs are in: check them and turn them into pages. */
static void sim_gpadl_complete(struct sim_host *h, struct sim_gpadl *g)
{
	u32 i;

	/* 4 KiB Hyper-V pages: one per struct page only when PAGE_SIZE is 4 KiB */
	if (PAGE_SIZE != HVG2_HV_PAGE_SIZE)
		goto fail;
	g->pages = kvmalloc_array(g->npfns, sizeof(*g->pages), GFP_KERNEL);
	if (!g->pages)
		goto fail;
	for (i = 0; i < g->npfns; i++) {
		if (!pfn_valid(g->pfns[i]))
			goto fail;
		g->pages[i] = pfn_to_page(g->pfns[i]);
	}
	g->complete = true;
	sim_gpadl_created(h, g, 0);
	return;
fail:
	pr_warn("hvg2_sim: GPADL %#x refused: bad PFN list\n", g->handle);
	sim_gpadl_created(h, g, SIM_STATUS_FAIL);
}

void sim_gpadl_header(struct sim_host *h, const void *msg, u32 len)
{
	const struct hvg2_vmbus_msg_gpadl_header *m = msg;
	const u32 rsz = sizeof(struct hvg2_vmbus_gpa_range);
	u32 here = (len - sizeof(*m)) / sizeof(u64);
	struct sim_gpadl *g;
	u32 n;

	if (m->rangecount != 1 || m->range_buflen < rsz + sizeof(u64) ||
	    (m->range_buflen - rsz) % sizeof(u64))
		goto bad;
	n = (m->range_buflen - rsz) / sizeof(u64);
	if (m->byte_offset || m->byte_count != n * HVG2_HV_PAGE_SIZE ||
	    here > n || !sim_chan_by_relid(h, m->child_relid))
		goto bad;
	/* a header that is not full, yet announces more PFNs, is malformed */
	if (here < n && here != HVG2_GPADL_HEADER_PFNS)
		goto bad;
	mutex_lock(&h->gpadl_lock);
	if (sim_gpadl_find(h, m->gpadl)) {
		mutex_unlock(&h->gpadl_lock);
		goto bad;
	}

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		goto unlock;
	g->pfns = kvmalloc_array(n, sizeof(u64), GFP_KERNEL);
	if (!g->pfns) {
		kfree(g);
		goto unlock;
	}
	g->handle = m->gpadl;
	g->relid = m->child_relid;
	g->npfns = n;
	g->have = here;
	memcpy(g->pfns, m->pfn, here * sizeof(u64));
	list_add_tail(&g->node, &h->gpadls);
	if (g->have == g->npfns)
		sim_gpadl_complete(h, g);
unlock:
	mutex_unlock(&h->gpadl_lock);
	return;
bad:
	pr_warn("hvg2_sim: malformed GPADL_HEADER for %#x refused\n", m->gpadl);
}

void sim_gpadl_body(struct sim_host *h, const void *msg, u32 len)
{
	const struct hvg2_vmbus_msg_gpadl_body *m = msg;
	u32 here = (len - sizeof(*m)) / sizeof(u64);
	struct sim_gpadl *g;

	mutex_lock(&h->gpadl_lock);
	g = sim_gpadl_find(h, m->gpadl);
	if (!g || g->complete || !here || here > g->npfns - g->have) {
		pr_warn("hvg2_sim: GPADL_BODY for %#x refused\n", m->gpadl);
		if (g && !g->complete)
			sim_gpadl_created(h, g, SIM_STATUS_FAIL);
		goto unlock;
	}
	memcpy(g->pfns + g->have, m->pfn, here * sizeof(u64));
	g->have += here;
	if (g->have == g->npfns)
		sim_gpadl_complete(h, g);
unlock:
	mutex_unlock(&h->gpadl_lock);
}

static void sim_gpadl_torndown(struct sim_host *h, u32 handle)
{
	struct hvg2_vmbus_msg_gpadl_torndown r = {
		.hdr.msgtype = HVG2_CHMSG_GPADL_TORNDOWN,
		.gpadl = handle,
	};

	sim_post_to_guest(h, h->guest_cpu, &r, sizeof(r));
}

void sim_gpadl_teardown(struct sim_host *h, const void *msg)
{
	const struct hvg2_vmbus_msg_gpadl_teardown *m = msg;
	struct hvg2_sim_chan *c;
	struct sim_gpadl *g;
	bool in_use, deferred;

	mutex_lock(&h->gpadl_lock);
	g = sim_gpadl_find(h, m->gpadl);
	if (g && (g->relid != m->child_relid || g->teardown))
		g = NULL;
	in_use = g && g->in_use;
	mutex_unlock(&h->gpadl_lock);
	if (!g) {
		pr_warn("hvg2_sim: teardown of unknown GPADL %#x\n", m->gpadl);
		return;
	}
	/*
	 * A guest tearing down the rings of an open channel: close it first.
	 * @g stays: it is freed under h->lock, which we hold, or by
	 * hvg2_sim_gpadl_unmap() once marked for teardown, which we do below.
	 */
	if (in_use) {
		c = sim_chan_by_relid(h, g->relid);
		if (c)
			sim_channel_stop(c);
	}
	mutex_lock(&h->gpadl_lock);
	/* a backend still maps it: hvg2_sim_gpadl_unmap() answers */
	deferred = g->vaddr;
	if (deferred)
		g->teardown = true;
	else
		sim_gpadl_free(g);
	mutex_unlock(&h->gpadl_lock);
	if (!deferred)
		sim_gpadl_torndown(h, m->gpadl);
}

/* ---- for backends ---- */

/**
 * hvg2_sim_guest_page - a guest page a packet named (GPA-direct)
 * @d: the device whose channel carried the packet
 * @pfn: the guest page frame number, as the guest wrote it
 *
 * The guest is not trusted: the PFN must name a page of RAM.
 *
 * Return: the page, or NULL (the backend fails the request).
 */
struct page *hvg2_sim_guest_page(struct hvg2_sim_dev *d, u64 pfn)
{
	/* 4 KiB Hyper-V pages are struct pages only when PAGE_SIZE is 4 KiB */
	if (PAGE_SIZE != HVG2_HV_PAGE_SIZE)
		return NULL;
	if (pfn != (unsigned long)pfn || !pfn_valid(pfn) || !page_is_ram(pfn))
		return NULL;
	return pfn_to_page(pfn);
}
EXPORT_SYMBOL_GPL(hvg2_sim_guest_page);

/* Under h->gpadl_lock: a complete GPADL created on one of @d's channels. */
static struct sim_gpadl *sim_gpadl_of_dev(struct hvg2_sim_dev *d, u32 handle)
{
	struct sim_gpadl *g = sim_gpadl_find(d->host, handle);
	unsigned int i;

	if (!g || !g->complete)
		return NULL;
	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++)
		if (READ_ONCE(d->chan[i].relid) == g->relid)
			return g;
	return NULL;
}

/**
 * hvg2_sim_gpadl_map - map a GPADL the guest created for the device
 * @d: the device
 * @handle: the GPADL handle the guest named (in its own protocol)
 * @size: set to the mapping's size in bytes
 *
 * The pages are mapped contiguously for the host until
 * hvg2_sim_gpadl_unmap(), which the backend calls at the latest in its
 * close hook. A GPADL is mapped at most once, and never one that holds
 * a channel's rings. Process context: any hook or work item may call it.
 *
 * Return: the mapping, or ERR_PTR(-ENOENT) (no such complete GPADL of
 * this device), ERR_PTR(-EBUSY) (rings, or mapped already, or torn
 * down), ERR_PTR(-ENOMEM).
 */
void *hvg2_sim_gpadl_map(struct hvg2_sim_dev *d, u32 handle, size_t *size)
{
	struct sim_host *h = d->host;
	struct sim_gpadl *g;
	void *p;

	mutex_lock(&h->gpadl_lock);
	g = sim_gpadl_of_dev(d, handle);
	if (!g) {
		p = ERR_PTR(-ENOENT);
	} else if (g->in_use || g->vaddr || g->teardown) {
		p = ERR_PTR(-EBUSY);
	} else {
		p = vmap(g->pages, g->npfns, VM_MAP, PAGE_KERNEL);
		if (p) {
			g->vaddr = p;
			*size = (size_t)g->npfns * PAGE_SIZE;
		} else {
			p = ERR_PTR(-ENOMEM);
		}
	}
	mutex_unlock(&h->gpadl_lock);
	return p;
}
EXPORT_SYMBOL_GPL(hvg2_sim_gpadl_map);

/**
 * hvg2_sim_gpadl_unmap - let go of a GPADL mapped by hvg2_sim_gpadl_map()
 * @d: the device
 * @handle: the GPADL handle
 *
 * If the guest asked to tear it down meanwhile, the teardown completes now.
 */
void hvg2_sim_gpadl_unmap(struct hvg2_sim_dev *d, u32 handle)
{
	struct sim_host *h = d->host;
	struct sim_gpadl *g;
	bool torn = false;

	mutex_lock(&h->gpadl_lock);
	g = sim_gpadl_of_dev(d, handle);
	if (g && g->vaddr) {
		vunmap(g->vaddr);
		g->vaddr = NULL;
		torn = g->teardown;
		if (torn)
			sim_gpadl_free(g);
	}
	mutex_unlock(&h->gpadl_lock);
	if (torn)
		sim_gpadl_torndown(h, handle);
}
EXPORT_SYMBOL_GPL(hvg2_sim_gpadl_unmap);
