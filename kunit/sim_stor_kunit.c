// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_sim_stor: how the simulated host's storage service
 * reads what the guest sent, before it acts on it.
 *
 *   wire     the vstor layouts and their per-version sizes
 *   copy     the private copy of a vstor packet: short packets refused,
 *            bytes the guest did not send read as zero
 *   range    the GPA range of a data request: one range, a byte stream
 *            whose PFN list fits before the payload
 *   srb      CDB length against the opcode, buffer against the SRB's
 *            length and direction, the announced maximum, other targets
 *   sense    LIO's "no such LUN" told from its other CHECK CONDITIONs
 */
#include <kunit/test.h>
#include <linux/dma-direction.h>
#include <linux/module.h>
#include <linux/string.h>
#include <scsi/scsi_proto.h>

#include "../drivers/sim/stor.h"

/* ---- wire ---- */

static void wire_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vstor_packet), 64);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vstor_srb), 0x34);
	KUNIT_EXPECT_EQ(test, HVG2_VSTOR_SRB_SIZE_PRE_WIN8, 0x24);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vstor_properties), 24);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvg2_vstor_gpa_hdr), 32);
	KUNIT_EXPECT_EQ(test, hvg2_vstor_packet_size(HVG2_VSTOR_VERSION_WIN7), 48);
	KUNIT_EXPECT_EQ(test, hvg2_vstor_packet_size(HVG2_VSTOR_VERSION_WIN8), 64);
	KUNIT_EXPECT_EQ(test, hvg2_vstor_packet_size(HVG2_VSTOR_VERSION_WIN10), 64);
	KUNIT_EXPECT_EQ(test, hvg2_vstor_sense_size(HVG2_VSTOR_VERSION_WIN7), 0x12);
	KUNIT_EXPECT_EQ(test, hvg2_vstor_sense_size(HVG2_VSTOR_VERSION_WIN8_1), 0x14);
	KUNIT_EXPECT_EQ(test, HVG2_VSTOR_VERSION_WIN10, 0x0602);
	KUNIT_EXPECT_EQ(test, HVG2_VSTOR_VERSION_WIN8, 0x0501);
}

/* ---- a fake packet, laid out as in the ring ---- */

struct fake_pkt {
	struct hvg2_ring_pkt pkt;
	u64 buf[64];		/* descriptor, range, PFNs, vstor packet */
};

/* A GPA-direct packet: @npfn PFNs in the header, then a vstor packet. */
static struct hvg2_vstor_gpa_hdr *fake_gpa(struct fake_pkt *f, u32 npfn,
					   u32 off, u32 len)
{
	struct hvg2_vstor_gpa_hdr *h = (void *)f->buf;
	u32 span = sizeof(*h) + npfn * 8, i;

	memset(f, 0, sizeof(*f));
	h->desc.type = HVG2_PKT_DATA_USING_GPA_DIRECT;
	h->desc.offset8 = span / 8;
	h->desc.len8 = (span + sizeof(struct hvg2_vstor_packet)) / 8;
	h->range_count = 1;
	h->byte_offset = off;
	h->byte_count = len;
	for (i = 0; i < npfn; i++)
		((u64 *)((u8 *)h + sizeof(*h)))[i] = 0x1000 + i;
	f->pkt.desc = &h->desc;
	f->pkt.payload = (u8 *)h + span;
	f->pkt.len = h->desc.len8 * 8;
	f->pkt.payload_len = sizeof(struct hvg2_vstor_packet);
	f->pkt.type = h->desc.type;
	return h;
}

/* ---- copy ---- */

static void copy_sizes(struct kunit *test)
{
	struct hvg2_vstor_packet p;
	struct fake_pkt f;

	fake_gpa(&f, 1, 0, 512);
	memset((void *)f.pkt.payload, 0xab, sizeof(p));

	f.pkt.payload_len = HVG2_VSTOR_PACKET_SIZE_PRE_WIN8 - 1;
	KUNIT_EXPECT_EQ(test, stor_copy_packet(&f.pkt, &p), 0);

	f.pkt.payload_len = HVG2_VSTOR_PACKET_SIZE_PRE_WIN8;
	KUNIT_EXPECT_EQ(test, stor_copy_packet(&f.pkt, &p),
			HVG2_VSTOR_PACKET_SIZE_PRE_WIN8);
	/* the Windows 8 extension was not sent: it reads as zero */
	KUNIT_EXPECT_EQ(test, p.srb.srb_flags, 0);
	KUNIT_EXPECT_EQ(test, p.srb.queue_tag, 0);
	KUNIT_EXPECT_EQ(test, p.operation, 0xababababu);

	f.pkt.payload_len = 200;	/* longer than any version's: capped */
	KUNIT_EXPECT_EQ(test, stor_copy_packet(&f.pkt, &p), 64);
	KUNIT_EXPECT_EQ(test, p.srb.queue_sort_key, 0xababababu);
}

/* ---- range ---- */

static void range_ok(struct kunit *test)
{
	struct stor_range r;
	struct fake_pkt f;

	/* 8 KiB from offset 100: three pages */
	fake_gpa(&f, 3, 100, 8192);
	KUNIT_ASSERT_EQ(test, stor_parse_range(&f.pkt, &r), 0);
	KUNIT_EXPECT_EQ(test, r.len, 8192);
	KUNIT_EXPECT_EQ(test, r.offset, 100);
	KUNIT_EXPECT_EQ(test, r.npfn, 3);
	KUNIT_EXPECT_EQ(test, r.pfn[0], 0x1000);
	KUNIT_EXPECT_EQ(test, r.pfn[2], 0x1002);

	/* exactly one page, page aligned */
	fake_gpa(&f, 1, 0, 4096);
	KUNIT_ASSERT_EQ(test, stor_parse_range(&f.pkt, &r), 0);
	KUNIT_EXPECT_EQ(test, r.npfn, 1);

	/* more PFNs than needed is the guest's business: use what we need */
	fake_gpa(&f, 4, 0, 4096);
	KUNIT_ASSERT_EQ(test, stor_parse_range(&f.pkt, &r), 0);
	KUNIT_EXPECT_EQ(test, r.npfn, 1);
}

static void range_refused(struct kunit *test)
{
	struct hvg2_vstor_gpa_hdr *h;
	struct stor_range r;
	struct fake_pkt f;

	/* the PFN list would run into the payload */
	fake_gpa(&f, 2, 100, 8192);
	KUNIT_EXPECT_EQ(test, stor_parse_range(&f.pkt, &r), -EINVAL);

	h = fake_gpa(&f, 1, 0, 512);
	h->range_count = 2;
	KUNIT_EXPECT_EQ(test, stor_parse_range(&f.pkt, &r), -EINVAL);
	h->range_count = 0;
	KUNIT_EXPECT_EQ(test, stor_parse_range(&f.pkt, &r), -EINVAL);

	h = fake_gpa(&f, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, stor_parse_range(&f.pkt, &r), -EINVAL);

	h = fake_gpa(&f, 2, 4096, 512);
	KUNIT_EXPECT_EQ(test, stor_parse_range(&f.pkt, &r), -EINVAL);

	/* a length whose page count overflows 32 bits in careless code */
	h = fake_gpa(&f, 2, 4095, 0xffffffff);
	KUNIT_EXPECT_EQ(test, stor_parse_range(&f.pkt, &r), -EINVAL);

	/* no room for the range header before the payload */
	fake_gpa(&f, 0, 0, 512);
	f.pkt.payload = (u8 *)f.pkt.desc + 16;
	KUNIT_EXPECT_EQ(test, stor_parse_range(&f.pkt, &r), -EINVAL);
}

/* ---- srb ---- */

static void srb_read10(struct hvg2_vstor_srb *srb, u32 len)
{
	memset(srb, 0, sizeof(*srb));
	srb->length = sizeof(*srb);
	srb->cdb_length = 10;
	srb->cdb[0] = READ_10;
	srb->data_in = HVG2_VSTOR_READ;
	srb->data_transfer_length = len;
	srb->lun = 3;
}

static void srb_ok(struct kunit *test)
{
	struct stor_range r = { .len = 4096, .npfn = 1 };
	struct hvg2_vstor_srb srb;
	struct stor_srb_info info;

	srb_read10(&srb, 4096);
	KUNIT_ASSERT_EQ(test, stor_check_srb(&srb, &r, 65536, &info),
			HVG2_SRB_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.dir, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, info.lun, 3);
	KUNIT_EXPECT_FALSE(test, info.other_target);

	srb.data_in = HVG2_VSTOR_WRITE;
	srb.cdb[0] = WRITE_10;
	KUNIT_ASSERT_EQ(test, stor_check_srb(&srb, &r, 4096, &info),
			HVG2_SRB_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.dir, DMA_TO_DEVICE);

	/* TEST UNIT READY: no buffer, no direction */
	srb_read10(&srb, 0);
	srb.cdb[0] = TEST_UNIT_READY;
	srb.cdb_length = 6;
	srb.data_in = HVG2_VSTOR_UNKNOWN_DIR;
	KUNIT_ASSERT_EQ(test, stor_check_srb(&srb, NULL, 4096, &info),
			HVG2_SRB_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.dir, DMA_NONE);

	/* target 1 is checked, and left to the host to answer */
	srb_read10(&srb, 4096);
	srb.target_id = 1;
	KUNIT_ASSERT_EQ(test, stor_check_srb(&srb, &r, 65536, &info),
			HVG2_SRB_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, info.other_target);
}

static void srb_refused(struct kunit *test)
{
	struct stor_range r = { .len = 4096, .npfn = 1 };
	struct hvg2_vstor_srb srb;
	struct stor_srb_info info;
	const u8 bad = HVG2_SRB_STATUS_INVALID_REQUEST;

	srb_read10(&srb, 4096);
	srb.cdb_length = 0;
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 65536, &info), bad);
	srb.cdb_length = 17;
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 65536, &info), bad);

	/* READ(16) needs 16 CDB bytes; LIO would read past the 10 given */
	srb_read10(&srb, 4096);
	srb.cdb[0] = READ_16;
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 65536, &info), bad);
	/* a variable-length CDB longer than the SRB can hold */
	srb.cdb[0] = VARIABLE_LENGTH_CMD;
	srb.cdb[7] = 24;
	srb.cdb_length = 16;
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 65536, &info), bad);

	/* the SRB's length and the buffer disagree */
	srb_read10(&srb, 8192);
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 65536, &info), bad);
	/* over the announced maximum */
	srb_read10(&srb, 4096);
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 2048, &info), bad);
	/* unknown direction value */
	srb.data_in = 3;
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 65536, &info), bad);
	/* a buffer without a direction */
	srb.data_in = HVG2_VSTOR_UNKNOWN_DIR;
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, &r, 65536, &info), bad);
	/* a direction without a buffer */
	srb_read10(&srb, 0);
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, NULL, 65536, &info), bad);
	/* a length without a buffer */
	srb_read10(&srb, 512);
	KUNIT_EXPECT_EQ(test, stor_check_srb(&srb, NULL, 65536, &info), bad);
}

/* ---- sense ---- */

static void sense_no_lun(struct kunit *test)
{
	/* fixed format: key at 2, ASC/ASCQ at 12/13 */
	u8 fixed[18] = { 0x70, 0, ILLEGAL_REQUEST, [7] = 10, [12] = 0x25 };
	/* descriptor format: key, ASC, ASCQ at 1..3 */
	u8 desc[8] = { 0x72, ILLEGAL_REQUEST, 0x25, 0 };

	KUNIT_EXPECT_TRUE(test, stor_sense_no_lun(fixed, sizeof(fixed)));
	KUNIT_EXPECT_TRUE(test, stor_sense_no_lun(desc, sizeof(desc)));
	/* another ASCQ, another key, another ASC: a LUN that is there */
	fixed[13] = 1;
	KUNIT_EXPECT_FALSE(test, stor_sense_no_lun(fixed, sizeof(fixed)));
	fixed[13] = 0;
	fixed[2] = UNIT_ATTENTION;
	KUNIT_EXPECT_FALSE(test, stor_sense_no_lun(fixed, sizeof(fixed)));
	fixed[2] = ILLEGAL_REQUEST;
	fixed[12] = 0x24;
	KUNIT_EXPECT_FALSE(test, stor_sense_no_lun(fixed, sizeof(fixed)));
	/* no sense at all, or garbage */
	KUNIT_EXPECT_FALSE(test, stor_sense_no_lun(fixed, 0));
	memset(fixed, 0, sizeof(fixed));
	KUNIT_EXPECT_FALSE(test, stor_sense_no_lun(fixed, sizeof(fixed)));
}

static struct kunit_case hvg2_sim_stor_cases[] = {
	KUNIT_CASE(wire_sizes),
	KUNIT_CASE(copy_sizes),
	KUNIT_CASE(range_ok),
	KUNIT_CASE(range_refused),
	KUNIT_CASE(srb_ok),
	KUNIT_CASE(srb_refused),
	KUNIT_CASE(sense_no_lun),
	{}
};

static struct kunit_suite hvg2_sim_stor_suite = {
	.name = "hvg2_sim_stor",
	.test_cases = hvg2_sim_stor_cases,
};

kunit_test_suite(hvg2_sim_stor_suite);

MODULE_DESCRIPTION("KUnit tests for the hvgen2 simulated host's storage service");
MODULE_LICENSE("GPL");
HVG2_KUNIT_IMPORT_NS();
