// SPDX-License-Identifier: GPL-2.0
/*
 * The request-id table of a channel (channel->requestor), with upstream's
 * semantics, because drivers reach it through the inline lock_requestor()
 * and through their own next_request_id_callback/request_addr_callback:
 *
 * - a driver that sets rqstor_size before vmbus_open() gets a table of
 *   that many slots; ids are slot + 1 (0 is what the host uses for
 *   unsolicited packets, and is never handed out);
 * - vmbus_next_request_id() stores the driver's request (an address) and
 *   returns an id, VMBUS_RQST_ERROR when full, VMBUS_NO_RQSTOR without a
 *   table;
 * - vmbus_request_addr() takes an id the host echoed: an id never handed
 *   out, out of range, or already completed is refused (VMBUS_RQST_ERROR)
 *   and changes nothing, so a forged or repeated completion cannot free
 *   someone else's request.
 *
 * Free slots form a list threaded through req_arr (each free slot holds
 * the index of the next free one); req_bitmap says which slots are in use.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>
#include "hvapi.h"

/**
 * hvg2_hvapi_rqstor_alloc - the table for a channel about to open
 * @vc: the channel; vc->rqstor_size slots (0: no table)
 *
 * Return: 0 or -ENOMEM.
 */
int hvg2_hvapi_rqstor_alloc(struct vmbus_channel *vc)
{
	struct vmbus_requestor *r = &vc->requestor;
	u32 i, n = vc->rqstor_size;

	memset(r, 0, sizeof(*r));
	spin_lock_init(&r->req_lock);
	if (!n)
		return 0;
	r->req_arr = kcalloc(n, sizeof(*r->req_arr), GFP_KERNEL);
	r->req_bitmap = bitmap_zalloc(n, GFP_KERNEL);
	if (!r->req_arr || !r->req_bitmap) {
		hvg2_hvapi_rqstor_free(vc);
		return -ENOMEM;
	}
	/* every slot free, each pointing at the next; n ends the list */
	for (i = 0; i < n; i++)
		r->req_arr[i] = i + 1;
	r->size = n;
	r->next_request_id = 0;
	return 0;
}

/**
 * hvg2_hvapi_rqstor_free - free a channel's table (channel closed)
 * @vc: the channel
 */
void hvg2_hvapi_rqstor_free(struct vmbus_channel *vc)
{
	struct vmbus_requestor *r = &vc->requestor;

	kfree(r->req_arr);
	bitmap_free(r->req_bitmap);
	r->req_arr = NULL;
	r->req_bitmap = NULL;
	r->size = 0;
}

/**
 * vmbus_next_request_id - a transaction id for a request
 * @channel: the channel
 * @rqst_addr: the driver's request, returned by vmbus_request_addr()
 *
 * Return: the id (1 .. rqstor_size), VMBUS_RQST_ERROR when every slot is
 * in use, VMBUS_NO_RQSTOR when the channel has no table.
 */
u64 vmbus_next_request_id(struct vmbus_channel *channel, u64 rqst_addr)
{
	struct vmbus_requestor *r = &channel->requestor;
	unsigned long flags;
	u64 slot;

	if (!channel->rqstor_size || !r->size)
		return VMBUS_NO_RQSTOR;
	spin_lock_irqsave(&r->req_lock, flags);
	slot = r->next_request_id;
	if (slot >= r->size) {
		spin_unlock_irqrestore(&r->req_lock, flags);
		return VMBUS_RQST_ERROR;
	}
	r->next_request_id = r->req_arr[slot];
	r->req_arr[slot] = rqst_addr;
	__set_bit(slot, r->req_bitmap);
	spin_unlock_irqrestore(&r->req_lock, flags);
	return slot + 1;
}
EXPORT_SYMBOL_GPL(vmbus_next_request_id);

/**
 * __vmbus_request_addr_match - take a completed id, caller holds the lock
 * @channel: the channel
 * @trans_id: the id the host echoed
 * @rqst_addr: the request expected, or VMBUS_RQST_ADDR_ANY
 *
 * The slot is freed only when it holds @rqst_addr (or for any request).
 * Caller holds lock_requestor().
 *
 * Return: the request stored under @trans_id; VMBUS_RQST_ERROR for an id
 * not in use; VMBUS_NO_RQSTOR when the channel has no table.
 */
u64 __vmbus_request_addr_match(struct vmbus_channel *channel, u64 trans_id,
			       u64 rqst_addr)
{
	struct vmbus_requestor *r = &channel->requestor;
	u64 slot, addr;

	if (!channel->rqstor_size || !r->size)
		return VMBUS_NO_RQSTOR;
	/* 0 is the host's own (unsolicited) id: never ours */
	if (!trans_id || trans_id > r->size)
		return VMBUS_RQST_ERROR;
	slot = trans_id - 1;
	if (!test_bit(slot, r->req_bitmap))
		return VMBUS_RQST_ERROR;
	addr = r->req_arr[slot];
	if (rqst_addr == VMBUS_RQST_ADDR_ANY || addr == rqst_addr) {
		r->req_arr[slot] = r->next_request_id;
		r->next_request_id = slot;
		__clear_bit(slot, r->req_bitmap);
	}
	return addr;
}
EXPORT_SYMBOL_GPL(__vmbus_request_addr_match);

/**
 * vmbus_request_addr_match - take a completed id if it holds a request
 * @channel: the channel
 * @trans_id: the id the host echoed
 * @rqst_addr: the request expected, or VMBUS_RQST_ADDR_ANY
 *
 * Return: as __vmbus_request_addr_match().
 */
u64 vmbus_request_addr_match(struct vmbus_channel *channel, u64 trans_id,
			     u64 rqst_addr)
{
	struct vmbus_requestor *r = &channel->requestor;
	unsigned long flags;
	u64 addr;

	spin_lock_irqsave(&r->req_lock, flags);
	addr = __vmbus_request_addr_match(channel, trans_id, rqst_addr);
	spin_unlock_irqrestore(&r->req_lock, flags);
	return addr;
}
EXPORT_SYMBOL_GPL(vmbus_request_addr_match);

/**
 * vmbus_request_addr - take a completed id
 * @channel: the channel
 * @trans_id: the id the host echoed
 *
 * Return: the request stored under @trans_id, freeing the id;
 * VMBUS_RQST_ERROR for an id not in use (forged or repeated).
 */
u64 vmbus_request_addr(struct vmbus_channel *channel, u64 trans_id)
{
	return vmbus_request_addr_match(channel, trans_id, VMBUS_RQST_ADDR_ANY);
}
EXPORT_SYMBOL_GPL(vmbus_request_addr);
