// SPDX-License-Identifier: GPL-2.0
/*
 * A channel's ring memory: the two rings (each a header page and data
 * pages, mapped twice by the ring core), the one GPADL that hands all
 * their pages to the host - outbound ring first, inbound ring at
 * downstream_offset - and getting them back.
 *
 * On an isolated guest the pages are made host-visible before the GPADL
 * names them and private again after it is torn down (visible.c). Pages
 * the host may still hold (a GPADL whose creation or teardown timed out)
 * are never freed while connected: they go to a quarantine list freed
 * after UNLOAD; pages that cannot be made private again are leaked.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

/* ---- ring memory ---- */

/*
 * Free a channel's ring pages once the host has let go of them - after
 * making them private again if they were made host-visible. Pages that
 * stay (or may stay) host-visible are leaked on purpose: unmapped, never
 * returned to the allocator.
 */
static void hvg2_rings_mem_release(struct hvg2_ring_mem *out,
				   struct hvg2_ring_mem *in,
				   struct hvg2_vis_mem *vis)
{
	hvg2_vis_unshare(&hvg2_vis_real, vis, 2);
	if (vis[0].shared)
		out->owned = false;
	if (vis[1].shared)
		in->owned = false;
	memset(vis, 0, 2 * sizeof(*vis));
	hvg2_ring_mem_free(out);
	hvg2_ring_mem_free(in);
}

/* ---- quarantine ---- */

struct hvg2_quarantine {
	struct list_head node;
	struct hvg2_ring_mem out, in;
	struct hvg2_vis_mem vis[2];
};

static LIST_HEAD(hvg2_quarantine_list);
static DEFINE_SPINLOCK(hvg2_quarantine_lock);

static void hvg2_quarantine_rings(struct hvg2_channel *ch)
{
	struct hvg2_quarantine *q = kzalloc(sizeof(*q), GFP_KERNEL);

	pr_warn("hvg2_vmbus: relid %u: host may still hold the ring pages; kept until disconnect\n",
		ch->relid);
	if (!q)
		return;		/* leak: never hand the host's pages back to the allocator */
	q->out = ch->out_mem;
	q->in = ch->in_mem;
	/* ->pages point at the page arrays, which move with the ring_mems */
	memcpy(q->vis, ch->ring_vis, sizeof(q->vis));
	spin_lock(&hvg2_quarantine_lock);
	list_add(&q->node, &hvg2_quarantine_list);
	spin_unlock(&hvg2_quarantine_lock);
	memset(&ch->out_mem, 0, sizeof(ch->out_mem));
	memset(&ch->in_mem, 0, sizeof(ch->in_mem));
	memset(ch->ring_vis, 0, sizeof(ch->ring_vis));
}

/* After UNLOAD: the host holds nothing of ours any more. */
void hvg2_quarantine_free_all(void)
{
	struct hvg2_quarantine *q, *tmp;
	LIST_HEAD(list);

	spin_lock(&hvg2_quarantine_lock);
	list_splice_init(&hvg2_quarantine_list, &list);
	spin_unlock(&hvg2_quarantine_lock);
	list_for_each_entry_safe(q, tmp, &list, node) {
		hvg2_rings_mem_release(&q->out, &q->in, q->vis);
		kfree(q);
	}
}

static u64 *hvg2_ring_pfns(struct hvg2_channel *ch, u32 *npfns)
{
	const unsigned int per = PAGE_SIZE / HVG2_HV_PAGE_SIZE;
	unsigned int i, k, n = 0;
	u64 *pfns;

	*npfns = (ch->out_mem.npages + ch->in_mem.npages) * per;
	pfns = kvmalloc_array(*npfns, sizeof(u64), GFP_KERNEL);
	if (!pfns)
		return NULL;
	for (i = 0; i < ch->out_mem.npages; i++)
		for (k = 0; k < per; k++)
			pfns[n++] = (page_to_phys(ch->out_mem.pages[i]) >>
				     HVG2_HV_PAGE_SHIFT) + k;
	for (i = 0; i < ch->in_mem.npages; i++)
		for (k = 0; k < per; k++)
			pfns[n++] = (page_to_phys(ch->in_mem.pages[i]) >>
				     HVG2_HV_PAGE_SHIFT) + k;
	return pfns;
}

void hvg2_rings_free(struct hvg2_channel *ch)
{
	hvg2_ring_destroy(&ch->out);
	hvg2_ring_destroy(&ch->in);
	hvg2_rings_mem_release(&ch->out_mem, &ch->in_mem, ch->ring_vis);
}

/*
 * Copy-out: in a confidential (isolated) VM the host can rewrite a packet
 * after the guest validated it, so the inbound ring hands each packet to
 * the driver as a private copy, validated after the copy. It costs one
 * copy per packet; elsewhere packets are read in place.
 */
static int hvg2_copy_out = -1;
module_param_named(copy_out, hvg2_copy_out, int, 0444);
MODULE_PARM_DESC(copy_out,
		 "read inbound packets from a private copy: -1 when the link says the guest is isolated (default), 0 never, 1 always");

static u32 hvg2_in_ring_flags(void)
{
	struct hvg2_link *link = READ_ONCE(hvg2_conn.cur_link);
	bool copy = hvg2_copy_out < 0 ? link && link->isolated : hvg2_copy_out;

	return copy ? HVG2_RING_COPY_OUT : 0;
}

/* The pages of both rings; mapped decrypted when they are to be shared. */
static int hvg2_rings_alloc(struct hvg2_channel *ch, u32 out_bytes,
			    u32 in_bytes, bool vis)
{
	int node = cpu_to_node(ch->cpu);
	int ret;

	memset(ch->ring_vis, 0, sizeof(ch->ring_vis));
	ret = hvg2_ring_mem_alloc_prot(&ch->out_mem, out_bytes, node, vis);
	if (ret)
		return ret;
	ret = hvg2_ring_mem_alloc_prot(&ch->in_mem, in_bytes, node, vis);
	if (ret) {
		hvg2_ring_mem_free(&ch->out_mem);
		return ret;
	}
	ch->ring_vis[0].pages = ch->out_mem.pages;
	ch->ring_vis[0].npages = ch->out_mem.npages;
	ch->ring_vis[1].pages = ch->in_mem.pages;
	ch->ring_vis[1].npages = ch->in_mem.npages;
	return 0;
}

/*
 * Both rings' headers and state: after the pages were made host-visible,
 * whose conversion changes what they read as.
 */
static int hvg2_rings_init(struct hvg2_channel *ch)
{
	int ret;

	/* We create both rings: reset their shared headers. */
	hvg2_ring_reset_hdr(hvg2_ring_mem_hdr(&ch->out_mem));
	hvg2_ring_reset_hdr(hvg2_ring_mem_hdr(&ch->in_mem));
	ch->owed = false;
	ret = hvg2_ring_init(&ch->out, hvg2_ring_mem_hdr(&ch->out_mem),
			     hvg2_ring_mem_data(&ch->out_mem),
			     hvg2_ring_mem_data_size(&ch->out_mem), 0);
	if (ret)
		return ret;
	ret = hvg2_ring_init(&ch->in, hvg2_ring_mem_hdr(&ch->in_mem),
			     hvg2_ring_mem_data(&ch->in_mem),
			     hvg2_ring_mem_data_size(&ch->in_mem),
			     hvg2_in_ring_flags());
	if (ret)
		hvg2_ring_destroy(&ch->out);
	return ret;
}

struct hvg2_ring_gpadl_args {
	struct hvg2_channel *ch;
	const u64 *pfns;
	u32 npfns;
};

/* hvg2_vis_gpadl_create()'s announce: the rings are host-visible now */
static int hvg2_rings_announce(void *ctx)
{
	struct hvg2_ring_gpadl_args *a = ctx;
	int ret = hvg2_rings_init(a->ch);

	if (ret)
		return ret;
	ret = hvg2_gpadl_create(a->ch, a->pfns, a->npfns, &a->ch->ring_gpadl);
	if (ret && ret != -ETIMEDOUT) {
		hvg2_ring_destroy(&a->ch->out);
		hvg2_ring_destroy(&a->ch->in);
	}
	return ret;
}

static int hvg2_rings_take_back(void *ctx)
{
	struct hvg2_channel *ch = ctx;

	return hvg2_gpadl_teardown(ch, ch->ring_gpadl);
}

/* Take the ring pages back from the host and free them, or quarantine them. */
void hvg2_channel_reclaim(struct hvg2_channel *ch)
{
	/*
	 * A failed teardown (the host may hold the pages) or a failed
	 * conversion both quarantine: after UNLOAD the conversion is tried
	 * again, and pages still host-visible then are leaked.
	 */
	if (hvg2_vis_gpadl_teardown(&hvg2_vis_real, ch->ring_vis, 2,
				    hvg2_rings_take_back, ch)) {
		hvg2_ring_destroy(&ch->out);
		hvg2_ring_destroy(&ch->in);
		hvg2_quarantine_rings(ch);
	} else {
		hvg2_rings_free(ch);
	}
	ch->ring_gpadl = 0;
}

/**
 * hvg2_rings_create - allocate a channel's rings and hand them to the host
 * @ch: the channel, closed, under its lock
 * @out_bytes: data bytes of the guest-to-host ring
 * @in_bytes: data bytes of the host-to-guest ring
 *
 * Return: 0 with ch->ring_gpadl set; otherwise the rings are gone (freed,
 * quarantined, or leaked).
 */
int hvg2_rings_create(struct hvg2_channel *ch, u32 out_bytes, u32 in_bytes)
{
	struct hvg2_ring_gpadl_args args;
	bool vis = hvg2_vis_wanted();
	u32 npfns;
	u64 *pfns;
	int ret;

	ret = hvg2_rings_alloc(ch, out_bytes, in_bytes, vis);
	if (ret)
		return ret;
	pfns = hvg2_ring_pfns(ch, &npfns);
	if (!pfns) {
		hvg2_rings_free(ch);
		return -ENOMEM;
	}
	args = (struct hvg2_ring_gpadl_args){ ch, pfns, npfns };
	ret = hvg2_vis_gpadl_create(&hvg2_vis_real, vis, ch->ring_vis, 2,
				    hvg2_rings_announce, &args);
	kvfree(pfns);
	if (ret == -ETIMEDOUT) {
		/* the host may have the pages: never free them */
		hvg2_ring_destroy(&ch->out);
		hvg2_ring_destroy(&ch->in);
		hvg2_quarantine_rings(ch);
	} else if (ret) {
		hvg2_rings_free(ch);
	}
	return ret;
}
