// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs: how the guest names a list of its pages to the host.
 *
 * GPADL_HEADER carries the handle (chosen by the guest), one GPA range
 * whose byte_count covers the whole list, and as many PFNs as fit in the
 * 240-byte message (26); GPADL_BODY messages carry the rest, 28 at a time.
 * The host answers GPADL_CREATED once it has them all; GPADL_TEARDOWN is
 * answered by GPADL_TORNDOWN, after which the pages are ours again.
 *
 * PFNs are Hyper-V pages (4 KiB), whatever the guest's PAGE_SIZE.
 */
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "internal.h"

/**
 * hvg2_gpadl_nmsgs - messages needed for a GPADL of @npfns pages
 * @npfns: PFNs in the list, at least one
 *
 * Return: the header plus the bodies.
 */
u32 hvg2_gpadl_nmsgs(u32 npfns)
{
	if (npfns <= HVG2_GPADL_HEADER_PFNS)
		return 1;
	return 1 + DIV_ROUND_UP(npfns - HVG2_GPADL_HEADER_PFNS,
				HVG2_GPADL_BODY_PFNS);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_gpadl_nmsgs);

/**
 * hvg2_gpadl_build - encode the messages of one GPADL
 * @relid: the channel the GPADL belongs to
 * @gpadl: its handle
 * @pfns: the Hyper-V PFNs
 * @npfns: how many (1..HVG2_GPADL_MAX_PFNS)
 * @msgs: @nmsgs buffers of HVG2_HV_MESSAGE_PAYLOAD bytes each
 * @lens: the length of each message, filled in
 * @nmsgs: hvg2_gpadl_nmsgs(@npfns)
 *
 * Return: 0, or -EINVAL for an impossible list or the wrong @nmsgs.
 */
int hvg2_gpadl_build(u32 relid, u32 gpadl, const u64 *pfns, u32 npfns,
		     void **msgs, u32 *lens, u32 nmsgs)
{
	struct hvg2_vmbus_msg_gpadl_header *h = msgs[0];
	u32 done, i, n;

	if (!npfns || npfns > HVG2_GPADL_MAX_PFNS ||
	    nmsgs != hvg2_gpadl_nmsgs(npfns))
		return -EINVAL;

	n = min_t(u32, npfns, HVG2_GPADL_HEADER_PFNS);
	memset(h, 0, HVG2_HV_MESSAGE_PAYLOAD);
	h->hdr.msgtype = HVG2_CHMSG_GPADL_HEADER;
	h->child_relid = relid;
	h->gpadl = gpadl;
	h->rangecount = 1;
	/* the whole list, so the host knows how many bodies follow */
	h->range_buflen = sizeof(struct hvg2_vmbus_gpa_range) + npfns * sizeof(u64);
	h->byte_offset = 0;
	h->byte_count = npfns * HVG2_HV_PAGE_SIZE;
	memcpy(h->pfn, pfns, n * sizeof(u64));
	lens[0] = sizeof(*h) + n * sizeof(u64);

	for (done = n, i = 1; i < nmsgs; i++, done += n) {
		struct hvg2_vmbus_msg_gpadl_body *b = msgs[i];

		n = min_t(u32, npfns - done, HVG2_GPADL_BODY_PFNS);
		memset(b, 0, HVG2_HV_MESSAGE_PAYLOAD);
		b->hdr.msgtype = HVG2_CHMSG_GPADL_BODY;
		b->msgnumber = i;
		b->gpadl = gpadl;
		memcpy(b->pfn, pfns + done, n * sizeof(u64));
		lens[i] = sizeof(*b) + n * sizeof(u64);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_gpadl_build);

/**
 * hvg2_gpadl_create - hand a list of pages to the host
 * @ch: the channel it belongs to
 * @pfns: Hyper-V PFNs
 * @npfns: how many
 * @gpadl: the handle, on success
 *
 * Sleeps until the host's GPADL_CREATED (or the timeout). On -ETIMEDOUT
 * the host may still map the pages later: the caller must not free them
 * (see hvg2_channel_open()).
 *
 * Return: 0, -ENODEV (rescinded), -ETIMEDOUT, -EIO (host refused) or
 * -ENOMEM.
 */
int hvg2_gpadl_create(struct hvg2_channel *ch, const u64 *pfns, u32 npfns,
		      u32 *gpadl)
{
	u32 nmsgs = hvg2_gpadl_nmsgs(npfns);
	struct hvg2_vmbus_msg_gpadl_created *resp;
	struct hvg2_waiter *w;
	void **msgs;
	u32 *lens, handle, i;
	u8 *buf;
	int ret = -ENOMEM;

	if (npfns > HVG2_GPADL_MAX_PFNS)
		return -E2BIG;
	msgs = kcalloc(nmsgs, sizeof(*msgs) + sizeof(*lens), GFP_KERNEL);
	buf = kvmalloc_array(nmsgs, HVG2_HV_MESSAGE_PAYLOAD, GFP_KERNEL);
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!msgs || !buf || !w)
		goto out;
	lens = (u32 *)(msgs + nmsgs);
	for (i = 0; i < nmsgs; i++)
		msgs[i] = buf + i * HVG2_HV_MESSAGE_PAYLOAD;

	/* Handles are never reused within a connection; 0 is never one. */
	do {
		handle = atomic_inc_return(&hvg2_conn.next_gpadl);
	} while (!handle);
	ret = hvg2_gpadl_build(ch->relid, handle, pfns, npfns, msgs, lens, nmsgs);
	if (ret)
		goto out;

	hvg2_waiter_init(w, HVG2_CHMSG_GPADL_CREATED, handle, ch->relid);
	hvg2_waiter_add(w);
	for (i = 0; i < nmsgs; i++) {
		ret = READ_ONCE(ch->rescinded) ? -ENODEV :
		      hvg2_post(msgs[i], lens[i]);
		if (ret) {
			hvg2_waiter_del(w);
			/* a header without all its bodies: the host may hold it */
			if (i)
				ret = -ETIMEDOUT;
			goto out;
		}
	}
	ret = hvg2_waiter_wait(w);
	if (ret)
		goto out;
	resp = (void *)w->resp;
	if (resp->status) {
		pr_warn("hvg2_vmbus: relid %u: host refused GPADL of %u pages: %#x\n",
			ch->relid, npfns, resp->status);
		ret = -EIO;
		goto out;
	}
	*gpadl = handle;
out:
	kfree(w);
	kvfree(buf);
	kfree(msgs);
	return ret;
}

/**
 * hvg2_gpadl_teardown - take pages back from the host
 * @ch: the channel
 * @gpadl: the handle
 *
 * After a rescind the host has torn the GPADL down itself: nothing is sent.
 *
 * Return: 0 when the pages are ours again; otherwise the caller must not
 * free them.
 */
int hvg2_gpadl_teardown(struct hvg2_channel *ch, u32 gpadl)
{
	struct hvg2_vmbus_msg_gpadl_teardown msg = {
		.hdr.msgtype = HVG2_CHMSG_GPADL_TEARDOWN,
		.child_relid = ch->relid,
		.gpadl = gpadl,
	};
	struct hvg2_vmbus_msg_gpadl_torndown resp;
	int ret;

	if (READ_ONCE(ch->rescinded))
		return 0;
	ret = hvg2_request(ch, hvg2_conn.msg_conn_id, &msg, sizeof(msg),
			   HVG2_CHMSG_GPADL_TORNDOWN, gpadl, &resp, sizeof(resp));
	/* rescinded while we waited: the host let go of it anyway */
	return ret == -ENODEV ? 0 : ret;
}

/* ---- drivers' GPADLs: host-visible while the host has them ---- */

/*
 * A driver's GPADL whose buffer was made host-visible: teardown needs the
 * buffer back to make it private again, and drivers hand us only the
 * handle then.
 */
struct hvg2_vis_gpadl {
	struct list_head node;
	u32 handle;
	struct hvg2_vis_mem mem;
};

static LIST_HEAD(hvg2_vis_gpadls);
static DEFINE_MUTEX(hvg2_vis_gpadls_lock);

struct hvg2_gpadl_args {
	struct hvg2_channel *ch;
	const u64 *pfns;
	u32 npfns;
	u32 *handle;
	bool torn;		/* the host answered GPADL_TORNDOWN */
};

static int hvg2_gpadl_announce(void *ctx)
{
	struct hvg2_gpadl_args *a = ctx;

	return hvg2_gpadl_create(a->ch, a->pfns, a->npfns, a->handle);
}

static int hvg2_gpadl_take_back(void *ctx)
{
	struct hvg2_gpadl_args *a = ctx;
	int ret = hvg2_gpadl_teardown(a->ch, *a->handle);

	a->torn = !ret;
	return ret;
}

/**
 * hvg2_channel_gpadl_create - describe a driver's buffer to the host
 * @ch: the channel the GPADL belongs to
 * @buf: page-aligned buffer (direct-mapped or vmalloc)
 * @size: its size, a multiple of PAGE_SIZE
 * @handle: the GPADL handle, on success
 *
 * When the guest is isolated the buffer is made host-visible first and
 * private again by hvg2_channel_gpadl_teardown() (visible.c).
 *
 * Return: 0, -EINVAL, -E2BIG (more pages than one GPADL can name), the
 * conversion's error, or as hvg2_gpadl_create(). -ETIMEDOUT also when the
 * buffer could not be made private again: never free it then.
 */
int hvg2_channel_gpadl_create(struct hvg2_channel *ch, void *buf, size_t size,
			      u32 *handle)
{
	const unsigned int per = PAGE_SIZE / HVG2_HV_PAGE_SIZE;
	size_t npages = size / PAGE_SIZE, i;
	struct hvg2_gpadl_args args;
	struct hvg2_vis_gpadl *vg;
	unsigned int k;
	u64 *pfns;
	int ret;

	if (!size || size % PAGE_SIZE || offset_in_page(buf))
		return -EINVAL;
	if (npages * per > HVG2_GPADL_MAX_PFNS)
		return -E2BIG;
	vg = kzalloc(sizeof(*vg), GFP_KERNEL);
	pfns = kvmalloc_array(npages * per, sizeof(u64), GFP_KERNEL);
	if (!pfns || !vg) {
		kvfree(pfns);
		kfree(vg);
		return -ENOMEM;
	}
	for (i = 0; i < npages; i++) {
		void *p = (u8 *)buf + i * PAGE_SIZE;
		u64 pfn = is_vmalloc_addr(p) ? vmalloc_to_pfn(p) :
			  page_to_pfn(virt_to_page(p));

		for (k = 0; k < per; k++)
			pfns[i * per + k] = ((pfn << PAGE_SHIFT) >> HVG2_HV_PAGE_SHIFT) + k;
	}
	args = (struct hvg2_gpadl_args){ ch, pfns, npages * per, handle, false };
	vg->mem.addr = buf;
	vg->mem.npages = npages;
	ret = hvg2_vis_gpadl_create(&hvg2_vis_real, hvg2_vis_wanted(), &vg->mem,
				    1, hvg2_gpadl_announce, &args);
	kvfree(pfns);
	if (!ret && vg->mem.shared) {
		vg->handle = *handle;
		mutex_lock(&hvg2_vis_gpadls_lock);
		list_add(&vg->node, &hvg2_vis_gpadls);
		mutex_unlock(&hvg2_vis_gpadls_lock);
		return 0;
	}
	/* pages we could not make private again are the driver's to keep */
	if (ret && !hvg2_vis_may_free(&vg->mem, 1))
		ret = -ETIMEDOUT;
	kfree(vg);
	return ret;
}
EXPORT_SYMBOL_GPL(hvg2_channel_gpadl_create);

/**
 * hvg2_channel_gpadl_teardown - take a buffer back from the host
 * @ch: the channel
 * @handle: from hvg2_channel_gpadl_create()
 *
 * Return: 0 when the buffer may be freed; otherwise it must not be (the
 * host may hold it, or it could not be made private again).
 */
int hvg2_channel_gpadl_teardown(struct hvg2_channel *ch, u32 handle)
{
	struct hvg2_gpadl_args args = { .ch = ch, .handle = &handle };
	struct hvg2_vis_gpadl *vg, *found = NULL;
	int ret;

	mutex_lock(&hvg2_vis_gpadls_lock);
	list_for_each_entry(vg, &hvg2_vis_gpadls, node) {
		if (vg->handle == handle) {
			found = vg;
			list_del(&vg->node);
			break;
		}
	}
	mutex_unlock(&hvg2_vis_gpadls_lock);
	if (!found)
		return hvg2_gpadl_teardown(ch, handle);
	ret = hvg2_vis_gpadl_teardown(&hvg2_vis_real, &found->mem, 1,
				      hvg2_gpadl_take_back, &args);
	/* the host still holds it: a later teardown must find it again */
	if (!args.torn) {
		mutex_lock(&hvg2_vis_gpadls_lock);
		list_add(&found->node, &hvg2_vis_gpadls);
		mutex_unlock(&hvg2_vis_gpadls_lock);
		return ret;
	}
	kfree(found);
	return ret;
}

/*
 * After UNLOAD: forget the GPADLs whose teardown failed. Their drivers
 * never free those buffers (they were told not to), so the pages stay
 * host-visible and unused: leaked on purpose.
 */
void hvg2_vis_gpadls_forget(void)
{
	struct hvg2_vis_gpadl *vg, *tmp;

	mutex_lock(&hvg2_vis_gpadls_lock);
	list_for_each_entry_safe(vg, tmp, &hvg2_vis_gpadls, node) {
		list_del(&vg->node);
		kfree(vg);
	}
	mutex_unlock(&hvg2_vis_gpadls_lock);
}
EXPORT_SYMBOL_GPL(hvg2_channel_gpadl_teardown);
