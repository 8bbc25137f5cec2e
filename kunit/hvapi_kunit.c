// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_hvapi: the upstream API's view of our rings and its
 * request ids. A channel over two real double-mapped rings, with our ring
 * core playing the host at the other end of each; the upstream inline
 * helpers of <linux/hyperv.h> (hv_get_bytes_to_read/write,
 * hv_get_avail_to_write_percent, hv_pkt_data/datalen, hv_begin/end_read)
 * must agree with what the ring core did.
 */
#include <kunit/test.h>
#include <linux/hyperv.h>
#include <linux/module.h>
#include "../drivers/hvapi/hvapi.h"

#define RING_PAGES	1

struct hvapi_fx {
	struct hvg2_ring_mem out_mem, in_mem;
	struct hvg2_ring g_out, h_in;	/* guest -> host */
	struct hvg2_ring h_out, g_in;	/* host -> guest */
	struct hvapi_chan c;
};

static u8 pat(u64 seq, u32 i)
{
	return (u8)(seq * 13 + i * 3 + 1);
}

static void fx_ring(struct kunit *test, struct hvg2_ring_mem *m,
		    struct hvg2_ring *prod, struct hvg2_ring *cons)
{
	KUNIT_ASSERT_EQ(test, hvg2_ring_mem_alloc(m, RING_PAGES * PAGE_SIZE, NUMA_NO_NODE), 0);
	hvg2_ring_reset_hdr(hvg2_ring_mem_hdr(m));
	KUNIT_ASSERT_EQ(test, hvg2_ring_init(prod, hvg2_ring_mem_hdr(m), hvg2_ring_mem_data(m),
					     hvg2_ring_mem_data_size(m), 0), 0);
	KUNIT_ASSERT_EQ(test, hvg2_ring_init(cons, hvg2_ring_mem_hdr(m), hvg2_ring_mem_data(m),
					     hvg2_ring_mem_data_size(m), 0), 0);
}

static void fx_exit(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;

	hvg2_hvapi_rings_unbind(&f->c);
	hvg2_hvapi_rqstor_free(&f->c.vc);
	hvg2_ring_destroy(&f->g_out);
	hvg2_ring_destroy(&f->h_in);
	hvg2_ring_destroy(&f->h_out);
	hvg2_ring_destroy(&f->g_in);
	hvg2_ring_mem_free(&f->out_mem);
	hvg2_ring_mem_free(&f->in_mem);
}

static int fx_init(struct kunit *test)
{
	struct hvapi_fx *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	test->priv = f;
	fx_ring(test, &f->out_mem, &f->g_out, &f->h_in);
	fx_ring(test, &f->in_mem, &f->h_out, &f->g_in);
	f->c.kin = &f->g_in;
	f->c.kout = &f->g_out;
	f->c.vc.max_pkt_size = VMBUS_DEFAULT_MAX_PKT_SIZE;
	KUNIT_ASSERT_EQ(test, hvg2_hvapi_rings_bind(&f->c, hvg2_ring_mem_hdr(&f->out_mem),
						    hvg2_ring_mem_data_size(&f->out_mem),
						    hvg2_ring_mem_hdr(&f->in_mem),
						    hvg2_ring_mem_data_size(&f->in_mem)), 0);
	f->c.ready = true;
	return 0;
}

/* The host sends packet @seq with @plen payload bytes to the guest. */
static void host_put(struct kunit *test, struct hvapi_fx *f, u64 seq, u32 plen)
{
	struct hvg2_pkt_desc *d = hvg2_ring_reserve(&f->h_out, sizeof(*d) + plen);
	u32 i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(d));
	d->type = HVG2_PKT_COMPLETION;
	d->offset8 = sizeof(*d) / 8;
	d->flags = 0;
	d->trans_id = seq;
	for (i = 0; i < plen; i++)
		((u8 *)(d + 1))[i] = pat(seq, i);
	hvg2_ring_commit(&f->h_out);
	hvg2_ring_publish(&f->h_out);
}

static u32 wire(u32 plen)
{
	return ALIGN(sizeof(struct vmpacket_descriptor) + plen, 8) + 8;
}

/* The upstream view of the outbound ring follows what we produced. */
static void hvapi_send_bookkeeping(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;
	struct vmbus_channel *vc = &f->c.vc;
	u32 size = vc->outbound.ring_datasize;
	struct hvg2_ring_pkt pkt;
	u8 buf[100];
	u32 i;

	KUNIT_EXPECT_EQ(test, size, (u32)(RING_PAGES * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, vc->outbound.ring_size, size + (u32)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_write(&vc->outbound), size);
	KUNIT_EXPECT_EQ(test, hv_get_avail_to_write_percent(&vc->outbound),
			(size * 10) / ((size + (u32)PAGE_SIZE) / 10));
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = pat(5, i);
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(vc, buf, sizeof(buf), 77,
					       VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_read(&vc->outbound), wire(100));
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_write(&vc->outbound), size - wire(100));
	/* the host sees exactly what upstream would have written */
	KUNIT_ASSERT_EQ(test, hvg2_ring_peek(&f->h_in, &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.type, (u16)VM_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 77ull);
	KUNIT_EXPECT_EQ(test, pkt.flags, (u16)0);
	KUNIT_EXPECT_EQ(test, pkt.len - pkt.payload_len, 16u);
	KUNIT_EXPECT_EQ(test, pkt.len, (u32)ALIGN(16 + 100, 8));
	KUNIT_EXPECT_EQ(test, memcmp(pkt.payload, buf, sizeof(buf)), 0);
	hvg2_ring_advance(&f->h_in);
	hvg2_ring_release(&f->h_in);
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_read(&vc->outbound), 0u);
}

/* A packet asking for a completion gets its id from the request table. */
static void hvapi_send_rqstor(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;
	struct vmbus_channel *vc = &f->c.vc;
	struct hvg2_ring_pkt pkt;
	u64 tid = 0;
	u8 buf[8] = {};
	int ret;

	vc->rqstor_size = 2;
	KUNIT_ASSERT_EQ(test, hvg2_hvapi_rqstor_alloc(vc), 0);
	vc->next_request_id_callback = vmbus_next_request_id;
	vc->request_addr_callback = vmbus_request_addr;
	ret = vmbus_sendpacket_getid(vc, buf, sizeof(buf), 0xabc, &tid,
				     VM_PKT_DATA_INBAND,
				     VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, tid, 1ull);
	KUNIT_ASSERT_EQ(test, hvg2_ring_peek(&f->h_in, &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 1ull);
	KUNIT_EXPECT_EQ(test, pkt.flags, (u16)VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	/* a completion (no flag) carries the caller's id untouched */
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(vc, NULL, 0, 0x55, VM_PKT_COMP, 0), 0);
	/* table full: -EAGAIN, nothing written */
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(vc, buf, 8, 0xabd, VM_PKT_DATA_INBAND,
					       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED), 0);
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(vc, buf, 8, 0xabe, VM_PKT_DATA_INBAND,
					       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_read(&vc->outbound),
			wire(8) + wire(0) + wire(8));
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, 1), 0xabcull);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, 2), 0xabdull);
}

/* A send that finds the ring full gives its request id back. */
static void hvapi_send_full(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;
	struct vmbus_channel *vc = &f->c.vc;
	static u8 buf[1000];
	int i, ret = 0;

	vc->rqstor_size = 64;
	KUNIT_ASSERT_EQ(test, hvg2_hvapi_rqstor_alloc(vc), 0);
	vc->next_request_id_callback = vmbus_next_request_id;
	vc->request_addr_callback = vmbus_request_addr;
	for (i = 0; i < 10 && !ret; i++)
		ret = vmbus_sendpacket(vc, buf, sizeof(buf), i, VM_PKT_DATA_INBAND,
				       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_GT(test, vc->out_full_total, 0ull);
	/* the refused packet's id is free again: the next one gets it */
	KUNIT_EXPECT_EQ(test, vmbus_next_request_id(vc, 99), (u64)i);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, i), 99ull);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, i), VMBUS_RQST_ERROR);
}

/* The iterator: copies, priv_read_index, read_index only on close. */
static void hvapi_iter(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;
	struct vmbus_channel *vc = &f->c.vc;
	struct hv_ring_buffer_info *in = &vc->inbound;
	struct vmpacket_descriptor *d;
	u32 round, n, i, start, expect_priv = 0;
	u64 seq = 0;

	KUNIT_EXPECT_NULL(test, hv_pkt_iter_first(vc));
	/* many rounds on a one-page ring: packets wrap its end */
	for (round = 0; round < 40; round++) {
		for (n = 0; n < 3; n++)
			host_put(test, f, seq + n, 300 + 8 * n + round);
		KUNIT_EXPECT_EQ(test, hv_get_bytes_to_read(in),
				wire(300 + round) + wire(308 + round) + wire(316 + round));
		n = 0;
		start = expect_priv;
		foreach_vmbus_pkt(d, vc) {
			u32 plen = 300 + 8 * n + round;
			const u8 *p = hv_pkt_data(d);

			KUNIT_EXPECT_PTR_EQ(test, (void *)d, in->pkt_buffer);
			KUNIT_EXPECT_EQ(test, d->trans_id, seq);
			KUNIT_EXPECT_EQ(test, d->type, (u16)VM_PKT_COMP);
			KUNIT_EXPECT_EQ(test, hv_pkt_datalen(d), (u32)ALIGN(plen, 8));
			for (i = 0; i < plen; i++)
				if (p[i] != pat(seq, i))
					break;
			KUNIT_EXPECT_EQ(test, i, plen);
			KUNIT_EXPECT_EQ(test, in->priv_read_index, expect_priv);
			/* not published until the iterator closes */
			KUNIT_EXPECT_EQ(test, READ_ONCE(in->ring_buffer->read_index),
					start);
			expect_priv = (expect_priv + wire(plen)) % in->ring_datasize;
			seq++;
			n++;
		}
		KUNIT_EXPECT_EQ(test, n, 3u);
		KUNIT_EXPECT_EQ(test, in->priv_read_index, expect_priv);
		KUNIT_EXPECT_EQ(test, READ_ONCE(in->ring_buffer->read_index), expect_priv);
		KUNIT_EXPECT_EQ(test, hv_get_bytes_to_read(in), 0u);
	}
}

/* A packet longer than max_pkt_size is cut to the buffer, as upstream. */
static void hvapi_iter_truncate(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;
	struct vmbus_channel *vc = &f->c.vc;
	struct vmpacket_descriptor *d;

	hvg2_hvapi_rings_unbind(&f->c);
	vc->max_pkt_size = 64;
	KUNIT_ASSERT_EQ(test, hvg2_hvapi_rings_bind(&f->c, hvg2_ring_mem_hdr(&f->out_mem),
						    hvg2_ring_mem_data_size(&f->out_mem),
						    hvg2_ring_mem_hdr(&f->in_mem),
						    hvg2_ring_mem_data_size(&f->in_mem)), 0);
	host_put(test, f, 1, 200);
	host_put(test, f, 2, 8);
	d = hv_pkt_iter_first(vc);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_EQ(test, hv_pkt_len(d), 64u);
	KUNIT_EXPECT_EQ(test, hv_pkt_datalen(d), 48u);
	d = hv_pkt_iter_next(vc, d);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_EQ(test, d->trans_id, 2ull);
	KUNIT_EXPECT_EQ(test, hv_pkt_datalen(d), 8u);
	KUNIT_EXPECT_NULL(test, hv_pkt_iter_next(vc, d));
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_read(&vc->inbound), 0u);
}

/* A host that breaks the ring: the iterator ends, nothing is read. */
static void hvapi_iter_broken(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;
	struct vmbus_channel *vc = &f->c.vc;

	host_put(test, f, 1, 16);
	WRITE_ONCE(vc->inbound.ring_buffer->write_index, 12);	/* inside a packet */
	KUNIT_EXPECT_NULL(test, hv_pkt_iter_first(vc));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_is_broken(&f->g_in));
	KUNIT_EXPECT_NULL(test, hv_pkt_iter_first(vc));
}

/* hv_begin_read()/hv_end_read() are what the host sees as the mask. */
static void hvapi_mask(struct kunit *test)
{
	struct hvapi_fx *f = test->priv;
	struct vmbus_channel *vc = &f->c.vc;

	hv_begin_read(&vc->inbound);
	KUNIT_EXPECT_EQ(test, hvg2_ring_mem_hdr(&f->in_mem)->interrupt_mask, 1u);
	/* the host publishes while masked */
	host_put(test, f, 1, 8);
	KUNIT_EXPECT_EQ(test, hv_end_read(&vc->inbound), wire(8));
	KUNIT_EXPECT_EQ(test, hvg2_ring_mem_hdr(&f->in_mem)->interrupt_mask, 0u);
}

/* ---- request ids, upstream semantics ---- */

static void hvapi_rqstor(struct kunit *test)
{
	struct vmbus_channel *vc = kunit_kzalloc(test, sizeof(*vc), GFP_KERNEL);
	u64 a, b, c;

	KUNIT_ASSERT_NOT_NULL(test, vc);
	KUNIT_ASSERT_EQ(test, hvg2_hvapi_rqstor_alloc(vc), 0);
	/* no table: neither side has ids */
	KUNIT_EXPECT_EQ(test, vmbus_next_request_id(vc, 1), VMBUS_NO_RQSTOR);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, 1), VMBUS_NO_RQSTOR);

	vc->rqstor_size = 3;
	KUNIT_ASSERT_EQ(test, hvg2_hvapi_rqstor_alloc(vc), 0);
	a = vmbus_next_request_id(vc, 0x100);
	b = vmbus_next_request_id(vc, 0x200);
	c = vmbus_next_request_id(vc, 0x300);
	KUNIT_EXPECT_EQ(test, a, 1ull);
	KUNIT_EXPECT_EQ(test, b, 2ull);
	KUNIT_EXPECT_EQ(test, c, 3ull);
	KUNIT_EXPECT_EQ(test, vmbus_next_request_id(vc, 0x400), VMBUS_RQST_ERROR);

	/* forged: 0 (the host's own), past the table, high bits */
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, 0), VMBUS_RQST_ERROR);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, 4), VMBUS_RQST_ERROR);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, b ^ 0x5a5a000000000000ull),
			VMBUS_RQST_ERROR);
	/* the wrong request does not free the id */
	KUNIT_EXPECT_EQ(test, vmbus_request_addr_match(vc, b, 0x999), 0x200ull);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, b), 0x200ull);
	/* repeated: refused */
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, b), VMBUS_RQST_ERROR);
	/* freed ids are handed out again */
	KUNIT_EXPECT_EQ(test, vmbus_next_request_id(vc, 0x500), b);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, a), 0x100ull);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, c), 0x300ull);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(vc, b), 0x500ull);
	hvg2_hvapi_rqstor_free(vc);
}

static struct kunit_case hvapi_ring_cases[] = {
	KUNIT_CASE(hvapi_send_bookkeeping),
	KUNIT_CASE(hvapi_send_rqstor),
	KUNIT_CASE(hvapi_send_full),
	KUNIT_CASE(hvapi_iter),
	KUNIT_CASE(hvapi_iter_truncate),
	KUNIT_CASE(hvapi_iter_broken),
	KUNIT_CASE(hvapi_mask),
	KUNIT_CASE(hvapi_rqstor),
	{}
};

static struct kunit_suite hvg2_hvapi_suite = {
	.name = "hvg2_hvapi",
	.init = fx_init,
	.exit = fx_exit,
	.test_cases = hvapi_ring_cases,
};

kunit_test_suite(hvg2_hvapi_suite);

MODULE_DESCRIPTION("KUnit tests for hvg2_hvapi, the upstream VMBus API shim");
MODULE_LICENSE("GPL");
