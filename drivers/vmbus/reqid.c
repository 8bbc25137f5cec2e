// SPDX-License-Identifier: GPL-2.0
/*
 * The request-id table: the transaction ids a driver puts in its packets
 * and the host must echo in its completions.
 *
 * A host could forge an id (pointing the guest at a request it never made)
 * or repeat one (completing a request twice, after it was freed and maybe
 * reused). An id here is (generation << 32) | (slot + 1): a completion is
 * taken only if its slot is in use and its generation matches, and taking
 * it frees the slot and bumps the generation, so every repeat fails.
 */
#include <linux/slab.h>
#include "hvg2/vmbus.h"

struct hvg2_reqid_slot {
	void *ctx;
	u32 gen;
	bool used;
};

/**
 * hvg2_reqid_init - set up a table
 * @t: the table
 * @size: how many requests may be outstanding at once
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int hvg2_reqid_init(struct hvg2_reqid_table *t, u32 size)
{
	u32 i;

	if (!size || size > (1u << 24))
		return -EINVAL;
	spin_lock_init(&t->lock);
	t->slots = kvcalloc(size, sizeof(*t->slots), GFP_KERNEL);
	t->free = kvmalloc_array(size, sizeof(*t->free), GFP_KERNEL);
	if (!t->slots || !t->free) {
		hvg2_reqid_destroy(t);
		return -ENOMEM;
	}
	/* pop order: slot 0 first */
	for (i = 0; i < size; i++)
		t->free[i] = size - 1 - i;
	t->nfree = size;
	t->size = size;
	t->rejected = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(hvg2_reqid_init);

/**
 * hvg2_reqid_destroy - free a table
 * @t: the table; outstanding contexts are the caller's to fail
 */
void hvg2_reqid_destroy(struct hvg2_reqid_table *t)
{
	kvfree(t->slots);
	kvfree(t->free);
	t->slots = NULL;
	t->free = NULL;
	t->size = 0;
	t->nfree = 0;
}
EXPORT_SYMBOL_GPL(hvg2_reqid_destroy);

/**
 * hvg2_reqid_alloc - an id for a request
 * @t: the table
 * @ctx: what the completion should find, not NULL
 *
 * Return: the id, never 0; 0 when the table is full.
 */
u64 hvg2_reqid_alloc(struct hvg2_reqid_table *t, void *ctx)
{
	struct hvg2_reqid_slot *s;
	unsigned long flags;
	u64 id = 0;
	u32 idx;

	if (WARN_ON_ONCE(!ctx))
		return 0;
	spin_lock_irqsave(&t->lock, flags);
	if (t->nfree) {
		idx = t->free[--t->nfree];
		s = &t->slots[idx];
		s->ctx = ctx;
		s->used = true;
		id = ((u64)s->gen << 32) | (idx + 1);
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return id;
}
EXPORT_SYMBOL_GPL(hvg2_reqid_alloc);

/**
 * hvg2_reqid_take - the request a completion names, exactly once
 * @t: the table
 * @id: the transaction id the host sent
 *
 * Return: the context given to hvg2_reqid_alloc(), or NULL when @id was
 * never handed out, was already taken, or belongs to an older use of its
 * slot (counted in @t->rejected).
 */
void *hvg2_reqid_take(struct hvg2_reqid_table *t, u64 id)
{
	u32 idx = (u32)id - 1;	/* id 0 wraps to U32_MAX: out of range */
	struct hvg2_reqid_slot *s;
	unsigned long flags;
	void *ctx = NULL;

	spin_lock_irqsave(&t->lock, flags);
	if (idx < t->size) {
		s = &t->slots[idx];
		if (s->used && s->gen == (u32)(id >> 32)) {
			ctx = s->ctx;
			s->ctx = NULL;
			s->used = false;
			s->gen++;
			t->free[t->nfree++] = idx;
		}
	}
	if (!ctx)
		t->rejected++;
	spin_unlock_irqrestore(&t->lock, flags);
	return ctx;
}
EXPORT_SYMBOL_GPL(hvg2_reqid_take);
