// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs, the host's side: collect the header and body messages, check
 * that they add up and that every PFN is a page of RAM, then answer
 * GPADL_CREATED. The pages are the guest's; the host maps them only when
 * a channel opens on the GPADL (host.c) and lets go at teardown.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include "internal.h"

struct sim_gpadl *sim_gpadl_find(struct sim_host *h, u32 handle)
{
	struct sim_gpadl *g;

	list_for_each_entry(g, &h->gpadls, node)
		if (g->handle == handle)
			return g;
	return NULL;
}

void sim_gpadl_free(struct sim_gpadl *g)
{
	list_del(&g->node);
	kvfree(g->pfns);
	kvfree(g->pages);
	kfree(g);
}

/* Free the GPADLs of @relid (or all): the host lets go of them. */
void sim_gpadls_free_relid(struct sim_host *h, u32 relid, bool all)
{
	struct sim_gpadl *g, *tmp;

	list_for_each_entry_safe(g, tmp, &h->gpadls, node)
		if (all || g->relid == relid)
			sim_gpadl_free(g);
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
	    here > n || !sim_dev_by_relid(h, m->child_relid) ||
	    sim_gpadl_find(h, m->gpadl))
		goto bad;
	/* a header that is not full, yet announces more PFNs, is malformed */
	if (here < n && here != HVG2_GPADL_HEADER_PFNS)
		goto bad;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return;
	g->pfns = kvmalloc_array(n, sizeof(u64), GFP_KERNEL);
	if (!g->pfns) {
		kfree(g);
		return;
	}
	g->handle = m->gpadl;
	g->relid = m->child_relid;
	g->npfns = n;
	g->have = here;
	memcpy(g->pfns, m->pfn, here * sizeof(u64));
	list_add_tail(&g->node, &h->gpadls);
	if (g->have == g->npfns)
		sim_gpadl_complete(h, g);
	return;
bad:
	pr_warn("hvg2_sim: malformed GPADL_HEADER for %#x refused\n", m->gpadl);
}

void sim_gpadl_body(struct sim_host *h, const void *msg, u32 len)
{
	const struct hvg2_vmbus_msg_gpadl_body *m = msg;
	u32 here = (len - sizeof(*m)) / sizeof(u64);
	struct sim_gpadl *g = sim_gpadl_find(h, m->gpadl);

	if (!g || g->complete || !here || here > g->npfns - g->have) {
		pr_warn("hvg2_sim: GPADL_BODY for %#x refused\n", m->gpadl);
		if (g && !g->complete)
			sim_gpadl_created(h, g, SIM_STATUS_FAIL);
		return;
	}
	memcpy(g->pfns + g->have, m->pfn, here * sizeof(u64));
	g->have += here;
	if (g->have == g->npfns)
		sim_gpadl_complete(h, g);
}

void sim_gpadl_teardown(struct sim_host *h, const void *msg)
{
	const struct hvg2_vmbus_msg_gpadl_teardown *m = msg;
	struct hvg2_vmbus_msg_gpadl_torndown r = {
		.hdr.msgtype = HVG2_CHMSG_GPADL_TORNDOWN,
		.gpadl = m->gpadl,
	};
	struct sim_gpadl *g = sim_gpadl_find(h, m->gpadl);
	struct sim_dev *d;

	if (!g || g->relid != m->child_relid) {
		pr_warn("hvg2_sim: teardown of unknown GPADL %#x\n", m->gpadl);
		return;
	}
	/* a guest tearing down the rings of an open channel: close it first */
	if (g->in_use) {
		d = sim_dev_by_relid(h, g->relid);
		if (d)
			sim_channel_stop(d);
	}
	sim_gpadl_free(g);
	sim_post_to_guest(h, h->guest_cpu, &r, sizeof(r));
}
