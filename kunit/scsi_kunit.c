// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_scsi: the pure parts of the synthetic SCSI driver
 * (drivers/scsi/proto.c), without a channel or a SCSI host.
 *
 *   tid      transaction ids: I/O ids decode to their queue, tag and
 *            generation; 0 is unsolicited, bit 63 control; a queue, tag
 *            or generation that cannot exist is a forgery
 *   status   SRB status to SCSI result: host byte, residual, bounded
 *            sense, the follow-up a completion asks for (table)
 *   range    scatterlist to GPA range: page numbers in order, the first
 *            page's offset, gaps and bad lengths refused, room respected
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include "../drivers/scsi/hvg2_scsi.h"

/* ---- tid ---- */

static void tid_roundtrip(struct kunit *test)
{
	static const struct { u32 gen; u16 hwq, tag; } c[] = {
		{ 1, 0, 0 }, { 7, 3, 127 }, { HVG2_SCSI_GEN_MASK, 63, 4095 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		u32 utag = (u32)c[i].hwq << 16 | c[i].tag, got, gen;
		u64 tid = hvg2_scsi_tid(c[i].gen, utag);

		KUNIT_EXPECT_FALSE(test, tid & HVG2_SCSI_TID_CTRL);
		KUNIT_ASSERT_EQ(test, hvg2_scsi_tid_decode(tid, 64, 4096, &got, &gen),
				HVG2_SCSI_TID_IO);
		KUNIT_EXPECT_EQ(test, got, utag);
		KUNIT_EXPECT_EQ(test, gen, c[i].gen);
	}
}

static void tid_kinds(struct kunit *test)
{
	u32 utag, gen;

	KUNIT_EXPECT_EQ(test, hvg2_scsi_tid_decode(0, 4, 128, &utag, &gen),
			HVG2_SCSI_TID_UNSOLICITED);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_tid_decode(HVG2_SCSI_TID_CTRL | 5, 4, 128,
						   &utag, &gen),
			HVG2_SCSI_TID_CONTROL);
	/* generation 0 is never handed out */
	KUNIT_EXPECT_EQ(test, hvg2_scsi_tid_decode(hvg2_scsi_tid(0, 1), 4, 128,
						   &utag, &gen),
			HVG2_SCSI_TID_FORGED);
	/* queue 4 of 4, tag 128 of 128: one past the end */
	KUNIT_EXPECT_EQ(test, hvg2_scsi_tid_decode(hvg2_scsi_tid(1, 4 << 16), 4,
						   128, &utag, &gen),
			HVG2_SCSI_TID_FORGED);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_tid_decode(hvg2_scsi_tid(1, 128), 4, 128,
						   &utag, &gen),
			HVG2_SCSI_TID_FORGED);
	/* the last valid ones */
	KUNIT_EXPECT_EQ(test, hvg2_scsi_tid_decode(hvg2_scsi_tid(1, 3 << 16 | 127),
						   4, 128, &utag, &gen),
			HVG2_SCSI_TID_IO);
	/*
	 * The sim's forge fault flips high bits: the queue and tag survive,
	 * the generation does not, and that is what refuses it.
	 */
	KUNIT_ASSERT_EQ(test, hvg2_scsi_tid_decode(hvg2_scsi_tid(1, 5) ^
						   0x5a5a000000000000ull,
						   4, 128, &utag, &gen),
			HVG2_SCSI_TID_IO);
	KUNIT_EXPECT_EQ(test, utag, 5u);
	KUNIT_EXPECT_NE(test, gen, 1u);
}

static void tid_generations(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, hvg2_scsi_next_gen(0), 1u);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_next_gen(1), 2u);
	/* wraps past the mask to 1, never to 0 */
	KUNIT_EXPECT_EQ(test, hvg2_scsi_next_gen(HVG2_SCSI_GEN_MASK), 1u);
}

/* ---- status ---- */

#define AS	HVG2_SRB_STATUS_AUTOSENSE_VALID
#define CC	SAM_STAT_CHECK_CONDITION

struct status_case {
	const char *name;
	u8 srb, scsi;
	u32 xfer, len;
	const u8 *sense;
	u8 sense_len;
	unsigned int sense_max;
	int result;
	u32 resid;
	u8 copied, actions;
};

/* fixed-format sense: key, ASC, ASCQ */
static const u8 sense_ua_capacity[18] = {
	0x70, 0, UNIT_ATTENTION, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x2a, 0x09,
};

static const u8 sense_no_lun[18] = {
	0x70, 0, ILLEGAL_REQUEST, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x25, 0x00,
};

static const u8 sense_medium[18] = {
	0x70, 0, MEDIUM_ERROR, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x11, 0x00,
};

static const struct status_case status_cases[] = {
	{ "success", HVG2_SRB_STATUS_SUCCESS, 0, 4096, 4096, NULL, 0, 96,
	  0, 0, 0, 0 },
	{ "short read", HVG2_SRB_STATUS_SUCCESS, 0, 1024, 4096, NULL, 0, 96,
	  0, 3072, 0, 0 },
	{ "underrun", HVG2_SRB_STATUS_DATA_OVERRUN, 0, 36, 96, NULL, 0, 96,
	  0, 60, 0, 0 },
	{ "longer than asked", HVG2_SRB_STATUS_SUCCESS, 0, 8192, 4096, NULL, 0,
	  96, DID_ERROR << 16, 4096, 0, HVG2_SCSI_ACT_BAD_LENGTH },
	{ "queue frozen flag", HVG2_SRB_STATUS_SUCCESS |
	  HVG2_SRB_STATUS_QUEUE_FROZEN, 0, 512, 512, NULL, 0, 96, 0, 0, 0, 0 },
	{ "medium error", HVG2_SRB_STATUS_ERROR | AS, CC, 0, 4096,
	  sense_medium, 18, 96, CC, 4096, 18, 0 },
	{ "sense length bounded by protocol", HVG2_SRB_STATUS_ERROR | AS, CC, 0,
	  4096, sense_medium, 255, 96, CC, 4096, HVG2_VSTOR_SENSE_SIZE, 0 },
	{ "sense length bounded by buffer", HVG2_SRB_STATUS_ERROR | AS, CC, 0,
	  4096, sense_medium, 18, 8, CC, 4096, 8, 0 },
	{ "sense not valid", HVG2_SRB_STATUS_ERROR, CC, 0, 4096, sense_medium,
	  18, 96, DID_ERROR << 16 | CC, 4096, 0, 0 },
	{ "capacity changed", HVG2_SRB_STATUS_ERROR | AS, CC, 0, 4096,
	  sense_ua_capacity, 18, 96, CC, 4096, 18, HVG2_SCSI_ACT_RESCAN_DEV },
	{ "LUN not supported", HVG2_SRB_STATUS_ERROR | AS, CC, 0, 0,
	  sense_no_lun, 18, 96, CC, 0, 18, HVG2_SCSI_ACT_REMOVE_LUN },
	{ "invalid LUN", HVG2_SRB_STATUS_INVALID_LUN, 0, 0, 36, NULL, 0, 96,
	  DID_NO_CONNECT << 16, 36, 0, HVG2_SCSI_ACT_REMOVE_LUN },
	{ "bus reset", HVG2_SRB_STATUS_BUS_RESET, 0, 0, 4096, NULL, 0, 96,
	  DID_RESET << 16, 4096, 0, 0 },
	{ "aborted", HVG2_SRB_STATUS_ABORTED, 0, 0, 4096, NULL, 0, 96,
	  DID_RESET << 16, 4096, 0, 0 },
	{ "timeout", HVG2_SRB_STATUS_TIMEOUT, 0, 0, 4096, NULL, 0, 96,
	  DID_TIME_OUT << 16, 4096, 0, 0 },
	{ "internal error", HVG2_SRB_STATUS_INTERNAL_ERROR, 0, 4096, 4096, NULL,
	  0, 96, DID_ERROR << 16, 4096, 0, 0 },
	{ "unknown code", 0x3f, 0, 0, 4096, NULL, 0, 96, DID_ERROR << 16, 4096,
	  0, 0 },
};

static void status_desc(const struct status_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(status, status_cases, status_desc);

static void status_map(struct kunit *test)
{
	const struct status_case *c = test->param_value;
	struct hvg2_scsi_status st = {
		.srb_status = c->srb, .scsi_status = c->scsi, .cdb0 = READ_10,
		.xfer = c->xfer, .len = c->len, .sense = c->sense,
		.sense_len = c->sense_len,
	};
	struct hvg2_scsi_result res;

	memset(&res, 0xa5, sizeof(res));
	hvg2_scsi_map_status(&st, c->sense_max, &res);
	KUNIT_EXPECT_EQ(test, res.result, c->result);
	KUNIT_EXPECT_EQ(test, res.resid, c->resid);
	KUNIT_EXPECT_EQ(test, res.sense_len, c->copied);
	KUNIT_EXPECT_EQ(test, res.actions, c->actions);
}

/* ---- range ---- */

struct range_fixture {
	struct page *pages[4];
	struct scatterlist sg[4];
};

static int range_init(struct kunit *test)
{
	struct range_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned int i;

	if (!f)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(f->pages); i++) {
		f->pages[i] = alloc_page(GFP_KERNEL);
		if (!f->pages[i])
			return -ENOMEM;
	}
	sg_init_table(f->sg, ARRAY_SIZE(f->sg));
	test->priv = f;
	return 0;
}

static void range_exit(struct kunit *test)
{
	struct range_fixture *f = test->priv;
	unsigned int i;

	for (i = 0; f && i < ARRAY_SIZE(f->pages); i++)
		if (f->pages[i])
			__free_page(f->pages[i]);
}

static u64 hvpfn(struct page *p)
{
	return page_to_phys(p) >> HVG2_HV_PAGE_SHIFT;
}

/* One page-aligned entry per page, the first starting at @off. */
static void range_set(struct range_fixture *f, unsigned int n, u32 off,
		      u32 last_len)
{
	unsigned int i;

	sg_init_table(f->sg, n);
	for (i = 0; i < n; i++) {
		u32 o = i ? 0 : off;
		u32 l = i == n - 1 ? last_len - o : PAGE_SIZE - o;

		sg_set_page(&f->sg[i], f->pages[i], l, o);
	}
}

static void range_pages(struct kunit *test)
{
	struct range_fixture *f = test->priv;
	u64 pfns[8];
	u32 off;
	int n;

	/* 3 pages, data from 512 into the first to 100 into the third */
	range_set(f, 3, 512, 100);
	n = hvg2_scsi_sg_to_range(f->sg, 3, PAGE_SIZE - 512 + PAGE_SIZE + 100,
				  &off, pfns, ARRAY_SIZE(pfns));
	KUNIT_ASSERT_EQ(test, n, (int)(3 * (PAGE_SIZE / HVG2_HV_PAGE_SIZE)));
	KUNIT_EXPECT_EQ(test, off, 512u);
	KUNIT_EXPECT_EQ(test, pfns[0], hvpfn(f->pages[0]));
	KUNIT_EXPECT_EQ(test, pfns[n - 1], hvpfn(f->pages[2]));
	/* counting gives the same number without writing */
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 3,
						    PAGE_SIZE - 512 + PAGE_SIZE + 100,
						    &off, NULL, ARRAY_SIZE(pfns)),
			n);
}

static void range_one_sector(struct kunit *test)
{
	struct range_fixture *f = test->priv;
	u64 pfns[2] = { 0, 0 };
	u32 off;

	sg_init_table(f->sg, 1);
	sg_set_page(&f->sg[0], f->pages[1], 512, 1024);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 1, 512, &off, pfns, 2),
			1);
	KUNIT_EXPECT_EQ(test, off, 1024u);
	KUNIT_EXPECT_EQ(test, pfns[0], hvpfn(f->pages[1]));
	KUNIT_EXPECT_EQ(test, pfns[1], 0ull);	/* nothing past the count */
}

static void range_refused(struct kunit *test)
{
	struct range_fixture *f = test->priv;
	u64 pfns[8];
	u32 off;

	/* the second entry starts inside its page: a gap */
	sg_init_table(f->sg, 2);
	sg_set_page(&f->sg[0], f->pages[0], PAGE_SIZE, 0);
	sg_set_page(&f->sg[1], f->pages[1], 512, 512);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 2, PAGE_SIZE + 512,
						    &off, pfns, 8), -EINVAL);
	/* the first entry ends inside its page, another follows: a gap */
	sg_set_page(&f->sg[0], f->pages[0], 512, 0);
	sg_set_page(&f->sg[1], f->pages[1], 512, 0);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 2, 1024, &off, pfns, 8),
			-EINVAL);
	/* lengths that do not add up, either way */
	range_set(f, 2, 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 2, PAGE_SIZE, &off,
						    pfns, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 2, 3 * PAGE_SIZE, &off,
						    pfns, 8), -EINVAL);
	/* not enough room for the page list */
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 2, 2 * PAGE_SIZE, &off,
						    pfns, 1), -E2BIG);
	/* no data, no pages */
	KUNIT_EXPECT_EQ(test, hvg2_scsi_sg_to_range(f->sg, 0, 0, &off, pfns, 8), 0);
}

static struct kunit_case hvg2_scsi_cases[] = {
	KUNIT_CASE(tid_roundtrip),
	KUNIT_CASE(tid_kinds),
	KUNIT_CASE(tid_generations),
	KUNIT_CASE_PARAM(status_map, status_gen_params),
	{}
};

static struct kunit_suite hvg2_scsi_suite = {
	.name = "hvg2_scsi",
	.test_cases = hvg2_scsi_cases,
};

static struct kunit_case hvg2_scsi_range_cases[] = {
	KUNIT_CASE(range_pages),
	KUNIT_CASE(range_one_sector),
	KUNIT_CASE(range_refused),
	{}
};

static struct kunit_suite hvg2_scsi_range_suite = {
	.name = "hvg2_scsi_range",
	.init = range_init,
	.exit = range_exit,
	.test_cases = hvg2_scsi_range_cases,
};

kunit_test_suites(&hvg2_scsi_suite, &hvg2_scsi_range_suite);

MODULE_DESCRIPTION("KUnit tests for hvg2_scsi's pure parts");
MODULE_LICENSE("GPL");
HVG2_KUNIT_IMPORT_NS();
