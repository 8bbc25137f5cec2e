// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_vmbus: the transport's pure parts, without a link.
 *
 *   wire       sizes of every channel message and the SynIC slot, as
 *              Hyper-V lays them out; the minimum sizes the codec demands
 *   gpadl      header/body split for PFN lists from 1 to the u16 limit:
 *              every PFN lands once, in order, no message over 240 bytes
 *   version    the negotiation order, capped by max_version
 *   reqid      ids come back exactly once; forged, repeated, stale and
 *              zero ids are refused and counted
 *   hv         the real link's hardware protocol over a fake hypervisor:
 *              post-message encoding, status codes, SynIC on/off order
 *   subchannel the CPUs a device's subchannels get: distinct from each
 *              other and from the primary's while CPUs last, all online
 *   vis        (vmbus_kunit_vis.c) host-visible memory of an isolated
 *              guest: decrypt before announce, encrypt after teardown,
 *              leak on failure, no double conversion
 */
#include <kunit/test.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "../drivers/vmbus/internal.h"
#include "../drivers/vmbus/hv_hw.h"
#include "vmbus_kunit.h"

/* ---- wire ---- */

static void wire_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_hv_message), 256);
	KUNIT_EXPECT_EQ(test, offsetof(struct hvg2_hv_message, payload), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_hv_message_page), 4096);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_hv_event_page), 4096);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_hdr), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_initiate_contact), 40);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_version_response), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_offer), 176);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_offer), 196);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_open), 148);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_open_result), 20);
	/* upstream's 20-byte header plus the one range we always send */
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_gpadl_header), 28);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vmbus_msg_gpadl_body), 16);
	KUNIT_EXPECT_EQ(test, HVG2_GPADL_HEADER_PFNS, 26);
	KUNIT_EXPECT_EQ(test, HVG2_GPADL_BODY_PFNS, 28);
	/* every message fits one SynIC payload */
	KUNIT_EXPECT_LE(test, sizeof(struct hvg2_vmbus_msg_offer), HVG2_HV_MESSAGE_PAYLOAD);
	KUNIT_EXPECT_LE(test, sizeof(struct hvg2_vmbus_msg_open), HVG2_HV_MESSAGE_PAYLOAD);
}

static void wire_min_sizes(struct kunit *test)
{
	u32 t;

	KUNIT_EXPECT_EQ(test, hvg2_vmbus_msg_min_size(HVG2_CHMSG_OFFERCHANNEL),
			sizeof(struct hvg2_vmbus_msg_offer));
	KUNIT_EXPECT_EQ(test, hvg2_vmbus_msg_min_size(HVG2_CHMSG_VERSION_RESPONSE),
			sizeof(struct hvg2_vmbus_msg_version_response));
	KUNIT_EXPECT_EQ(test, hvg2_vmbus_msg_min_size(HVG2_CHMSG_GPADL_HEADER),
			sizeof(struct hvg2_vmbus_msg_gpadl_header));
	/* unknown and unassigned types are refused (0) */
	KUNIT_EXPECT_EQ(test, hvg2_vmbus_msg_min_size(HVG2_CHMSG_INVALID), 0);
	for (t = 18; t <= 21; t++)
		KUNIT_EXPECT_EQ(test, hvg2_vmbus_msg_min_size(t), 0);
	KUNIT_EXPECT_EQ(test, hvg2_vmbus_msg_min_size(HVG2_CHMSG_COUNT), 0);
	KUNIT_EXPECT_EQ(test, hvg2_vmbus_msg_min_size(U32_MAX), 0);
	/* every known type fits one payload */
	for (t = 0; t < HVG2_CHMSG_COUNT; t++)
		KUNIT_EXPECT_LE(test, hvg2_vmbus_msg_min_size(t), HVG2_HV_MESSAGE_PAYLOAD);
}

/* ---- gpadl ---- */

static const u32 gpadl_sizes[] = {
	1, 2, 25, 26, 27, 53, 54, 55, 82, 83, 1000, 4096, HVG2_GPADL_MAX_PFNS,
};

static void gpadl_param_desc(const u32 *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u pfns", *n);
}

KUNIT_ARRAY_PARAM(gpadl, gpadl_sizes, gpadl_param_desc);

static void gpadl_split(struct kunit *test)
{
	const u32 npfns = *(const u32 *)test->param_value;
	u32 nmsgs = hvg2_gpadl_nmsgs(npfns), i, j, seen = 0;
	struct hvg2_vmbus_msg_gpadl_header *h;
	u64 *pfns;
	void **msgs;
	u32 *lens;
	u8 *buf;

	pfns = kunit_kmalloc_array(test, npfns, sizeof(u64), GFP_KERNEL);
	msgs = kunit_kmalloc_array(test, nmsgs, sizeof(void *), GFP_KERNEL);
	lens = kunit_kmalloc_array(test, nmsgs, sizeof(u32), GFP_KERNEL);
	buf = kunit_kmalloc_array(test, nmsgs, HVG2_HV_MESSAGE_PAYLOAD, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pfns);
	KUNIT_ASSERT_NOT_NULL(test, msgs);
	KUNIT_ASSERT_NOT_NULL(test, lens);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < npfns; i++)
		pfns[i] = 0x100000ull + i * 7;
	for (i = 0; i < nmsgs; i++)
		msgs[i] = buf + i * HVG2_HV_MESSAGE_PAYLOAD;

	KUNIT_ASSERT_EQ(test, hvg2_gpadl_build(7, 0xe1e10, pfns, npfns, msgs,
					       lens, nmsgs), 0);
	h = msgs[0];
	KUNIT_EXPECT_EQ(test, h->hdr.msgtype, HVG2_CHMSG_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, h->child_relid, 7);
	KUNIT_EXPECT_EQ(test, h->gpadl, 0xe1e10);
	KUNIT_EXPECT_EQ(test, h->rangecount, 1);
	KUNIT_EXPECT_EQ(test, h->range_buflen, 8 + 8 * npfns);
	KUNIT_EXPECT_EQ(test, h->byte_offset, 0);
	KUNIT_EXPECT_EQ(test, h->byte_count, npfns * 4096);

	/* walk the messages as the host would and compare every PFN */
	for (i = 0; i < nmsgs; i++) {
		const u64 *p;
		u32 n;

		KUNIT_EXPECT_LE(test, lens[i], HVG2_HV_MESSAGE_PAYLOAD);
		if (i == 0) {
			n = (lens[0] - sizeof(*h)) / 8;
			p = h->pfn;
		} else {
			struct hvg2_vmbus_msg_gpadl_body *b = msgs[i];

			KUNIT_EXPECT_EQ(test, b->hdr.msgtype, HVG2_CHMSG_GPADL_BODY);
			KUNIT_EXPECT_EQ(test, b->gpadl, 0xe1e10);
			n = (lens[i] - sizeof(*b)) / 8;
			p = b->pfn;
			KUNIT_EXPECT_GT(test, n, 0);
		}
		/* every message but the last is full */
		if (i + 1 < nmsgs)
			KUNIT_EXPECT_EQ(test, n, i ? HVG2_GPADL_BODY_PFNS :
						    HVG2_GPADL_HEADER_PFNS);
		for (j = 0; j < n && seen + j < npfns; j++)
			KUNIT_EXPECT_EQ(test, p[j], pfns[seen + j]);
		seen += n;
	}
	KUNIT_EXPECT_EQ(test, seen, npfns);
}

static void gpadl_refuses(struct kunit *test)
{
	u64 pfn = 1;
	u8 buf[HVG2_HV_MESSAGE_PAYLOAD] __aligned(8);
	void *msgs[1] = { buf };
	u32 lens[1];

	KUNIT_EXPECT_EQ(test, hvg2_gpadl_build(1, 1, &pfn, 0, msgs, lens, 1), -EINVAL);
	/* wrong message count for the list */
	KUNIT_EXPECT_EQ(test, hvg2_gpadl_build(1, 1, &pfn, 1, msgs, lens, 2), -EINVAL);
	/* more than range_buflen (u16) can describe */
	KUNIT_EXPECT_EQ(test, hvg2_gpadl_build(1, 1, &pfn, HVG2_GPADL_MAX_PFNS + 1,
					       msgs, lens, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvg2_gpadl_nmsgs(HVG2_GPADL_HEADER_PFNS), 1);
	KUNIT_EXPECT_EQ(test, hvg2_gpadl_nmsgs(HVG2_GPADL_HEADER_PFNS + 1), 2);
	KUNIT_EXPECT_EQ(test, hvg2_gpadl_nmsgs(HVG2_GPADL_HEADER_PFNS +
					       HVG2_GPADL_BODY_PFNS + 1), 3);
}

/* ---- version ---- */

static void version_order(struct kunit *test)
{
	static const u32 want[] = {
		HVG2_VMBUS_V5_3, HVG2_VMBUS_V5_2, HVG2_VMBUS_V5_1, HVG2_VMBUS_V5_0,
		HVG2_VMBUS_V4_1, HVG2_VMBUS_V4_0, HVG2_VMBUS_V3_0,
	};
	u32 v = 0, i = 0;

	while ((v = hvg2_version_next(v, HVG2_VMBUS_V5_3))) {
		KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(want));
		KUNIT_EXPECT_EQ(test, v, want[i]);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(want));
}

static void version_capped(struct kunit *test)
{
	/* a cap between versions starts at the next one below it */
	KUNIT_EXPECT_EQ(test, hvg2_version_next(0, HVG2_VMBUS_V4_1), HVG2_VMBUS_V4_1);
	KUNIT_EXPECT_EQ(test, hvg2_version_next(0, HVG2_VMBUS_VERSION(4, 7)),
			HVG2_VMBUS_V4_1);
	KUNIT_EXPECT_EQ(test, hvg2_version_next(0, U32_MAX), HVG2_VMBUS_V5_3);
	/* nothing at or below 2.4 (Windows 8): we do not speak it */
	KUNIT_EXPECT_EQ(test, hvg2_version_next(0, HVG2_VMBUS_VERSION(2, 4)), 0);
	KUNIT_EXPECT_EQ(test, hvg2_version_next(HVG2_VMBUS_V3_0, U32_MAX), 0);
}

/* ---- reqid ---- */

static void reqid_once(struct kunit *test)
{
	struct hvg2_reqid_table t;
	int a, b;
	u64 ia, ib;

	KUNIT_ASSERT_EQ(test, hvg2_reqid_init(&t, 4), 0);
	ia = hvg2_reqid_alloc(&t, &a);
	ib = hvg2_reqid_alloc(&t, &b);
	KUNIT_EXPECT_NE(test, ia, 0);
	KUNIT_EXPECT_NE(test, ib, 0);
	KUNIT_EXPECT_NE(test, ia, ib);
	KUNIT_EXPECT_PTR_EQ(test, hvg2_reqid_take(&t, ib), (void *)&b);
	KUNIT_EXPECT_PTR_EQ(test, hvg2_reqid_take(&t, ia), (void *)&a);
	/* repeated */
	KUNIT_EXPECT_NULL(test, hvg2_reqid_take(&t, ia));
	KUNIT_EXPECT_EQ(test, t.rejected, 1);
	hvg2_reqid_destroy(&t);
}

static void reqid_forged(struct kunit *test)
{
	struct hvg2_reqid_table t;
	int a;
	u64 id;

	KUNIT_ASSERT_EQ(test, hvg2_reqid_init(&t, 4), 0);
	id = hvg2_reqid_alloc(&t, &a);
	KUNIT_EXPECT_NULL(test, hvg2_reqid_take(&t, 0));
	KUNIT_EXPECT_NULL(test, hvg2_reqid_take(&t, 5));		/* past the table */
	KUNIT_EXPECT_NULL(test, hvg2_reqid_take(&t, U64_MAX));
	KUNIT_EXPECT_NULL(test, hvg2_reqid_take(&t, id ^ (1ull << 40)));	/* generation */
	KUNIT_EXPECT_NULL(test, hvg2_reqid_take(&t, (id & 0xffffffff) + 1));	/* free slot */
	KUNIT_EXPECT_EQ(test, t.rejected, 5);
	/* the real one still works after all that */
	KUNIT_EXPECT_PTR_EQ(test, hvg2_reqid_take(&t, id), (void *)&a);
	hvg2_reqid_destroy(&t);
}

static void reqid_stale_after_reuse(struct kunit *test)
{
	struct hvg2_reqid_table t;
	int a, b;
	u64 old, new;

	KUNIT_ASSERT_EQ(test, hvg2_reqid_init(&t, 1), 0);
	old = hvg2_reqid_alloc(&t, &a);
	KUNIT_EXPECT_EQ(test, hvg2_reqid_alloc(&t, &b), 0);	/* full */
	KUNIT_EXPECT_PTR_EQ(test, hvg2_reqid_take(&t, old), (void *)&a);
	new = hvg2_reqid_alloc(&t, &b);
	KUNIT_EXPECT_NE(test, new, 0);
	KUNIT_EXPECT_NE(test, new, old);	/* same slot, next generation */
	KUNIT_EXPECT_NULL(test, hvg2_reqid_take(&t, old));
	KUNIT_EXPECT_PTR_EQ(test, hvg2_reqid_take(&t, new), (void *)&b);
	hvg2_reqid_destroy(&t);
}

/* ---- the Hyper-V link's hardware protocol, against a fake ---- */

#define FAKE_MAX 16
static struct {
	u32 msr[FAKE_MAX];
	u64 val[FAKE_MAX];
	unsigned int n;
	u64 regs[0x100];	/* MSR 0x40000000 + i */
} fake;

static u64 fake_rdmsr(u32 msr)
{
	return fake.regs[msr - 0x40000000];
}

static void fake_wrmsr(u32 msr, u64 val)
{
	if (fake.n < FAKE_MAX) {
		fake.msr[fake.n] = msr;
		fake.val[fake.n] = val;
		fake.n++;
	}
	fake.regs[msr - 0x40000000] = val;
}

static const struct hvg2_hv_hw fake_hw = {
	.read_msr = fake_rdmsr,
	.write_msr = fake_wrmsr,
};

static void hv_post_encoding(struct kunit *test)
{
	struct hvg2_hv_post_message *in;
	u8 msg[HVG2_HV_MESSAGE_PAYLOAD + 1];

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_EXPECT_EQ(test, sizeof(*in), 256);
	memset(msg, 0xa5, sizeof(msg));
	KUNIT_EXPECT_EQ(test, hvg2_hv_encode_post(in, 4, msg, 40), 0);
	KUNIT_EXPECT_EQ(test, in->connection_id, 4);
	KUNIT_EXPECT_EQ(test, in->message_type, HVG2_HVMSG_VMBUS);
	KUNIT_EXPECT_EQ(test, in->payload_size, 40);
	KUNIT_EXPECT_EQ(test, in->payload[39], 0xa5);
	KUNIT_EXPECT_EQ(test, in->payload[40], 0);	/* the rest is cleared */
	KUNIT_EXPECT_EQ(test, hvg2_hv_encode_post(in, 4, msg, 240), 0);
	KUNIT_EXPECT_EQ(test, hvg2_hv_encode_post(in, 4, msg, 241), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvg2_hv_encode_post(in, 1u << 24, msg, 8), -EINVAL);
}

static void hv_status(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, hvg2_hv_status_errno(0), 0);
	/* the rep count in the upper bits does not matter */
	KUNIT_EXPECT_EQ(test, hvg2_hv_status_errno(1ull << 32), 0);
	KUNIT_EXPECT_EQ(test, hvg2_hv_status_errno(11), -EAGAIN);
	KUNIT_EXPECT_EQ(test, hvg2_hv_status_errno(19), -EAGAIN);
	KUNIT_EXPECT_EQ(test, hvg2_hv_status_errno(18), -ENXIO);
	KUNIT_EXPECT_EQ(test, hvg2_hv_status_errno(5), -EIO);
}

static void hv_synic_order(struct kunit *test)
{
	const u32 sint2 = HVG2_MSR_SINT0 + HVG2_VMBUS_SINT;

	memset(&fake, 0, sizeof(fake));
	/* reset state: SINT masked, reserved low bits set in SIMP */
	fake.regs[sint2 - 0x40000000] = HVG2_SINT_MASKED;
	fake.regs[HVG2_MSR_SIMP - 0x40000000] = 0x10;
	hvg2_hv_synic_enable(&fake_hw, 0x123000, 0x456000, 0xf3, true);
	KUNIT_ASSERT_EQ(test, fake.n, 4);
	/* pages before the SINT, the SINT before the SynIC */
	KUNIT_EXPECT_EQ(test, fake.msr[0], HVG2_MSR_SIMP);
	KUNIT_EXPECT_EQ(test, fake.val[0], 0x123000ull | 0x10 | 1);
	KUNIT_EXPECT_EQ(test, fake.msr[1], HVG2_MSR_SIEFP);
	KUNIT_EXPECT_EQ(test, fake.val[1], 0x456000ull | 1);
	KUNIT_EXPECT_EQ(test, fake.msr[2], sint2);
	KUNIT_EXPECT_EQ(test, fake.val[2], 0xf3 | HVG2_SINT_AUTO_EOI);
	KUNIT_EXPECT_EQ(test, fake.msr[3], HVG2_MSR_SCONTROL);
	KUNIT_EXPECT_EQ(test, fake.val[3], 1);

	fake.n = 0;
	hvg2_hv_synic_disable(&fake_hw);
	KUNIT_ASSERT_EQ(test, fake.n, 4);
	/* the reverse: no interrupt first, then the pages, then the SynIC */
	KUNIT_EXPECT_EQ(test, fake.msr[0], sint2);
	KUNIT_EXPECT_TRUE(test, fake.val[0] & HVG2_SINT_MASKED);
	KUNIT_EXPECT_EQ(test, fake.msr[1], HVG2_MSR_SIMP);
	KUNIT_EXPECT_EQ(test, fake.val[1], 0x10);
	KUNIT_EXPECT_EQ(test, fake.msr[2], HVG2_MSR_SIEFP);
	KUNIT_EXPECT_EQ(test, fake.val[2], 0);
	KUNIT_EXPECT_EQ(test, fake.msr[3], HVG2_MSR_SCONTROL);
	KUNIT_EXPECT_EQ(test, fake.val[3], 0);

	fake.n = 0;
	hvg2_hv_eom(&fake_hw);
	KUNIT_EXPECT_EQ(test, fake.n, 1);
	KUNIT_EXPECT_EQ(test, fake.msr[0], HVG2_MSR_EOM);
}

/*
 * The emergency UNLOAD (kexec, crash): a fake hypervisor that answers on
 * another CPU's page, after an unrelated message with more queued.
 */
static struct {
	struct hvg2_hv_message_page *pages[2];
	u32 posted_conn, posted_type;
	unsigned int posts, busy;	/* answer -EAGAIN @busy times first */
	bool answer;
} ufake;

static u64 ufake_post(struct hvg2_hv_post_message *in)
{
	const struct hvg2_vmbus_msg_hdr *hdr = (const void *)in->payload;
	struct hvg2_hv_message *slot;

	ufake.posts++;
	if (ufake.busy) {
		ufake.busy--;
		return HVG2_HV_STATUS_INSUFFICIENT_BUFFERS;
	}
	ufake.posted_conn = in->connection_id;
	ufake.posted_type = hdr->msgtype;
	if (ufake.answer) {
		slot = &ufake.pages[1]->sint[HVG2_VMBUS_SINT];
		slot->message_type = HVG2_HVMSG_VMBUS;
		slot->payload_size = sizeof(*hdr);
		((struct hvg2_vmbus_msg_hdr *)slot->payload)->msgtype =
			HVG2_CHMSG_UNLOAD_RESPONSE;
	}
	return HVG2_HV_STATUS_SUCCESS;
}

static const struct hvg2_hv_hw ufake_hw = {
	.read_msr = fake_rdmsr,
	.write_msr = fake_wrmsr,
	.post_message = ufake_post,
};

static void hv_unload_setup(struct kunit *test)
{
	memset(&ufake, 0, sizeof(ufake));
	memset(&fake, 0, sizeof(fake));
	ufake.pages[0] = kunit_kzalloc(test, sizeof(*ufake.pages[0]), GFP_KERNEL);
	ufake.pages[1] = kunit_kzalloc(test, sizeof(*ufake.pages[1]), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ufake.pages[0]);
	KUNIT_ASSERT_NOT_NULL(test, ufake.pages[1]);
}

static void hv_unload_polled(struct kunit *test)
{
	struct hvg2_hv_message *own;
	struct hvg2_hv_post_message *in;

	hv_unload_setup(test);
	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	/* our CPU's slot holds a stale message, with more queued behind it */
	own = &ufake.pages[0]->sint[HVG2_VMBUS_SINT];
	own->message_type = HVG2_HVMSG_VMBUS;
	own->flags = HVG2_HVMSG_FLAG_PENDING;
	own->payload_size = sizeof(struct hvg2_vmbus_msg_hdr);
	ufake.answer = true;
	ufake.busy = 2;

	KUNIT_EXPECT_EQ(test, hvg2_hv_unload_polled(&ufake_hw, in, 4,
						    ufake.pages, 2, 0, 50), 0);
	/* retried while the hypervisor had no buffer, then posted UNLOAD */
	KUNIT_EXPECT_EQ(test, ufake.posts, 3);
	KUNIT_EXPECT_EQ(test, ufake.posted_conn, 4);
	KUNIT_EXPECT_EQ(test, ufake.posted_type, HVG2_CHMSG_UNLOAD);
	/* the stale message was dropped and EOM let the next one in */
	KUNIT_EXPECT_EQ(test, own->message_type, HVG2_HVMSG_NONE);
	KUNIT_ASSERT_EQ(test, fake.n, 1);
	KUNIT_EXPECT_EQ(test, fake.msr[0], HVG2_MSR_EOM);
	/* the answer, on the other CPU's page, was consumed */
	KUNIT_EXPECT_EQ(test, ufake.pages[1]->sint[HVG2_VMBUS_SINT].message_type,
			HVG2_HVMSG_NONE);
}

static void hv_unload_unanswered(struct kunit *test)
{
	struct hvg2_hv_post_message *in;
	struct hvg2_hv_message *other;

	hv_unload_setup(test);
	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	/* another CPU's pending message: read, but its EOM is not ours */
	other = &ufake.pages[1]->sint[HVG2_VMBUS_SINT];
	other->message_type = HVG2_HVMSG_VMBUS;
	other->flags = HVG2_HVMSG_FLAG_PENDING;
	KUNIT_EXPECT_EQ(test, hvg2_hv_unload_polled(&ufake_hw, in, 4,
						    ufake.pages, 2, 0, 3),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, ufake.posts, 1);
	KUNIT_EXPECT_EQ(test, other->message_type, HVG2_HVMSG_NONE);
	KUNIT_EXPECT_EQ(test, fake.n, 0);

	/* a hypervisor that never has a buffer: the post's error */
	hv_unload_setup(test);
	ufake.busy = 100;
	KUNIT_EXPECT_EQ(test, hvg2_hv_unload_polled(&ufake_hw, in, 4,
						    ufake.pages, 2, 0, 3),
			-EAGAIN);
	/* an id the encoder refuses is never posted */
	KUNIT_EXPECT_EQ(test, hvg2_hv_unload_polled(&ufake_hw, in, 1u << 24,
						    ufake.pages, 2, 0, 3),
			-EINVAL);
}

/* ---- MMIO windows (mmio.c), far above the guest's RAM ---- */

#define MMIO_BASE	0x3f00000000ull
#define MMIO_SZ		SZ_64M

static void mmio_alloc_free(struct kunit *test)
{
	struct resource win = DEFINE_RES_MEM(MMIO_BASE, 4 * MMIO_SZ);
	struct hvg2_mmio_space *s;
	struct resource *r[4], *extra;
	unsigned int i, j;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	hvg2_mmio_space_init(s);
	KUNIT_EXPECT_EQ(test, hvg2_mmio_space_alloc(s, &extra, 0, ~0ull,
						    MMIO_SZ, 0, "kunit"),
			-ENODEV);
	hvg2_mmio_space_set(s, &win, 1);
	KUNIT_EXPECT_EQ(test, hvg2_mmio_space_alloc(s, &extra, 0, ~0ull,
						    MMIO_SZ, 3, "kunit"),
			-EINVAL);
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, hvg2_mmio_space_alloc(s, &r[i], 0, ~0ull,
							    MMIO_SZ, MMIO_SZ,
							    "kunit"), 0);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(r[i]->start, MMIO_SZ));
		KUNIT_EXPECT_GE(test, r[i]->start, win.start);
		KUNIT_EXPECT_LE(test, r[i]->end, win.end);
		KUNIT_EXPECT_EQ(test, resource_size(r[i]), MMIO_SZ);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, r[i]->start, r[j]->start);
	}
	/* full */
	KUNIT_EXPECT_EQ(test, hvg2_mmio_space_alloc(s, &extra, 0, ~0ull,
						    SZ_4K, 0, "kunit"),
			-ENOSPC);
	/* a piece given back is found again */
	hvg2_mmio_space_free(s, r[2]);
	KUNIT_ASSERT_EQ(test, hvg2_mmio_space_alloc(s, &extra, 0, ~0ull,
						    MMIO_SZ, 0, "kunit"), 0);
	KUNIT_EXPECT_EQ(test, extra->start, MMIO_BASE + 2 * MMIO_SZ);
	r[2] = extra;
	for (i = 0; i < 4; i++)
		hvg2_mmio_space_free(s, r[i]);
	/* limits are honoured */
	KUNIT_EXPECT_EQ(test, hvg2_mmio_space_alloc(s, &extra, 0,
						    MMIO_BASE - 1, SZ_4K, 0,
						    "kunit"), -ENOSPC);
	KUNIT_ASSERT_EQ(test, hvg2_mmio_space_alloc(s, &extra,
						    MMIO_BASE + MMIO_SZ, ~0ull,
						    SZ_4K, 0, "kunit"), 0);
	KUNIT_EXPECT_GE(test, extra->start, MMIO_BASE + MMIO_SZ);
	hvg2_mmio_space_destroy(s);
	/* nothing of ours is left in iomem */
	extra = __request_region(&iomem_resource, win.start, resource_size(&win),
				 "kunit", 0);
	KUNIT_EXPECT_NOT_NULL(test, extra);
	if (extra)
		__release_region(&iomem_resource, win.start, resource_size(&win));
}

static void mmio_skips_taken(struct kunit *test)
{
	struct resource win = DEFINE_RES_MEM(MMIO_BASE, 2 * MMIO_SZ);
	struct hvg2_mmio_space *s;
	struct resource *other, *r;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	hvg2_mmio_space_init(s);
	hvg2_mmio_space_set(s, &win, 1);
	/* firmware or another driver holds the first half */
	other = __request_region(&iomem_resource, MMIO_BASE, MMIO_SZ,
				 "kunit other", 0);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_EQ(test, hvg2_mmio_space_alloc(s, &r, 0, ~0ull, MMIO_SZ,
						    MMIO_SZ, "kunit"), 0);
	KUNIT_EXPECT_EQ(test, r->start, MMIO_BASE + MMIO_SZ);
	KUNIT_EXPECT_EQ(test, hvg2_mmio_space_alloc(s, &r, 0, ~0ull, MMIO_SZ,
						    MMIO_SZ, "kunit"), -ENOSPC);
	hvg2_mmio_space_destroy(s);
	__release_region(&iomem_resource, MMIO_BASE, MMIO_SZ);
}

/* ---- subchannels ---- */

static void subchannel_cpus_spread(struct kunit *test)
{
	unsigned int n = num_online_cpus(), primary, i, j;
	unsigned int *cpu;

	cpu = kunit_kcalloc(test, n, sizeof(*cpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	for_each_online_cpu(primary) {
		/* the primary and the next n - 1 subchannels: n distinct CPUs */
		cpu[0] = primary;
		for (i = 1; i < n; i++)
			cpu[i] = hvg2_subchannel_cpu(primary, i);
		for (i = 0; i < n; i++) {
			KUNIT_EXPECT_TRUE(test, cpu_online(cpu[i]));
			for (j = 0; j < i; j++)
				KUNIT_EXPECT_NE(test, cpu[i], cpu[j]);
		}
		/* past the CPUs there are, it wraps around: index n lands on the primary's */
		KUNIT_EXPECT_EQ(test, hvg2_subchannel_cpu(primary, n), primary);
	}
}

static void subchannel_cpu_wraps(struct kunit *test)
{
	unsigned int cpu;

	/* from the highest CPU number, the search wraps to an online CPU */
	cpu = hvg2_subchannel_cpu(nr_cpu_ids - 1, 1);
	KUNIT_EXPECT_LT(test, cpu, nr_cpu_ids);
	KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
}

static struct kunit_case hvg2_vmbus_cases[] = {
	KUNIT_CASE(wire_sizes),
	KUNIT_CASE(wire_min_sizes),
	KUNIT_CASE_PARAM(gpadl_split, gpadl_gen_params),
	KUNIT_CASE(gpadl_refuses),
	KUNIT_CASE(version_order),
	KUNIT_CASE(version_capped),
	KUNIT_CASE(reqid_once),
	KUNIT_CASE(reqid_forged),
	KUNIT_CASE(reqid_stale_after_reuse),
	KUNIT_CASE(hv_post_encoding),
	KUNIT_CASE(hv_status),
	KUNIT_CASE(hv_synic_order),
	KUNIT_CASE(hv_unload_polled),
	KUNIT_CASE(hv_unload_unanswered),
	KUNIT_CASE(mmio_alloc_free),
	KUNIT_CASE(mmio_skips_taken),
	KUNIT_CASE(subchannel_cpus_spread),
	KUNIT_CASE(subchannel_cpu_wraps),
	KUNIT_CASE(hvg2_vmbus_test_vis_order),
	KUNIT_CASE(hvg2_vmbus_test_vis_off),
	KUNIT_CASE(hvg2_vmbus_test_vis_decrypt_fails),
	KUNIT_CASE(hvg2_vmbus_test_vis_refused),
	KUNIT_CASE(hvg2_vmbus_test_vis_teardown_fails),
	KUNIT_CASE(hvg2_vmbus_test_vis_encrypt_fails),
	{}
};

static struct kunit_suite hvg2_vmbus_suite = {
	.name = "hvg2_vmbus",
	.test_cases = hvg2_vmbus_cases,
};

kunit_test_suite(hvg2_vmbus_suite);

MODULE_DESCRIPTION("KUnit tests for the hvgen2 VMBus transport");
MODULE_LICENSE("GPL");
HVG2_KUNIT_IMPORT_NS();
