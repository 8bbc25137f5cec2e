// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_pmem: the NFIT parser against good and hostile tables,
 * and Hyper-V _DSM decoding against responses laid out as the "_DSM for
 * Virtual NVDIMMs" specification (format interface code 0x1901) defines.
 *
 * Tables are built here, structure by structure, into an exactly sized
 * allocation so that KASAN reports any read past the end.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "../drivers/nvdimm/parse.h"
#include "../drivers/nvdimm/dsm.h"

HVG2_KUNIT_IMPORT_NS();

/* ------------------------------------------------------------------ */
/* table builder                                                        */

#define TB_MAX 2048

struct tb {
	u8 b[TB_MAX];
	u32 len;
	u32 struct_end[64];	/* offsets where structures end */
	unsigned int nr;
};

static void put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(u8 *p, u64 v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

static void tb_init(struct tb *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, "NFIT", 4);
	t->b[8] = 1;		/* revision */
	memcpy(t->b + 10, "HVG2  ", 6);
	t->len = HVG2_NFIT_HDR_LEN;
}

static u8 *tb_add(struct tb *t, u16 type, u16 len)
{
	u8 *p = t->b + t->len;

	put16(p, type);
	put16(p + 2, len);
	t->len += len;
	t->struct_end[t->nr++] = t->len;
	return p;
}

static const u8 pmem_guid[16] = {
	0x79, 0xd3, 0xf0, 0x66, 0xf3, 0xb4, 0x74, 0x40,
	0xac, 0x43, 0x0d, 0x33, 0x18, 0xb7, 0x8c, 0xdb,
};

static u8 *tb_spa(struct tb *t, u16 index, u64 base, u64 len)
{
	u8 *p = tb_add(t, HVG2_NFIT_TYPE_SPA, HVG2_NFIT_SPA_LEN);

	put16(p + 4, index);
	put16(p + 6, HVG2_NFIT_SPA_PXM_VALID);
	put32(p + 12, 0);
	memcpy(p + 16, pmem_guid, 16);
	put64(p + 32, base);
	put64(p + 40, len);
	put64(p + 48, 0x8008);	/* WB | NV */
	return p;
}

static u8 *tb_memdev(struct tb *t, u32 handle, u16 spa, u16 dcr, u64 size)
{
	u8 *p = tb_add(t, HVG2_NFIT_TYPE_MEMDEV, HVG2_NFIT_MEMDEV_LEN);

	put32(p + 4, handle);
	put16(p + 8, handle & 0xffff);	/* physical id */
	put16(p + 12, spa);
	put16(p + 14, dcr);
	put64(p + 16, size);
	put16(p + 42, 1);		/* interleave ways */
	return p;
}

static u8 *tb_dcr(struct tb *t, u16 index, u32 serial)
{
	u8 *p = tb_add(t, HVG2_NFIT_TYPE_DCR, HVG2_NFIT_DCR_LEN);

	put16(p + 4, index);
	put16(p + 6, 0x1414);		/* vendor */
	put16(p + 8, 0x0e5d);		/* device */
	p[18] = HVG2_NFIT_DCR_MFG_VALID;
	put32(p + 24, serial);
	put16(p + 28, 0x1901);		/* Hyper-V virtual NVDIMM */
	return p;
}

static void tb_caps(struct tb *t, u8 highest, u32 caps)
{
	u8 *p = tb_add(t, HVG2_NFIT_TYPE_CAP, HVG2_NFIT_CAP_LEN);

	p[4] = highest;
	put32(p + 8, caps);
}

/* Fix length and checksum over the first @len bytes. */
static void tb_seal_len(struct tb *t, u32 len)
{
	u8 sum = 0;
	u32 i;

	put32(t->b + 4, len);
	t->b[9] = 0;
	for (i = 0; i < len; i++)
		sum += t->b[i];
	t->b[9] = -sum;
}

static void tb_seal(struct tb *t)
{
	tb_seal_len(t, t->len);
}

/* One Hyper-V-like DIMM: 256 MiB at 4 GiB, one control region. */
static void tb_one_dimm(struct tb *t)
{
	tb_init(t);
	tb_spa(t, 1, SZ_4G, SZ_256M);
	tb_dcr(t, 1, 0xcafe0001);
	tb_memdev(t, 0x1, 1, 1, SZ_256M);
	tb_seal(t);
}

/* Parse @len bytes of @t from an exact-size copy (KASAN sees overruns). */
static int tb_parse_len(struct kunit *test, const struct tb *t, u32 len,
			struct hvg2_nfit *n, struct hvg2_nfit_err *err)
{
	void *copy = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, t->b, len);
	err->why = NULL;
	return hvg2_nfit_parse(copy, len, n, err);
}

static int tb_parse(struct kunit *test, const struct tb *t,
		    struct hvg2_nfit *n, struct hvg2_nfit_err *err)
{
	return tb_parse_len(test, t, t->len, n, err);
}

struct fixture {
	struct tb t;
	struct hvg2_nfit n;
	struct hvg2_nfit_err err;
};

static int pmem_test_init(struct kunit *test)
{
	struct fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	test->priv = f;
	return 0;
}

/* ------------------------------------------------------------------ */
/* good tables                                                          */

static void nfit_good_one_dimm(struct kunit *test)
{
	struct fixture *f = test->priv;
	const struct hvg2_nfit_spa *spa;
	const struct hvg2_nfit_dcr *dcr;

	tb_one_dimm(&f->t);
	KUNIT_ASSERT_EQ(test, tb_parse(test, &f->t, &f->n, &f->err), 0);
	KUNIT_EXPECT_EQ(test, f->n.revision, 1);
	KUNIT_ASSERT_EQ(test, f->n.nr_spa, 1U);
	KUNIT_ASSERT_EQ(test, f->n.nr_memdev, 1U);
	KUNIT_ASSERT_EQ(test, f->n.nr_dcr, 1U);
	KUNIT_EXPECT_FALSE(test, f->n.has_caps);

	spa = hvg2_nfit_spa_by_index(&f->n, 1);
	KUNIT_ASSERT_NOT_NULL(test, spa);
	KUNIT_EXPECT_EQ(test, spa->kind, HVG2_SPA_PMEM);
	KUNIT_EXPECT_EQ(test, spa->base, (u64)SZ_4G);
	KUNIT_EXPECT_EQ(test, spa->len, (u64)SZ_256M);
	KUNIT_EXPECT_TRUE(test, spa->flags & HVG2_NFIT_SPA_PXM_VALID);

	dcr = hvg2_nfit_dcr_by_index(&f->n, 1);
	KUNIT_ASSERT_NOT_NULL(test, dcr);
	KUNIT_EXPECT_EQ(test, dcr->serial, 0xcafe0001U);
	KUNIT_EXPECT_EQ(test, dcr->code, 0x1901);
	KUNIT_EXPECT_EQ(test, dcr->vendor, 0x1414);

	KUNIT_EXPECT_EQ(test, f->n.memdev[0].handle, 1U);
	KUNIT_EXPECT_EQ(test, f->n.memdev[0].size, (u64)SZ_256M);
	KUNIT_EXPECT_NULL(test, hvg2_nfit_spa_by_index(&f->n, 2));
}

static void nfit_good_two_dimms_caps(struct kunit *test)
{
	struct fixture *f = test->priv;
	u8 *p;

	tb_init(&f->t);
	tb_caps(&f->t, 1, HVG2_NFIT_CAP_MEM_FLUSH | BIT(7));
	tb_spa(&f->t, 2, SZ_4G + SZ_256M, SZ_128M);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_memdev(&f->t, 0x2, 2, 2, SZ_128M);	/* before its DCR: legal */
	tb_dcr(&f->t, 1, 1);
	tb_dcr(&f->t, 2, 2);
	tb_memdev(&f->t, 0x1, 1, 1, SZ_256M);
	/* an unknown structure type is skipped, not refused */
	p = tb_add(&f->t, 0x55, 12);
	put32(p + 4, 0xdeadbeef);
	tb_seal(&f->t);

	KUNIT_ASSERT_EQ(test, tb_parse(test, &f->t, &f->n, &f->err), 0);
	KUNIT_EXPECT_EQ(test, f->n.nr_spa, 2U);
	KUNIT_EXPECT_EQ(test, f->n.nr_memdev, 2U);
	KUNIT_EXPECT_TRUE(test, f->n.has_caps);
	/* bit 7 lies above "highest valid capability" 1 */
	KUNIT_EXPECT_EQ(test, f->n.caps, (u32)HVG2_NFIT_CAP_MEM_FLUSH);
}

/* A non-persistent SPA (here: a control-region range) is kept but typed. */
static void nfit_good_other_spa_kind(struct kunit *test)
{
	struct fixture *f = test->priv;
	u8 *p;

	tb_one_dimm(&f->t);
	p = tb_spa(&f->t, 3, SZ_8G, SZ_4K);
	p[16] ^= 0xff;		/* some other range GUID */
	tb_seal(&f->t);
	KUNIT_ASSERT_EQ(test, tb_parse(test, &f->t, &f->n, &f->err), 0);
	KUNIT_EXPECT_EQ(test, hvg2_nfit_spa_by_index(&f->n, 3)->kind,
			HVG2_SPA_OTHER);
}

/* ------------------------------------------------------------------ */
/* malformed tables                                                     */

static void expect_refused(struct kunit *test, struct fixture *f, int code)
{
	int rc = tb_parse(test, &f->t, &f->n, &f->err);

	KUNIT_EXPECT_EQ_MSG(test, rc, code, "refusal: %s",
			    f->err.why ?: "(none)");
	KUNIT_EXPECT_NOT_NULL(test, f->err.why);
}

static void nfit_bad_header(struct kunit *test)
{
	struct fixture *f = test->priv;

	tb_one_dimm(&f->t);
	f->t.b[0] = 'X';
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	/* header says more than we hold */
	tb_one_dimm(&f->t);
	tb_seal_len(&f->t, f->t.len + 8);
	expect_refused(test, f, -EINVAL);
	KUNIT_EXPECT_EQ(test, f->err.offset, 4U);

	/* header length below the header */
	tb_one_dimm(&f->t);
	tb_seal_len(&f->t, 12);
	expect_refused(test, f, -EINVAL);

	/* checksum */
	tb_one_dimm(&f->t);
	f->t.b[f->t.len - 1] ^= 1;
	expect_refused(test, f, -EINVAL);

	KUNIT_EXPECT_EQ(test, hvg2_nfit_parse(NULL, 0, &f->n, &f->err), -EINVAL);
}

/*
 * Every prefix of a good table, presented as a complete table: a cut on a
 * structure boundary may parse (or fail a cross reference), a cut inside a
 * structure must be refused, and no cut may read past the buffer.
 */
static void nfit_truncated_everywhere(struct kunit *test)
{
	struct fixture *f = test->priv;
	struct tb *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	u32 cut, full;

	KUNIT_ASSERT_NOT_NULL(test, t);
	tb_init(t);
	tb_spa(t, 1, SZ_4G, SZ_256M);
	tb_dcr(t, 1, 1);
	tb_memdev(t, 1, 1, 1, SZ_256M);
	full = t->len;

	for (cut = 0; cut < full; cut++) {
		bool boundary = cut == HVG2_NFIT_HDR_LEN;
		unsigned int i;
		int rc;

		for (i = 0; i < t->nr; i++)
			boundary |= cut == t->struct_end[i];
		memcpy(&f->t, t, sizeof(*t));
		if (cut >= HVG2_NFIT_HDR_LEN)
			tb_seal_len(&f->t, cut);
		rc = tb_parse_len(test, &f->t, cut, &f->n, &f->err);
		if (!boundary) {
			KUNIT_EXPECT_EQ_MSG(test, rc, -EINVAL, "cut at %u", cut);
			KUNIT_EXPECT_NOT_NULL_MSG(test, f->err.why, "cut %u", cut);
		} else if (rc) {
			KUNIT_EXPECT_NOT_NULL_MSG(test, f->err.why, "cut %u", cut);
		}
	}

	/* the same table, buffer shorter than its header claims */
	memcpy(&f->t, t, sizeof(*t));
	tb_seal(&f->t);
	KUNIT_EXPECT_EQ(test, tb_parse_len(test, &f->t, full - 1, &f->n,
					   &f->err), -EINVAL);
}

static void nfit_bad_struct_lengths(struct kunit *test)
{
	struct fixture *f = test->priv;
	u8 *p;

	/* zero length would loop forever */
	tb_one_dimm(&f->t);
	p = tb_add(&f->t, 0x55, 4);
	put16(p + 2, 0);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	/* a structure claiming more than the table holds */
	tb_one_dimm(&f->t);
	p = tb_add(&f->t, 0x55, 8);
	put16(p + 2, 200);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	/* SPA, memdev, DCR and caps each shorter than their type needs */
	tb_init(&f->t);
	tb_add(&f->t, HVG2_NFIT_TYPE_SPA, HVG2_NFIT_SPA_LEN - 8);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_add(&f->t, HVG2_NFIT_TYPE_MEMDEV, HVG2_NFIT_MEMDEV_LEN - 2);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_add(&f->t, HVG2_NFIT_TYPE_DCR, HVG2_NFIT_DCR_MIN_LEN - 2);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	/* short-form DCR that nonetheless claims block windows */
	tb_init(&f->t);
	p = tb_add(&f->t, HVG2_NFIT_TYPE_DCR, HVG2_NFIT_DCR_MIN_LEN);
	put16(p + 30, 1);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_add(&f->t, HVG2_NFIT_TYPE_CAP, 8);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);
}

static void nfit_bad_spa_values(struct kunit *test)
{
	struct fixture *f = test->priv;

	tb_init(&f->t);
	tb_spa(&f->t, 0, SZ_4G, SZ_256M);		/* reserved index */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, 0);			/* empty */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_spa(&f->t, 1, U64_MAX - SZ_1M + 1, SZ_2M);	/* wraps */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G + 512, SZ_256M);	/* not page aligned */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);
}

static void nfit_overlapping_ranges(struct kunit *test)
{
	struct fixture *f = test->priv;

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_spa(&f->t, 2, SZ_4G + SZ_256M - SZ_4K, SZ_4K * 2);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	/* one range inside another */
	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_spa(&f->t, 2, SZ_4G + SZ_1M, SZ_1M);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	/* adjacent is fine */
	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_spa(&f->t, 2, SZ_4G + SZ_256M, SZ_256M);
	tb_seal(&f->t);
	KUNIT_EXPECT_EQ(test, tb_parse(test, &f->t, &f->n, &f->err), 0);
}

static void nfit_duplicates(struct kunit *test)
{
	struct fixture *f = test->priv;

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_spa(&f->t, 1, SZ_8G, SZ_256M);
	tb_seal(&f->t);
	expect_refused(test, f, -EEXIST);

	tb_init(&f->t);
	tb_dcr(&f->t, 1, 1);
	tb_dcr(&f->t, 1, 2);
	tb_seal(&f->t);
	expect_refused(test, f, -EEXIST);

	/* the same handle mapping the same range twice */
	tb_one_dimm(&f->t);
	tb_memdev(&f->t, 0x1, 1, 1, SZ_256M);
	tb_seal(&f->t);
	expect_refused(test, f, -EEXIST);

	/* two handles claiming one non-interleaved range */
	tb_one_dimm(&f->t);
	tb_dcr(&f->t, 2, 2);
	tb_memdev(&f->t, 0x2, 1, 2, SZ_256M);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	/* one handle, two identities */
	tb_one_dimm(&f->t);
	tb_spa(&f->t, 2, SZ_8G, SZ_256M);
	put16(tb_memdev(&f->t, 0x1, 2, 1, SZ_256M) + 8, 0x77);
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_caps(&f->t, 1, 0);
	tb_caps(&f->t, 1, 0);
	tb_seal(&f->t);
	expect_refused(test, f, -EEXIST);
}

static void nfit_bad_references(struct kunit *test)
{
	struct fixture *f = test->priv;
	u8 *p;

	tb_init(&f->t);
	tb_dcr(&f->t, 1, 1);
	tb_memdev(&f->t, 1, 9, 1, SZ_256M);		/* no SPA 9 */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_memdev(&f->t, 1, 1, 9, SZ_256M);		/* no DCR 9 */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_dcr(&f->t, 1, 1);
	p = tb_memdev(&f->t, 1, 1, 1, SZ_256M);
	put64(p + 24, SZ_4K);				/* offset + size > len */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_dcr(&f->t, 1, 1);
	p = tb_memdev(&f->t, 1, 1, 1, 2);
	put64(p + 24, U64_MAX);				/* offset + size wraps */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_init(&f->t);
	tb_spa(&f->t, 1, SZ_4G, SZ_256M);
	tb_dcr(&f->t, 1, 1);
	tb_memdev(&f->t, 1, 1, 1, 0);			/* maps nothing */
	tb_seal(&f->t);
	expect_refused(test, f, -EINVAL);

	tb_one_dimm(&f->t);
	put16(f->t.b + f->t.struct_end[2] - HVG2_NFIT_MEMDEV_LEN + 42, 2);
	tb_seal(&f->t);
	expect_refused(test, f, -EOPNOTSUPP);		/* interleaved */
}

static void nfit_too_many(struct kunit *test)
{
	struct fixture *f = test->priv;
	unsigned int i;

	tb_init(&f->t);
	for (i = 0; i <= HVG2_NFIT_MAX_SPA; i++)
		tb_spa(&f->t, i + 1, SZ_4G + (u64)i * SZ_1M, SZ_1M);
	tb_seal(&f->t);
	expect_refused(test, f, -E2BIG);
	KUNIT_EXPECT_EQ(test, f->err.offset,
			f->t.struct_end[HVG2_NFIT_MAX_SPA - 1]);
}

/* ------------------------------------------------------------------ */
/* Hyper-V _DSM responses                                               */

static void dsm_health(struct kunit *test)
{
	static const u8 healthy[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 fatal[8] = { 0, 0, 0, 0, 0x04, 0, 0, 0 };
	static const u8 crit[8] = { 0, 0, 0, 0, 0x02, 0, 0, 0 };
	static const u8 warn[8] = { 0, 0, 0, 0, 0x20, 0, 0, 0 };
	static const u8 newbit[8] = { 0, 0, 0, 0, 0x00, 0x01, 0, 0 };
	/* success with extended status set: still success */
	static const u8 ext[8] = { 0, 0, 0x12, 0x00, 0x08, 0, 0, 0 };
	u32 h = 0xffffffff;

	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(healthy, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h, 0U);
	KUNIT_EXPECT_STREQ(test, hvg2_hv_health_state(h), "ok");

	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(fatal, 8, &h), 0);
	KUNIT_EXPECT_STREQ(test, hvg2_hv_health_state(h), "fatal");
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(crit, 8, &h), 0);
	KUNIT_EXPECT_STREQ(test, hvg2_hv_health_state(h), "critical");
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(warn, 8, &h), 0);
	KUNIT_EXPECT_STREQ(test, hvg2_hv_health_state(h), "non-critical");
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(newbit, 8, &h), 0);
	KUNIT_EXPECT_EQ(test, h, 0x100U);
	KUNIT_EXPECT_STREQ(test, hvg2_hv_health_state(h), "unknown");
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(ext, 8, &h), 0);
	KUNIT_EXPECT_STREQ(test, hvg2_hv_health_state(h), "non-critical");
}

static void dsm_unsafe_shutdowns(struct kunit *test)
{
	static const u8 seven[8] = { 0, 0, 0, 0, 7, 0, 0, 0 };
	static const u8 big[8] = { 0, 0, 0, 0, 0x78, 0x56, 0x34, 0x12 };
	static const u8 longer[12] = { 0, 0, 0, 0, 3, 0, 0, 0, 9, 9, 9, 9 };
	u32 c = 0;

	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(seven, 8, &c), 0);
	KUNIT_EXPECT_EQ(test, c, 7U);
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(big, 8, &c), 0);
	KUNIT_EXPECT_EQ(test, c, 0x12345678U);
	/* trailing bytes from a newer host are ignored */
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(longer, 12, &c), 0);
	KUNIT_EXPECT_EQ(test, c, 3U);
}

static void dsm_errors(struct kunit *test)
{
	static const u8 unsupported[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 nodev[4] = { 2, 0, 0, 0 };
	static const u8 inval[4] = { 3, 0, 0, 0 };
	static const u8 hw[8] = { 4, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 retry[4] = { 5, 0, 0, 0 };
	static const u8 ok_short[6] = { 0, 0, 0, 0, 1, 0 };
	u32 v = 0xabcd;

	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(unsupported, 8, &v),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_status(nodev, 4), -ENXIO);
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_status(inval, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(hw, 8, &v), -EIO);
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_status(retry, 4), -EAGAIN);
	/* success, but too short to hold the value */
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_decode_u32(ok_short, 6, &v), -EIO);
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_status(ok_short, 3), -EIO);
	KUNIT_EXPECT_EQ(test, hvg2_hv_dsm_status(NULL, 8), -EIO);
	/* failures leave the output alone */
	KUNIT_EXPECT_EQ(test, v, 0xabcdU);
}

static struct kunit_case hvg2_pmem_cases[] = {
	KUNIT_CASE(nfit_good_one_dimm),
	KUNIT_CASE(nfit_good_two_dimms_caps),
	KUNIT_CASE(nfit_good_other_spa_kind),
	KUNIT_CASE(nfit_bad_header),
	KUNIT_CASE(nfit_truncated_everywhere),
	KUNIT_CASE(nfit_bad_struct_lengths),
	KUNIT_CASE(nfit_bad_spa_values),
	KUNIT_CASE(nfit_overlapping_ranges),
	KUNIT_CASE(nfit_duplicates),
	KUNIT_CASE(nfit_bad_references),
	KUNIT_CASE(nfit_too_many),
	KUNIT_CASE(dsm_health),
	KUNIT_CASE(dsm_unsafe_shutdowns),
	KUNIT_CASE(dsm_errors),
	{}
};

static struct kunit_suite hvg2_pmem_suite = {
	.name = "hvg2_pmem",
	.init = pmem_test_init,
	.test_cases = hvg2_pmem_cases,
};

kunit_test_suite(hvg2_pmem_suite);

MODULE_DESCRIPTION("KUnit tests for hvg2_pmem");
MODULE_LICENSE("GPL");
