// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_sim_stor: the host half of vstor, the synthetic SCSI controller.
 *
 * Each channel's work (on the simulated host's data workqueue) drains the
 * guest's requests in a budgeted loop: control operations are answered at
 * once, SRBs go to LIO (stor_fabric.c) with the guest's pages as their
 * data buffer. Commands LIO releases (from any context) are queued on the
 * channel's lock-free list and the work is kicked; answers the work makes
 * itself go straight to its backlog. The work is the only producer of the
 * guest's inbound ring: it writes the backlog at the end of each pass, one
 * publish and at most one signal for all of it. Answers that find the ring
 * full stay on the backlog; the ring core then asks the guest
 * (pending_send_sz) to signal when it has made room.
 *
 * While a pass runs, and while another is queued, the guest's inbound
 * ring has its interrupt_mask set, as Hyper-V does while it drains: the
 * guest need not ring for requests the host is about to read anyway. A
 * pass that ends idle clears the mask and looks once more (what the guest
 * wrote before it saw the mask clear did not signal).
 *
 * Answers are completion packets carrying the request's transaction id;
 * the bus-change notice (ENUMERATE_BUS) is an inband packet with id 0,
 * sent on the primary channel for changes after the guest finished its
 * handshake (END_INITIALIZATION), never for earlier ones.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <scsi/scsi_proto.h>
#include "stor.h"

#define STOR_BUDGET		128

static struct kmem_cache *stor_req_cache;

/* ---- answers ---- */

static struct stor_req *stor_req_alloc(struct stor_chan *sc, u64 tid)
{
	struct stor_req *req = kmem_cache_zalloc(stor_req_cache, GFP_KERNEL);

	if (!req)
		return NULL;
	req->ch = sc;
	req->tid = tid;
	req->pkt_type = HVG2_PKT_COMPLETION;
	req->sgl = req->inline_sg;
	return req;
}

static void stor_req_free(struct stor_req *req)
{
	if (req->sgl != req->inline_sg)
		kfree(req->sgl);
	kmem_cache_free(stor_req_cache, req);
}

/* An answer made by the channel's work itself: written at the pass's end. */
static void stor_answer(struct stor_req *req)
{
	list_add_tail(&req->list, &req->ch->backlog);
}

void stor_req_done(struct stor_req *req)
{
	struct stor_chan *sc = req->ch;
	unsigned long flags;

	if (req->fate == STOR_FATE_HANG) {
		/* answered by the next reset, or dropped at close */
		spin_lock_irqsave(&sc->lock, flags);
		list_add_tail(&req->list, &sc->hung);
		spin_unlock_irqrestore(&sc->lock, flags);
	} else {
		/* any context: the work writes it */
		llist_add(&req->node, &sc->done);
		hvg2_sim_kick(sc->c);
	}
	/* the last thing we do with @sc: close may free it right after */
	if (atomic_dec_and_test(&sc->in_lio))
		complete(&sc->lio_idle);
}

/* Write one answer into the guest's inbound ring. 0 or -EAGAIN. */
static int stor_write(struct stor_chan *sc, struct stor_req *req)
{
	struct hvg2_sim_chan *c = sc->c;
	struct hvg2_pkt_desc *d;
	int copies = 1, i;
	u64 tid = req->tid;

	if (req->pkt_type == HVG2_PKT_COMPLETION) {
		if (hvg2_sim_fault_take(c, HVG2_SIM_FAULT_FORGE_TID))
			tid ^= 0x5a5a000000000000ull;
		if (hvg2_sim_fault_take(c, HVG2_SIM_FAULT_REPEAT_TID))
			copies = 2;
	}
	if (req->fate == STOR_FATE_BAD_LENGTH)
		req->ans.srb.data_transfer_length = req->want + 4096;
	for (i = 0; i < copies; i++) {
		d = hvg2_ring_reserve(&c->out, sizeof(*d) + req->ans_size);
		if (IS_ERR(d))
			return i ? 0 : -EAGAIN;	/* a lost repeat is fine */
		d->type = req->pkt_type;
		d->offset8 = sizeof(*d) / 8;
		d->flags = 0;
		d->trans_id = tid;
		memcpy(d + 1, &req->ans, req->ans_size);
		hvg2_ring_commit(&c->out);
	}
	atomic64_inc(&c->packets);
	return 0;
}

/* Move what LIO finished (from any context) to the backlog, in order. */
static void stor_collect(struct stor_chan *sc)
{
	struct llist_node *first = llist_reverse_order(llist_del_all(&sc->done));
	struct stor_req *req, *tmp;

	llist_for_each_entry_safe(req, tmp, first, node)
		list_add_tail(&req->list, &sc->backlog);
}

/* Write the backlog, what LIO finished last: as much as fits. */
static void stor_flush(struct stor_chan *sc)
{
	struct stor_req *req, *tmp;

	stor_collect(sc);
	list_for_each_entry_safe(req, tmp, &sc->backlog, list) {
		if (stor_write(sc, req))
			return;		/* the guest signals when it has room */
		list_del(&req->list);
		stor_req_free(req);
	}
}

/* ---- control operations ---- */

static bool stor_version_ok(struct stor_dev *sd, u16 v)
{
	switch (v) {
	case HVG2_VSTOR_VERSION_WIN10:
	case HVG2_VSTOR_VERSION_WIN8_1:
	case HVG2_VSTOR_VERSION_WIN8:
		return v <= READ_ONCE(sd->set.max_version);
	}
	return false;
}

/*
 * RESET_LUN/BUS/ADAPTER: the outstanding requests are answered first, the
 * reset last. Kept ("hang_srbs") requests get BUS_RESET; what LIO still
 * runs on this channel finishes quickly (it is not kept by the host), so
 * wait for it, bounded, and queue those answers ahead of the reset's.
 */
static void stor_reset(struct stor_chan *sc)
{
	unsigned int ms;

	stor_dev_reset(sc->sd);
	for (ms = 0; ms < 5000 && atomic_read(&sc->in_lio) > 1; ms++)
		usleep_range(1000, 2000);
	stor_collect(sc);
}

static void stor_control(struct stor_chan *sc, struct stor_req *req, u32 op)
{
	struct hvg2_vstor_packet *p = &req->ans;
	struct stor_dev *sd = sc->sd;
	bool primary = !sc->c->subidx;
	u32 st = HVG2_VSTOR_STATUS_SUCCESS;
	u16 v;

	switch (op) {
	case HVG2_VSTOR_OP_BEGIN_INITIALIZATION:
		if (!primary)
			goto refuse;
		WRITE_ONCE(sd->ready, false);
		WRITE_ONCE(sd->version, 0);
		break;
	case HVG2_VSTOR_OP_QUERY_PROTOCOL_VERSION:
		v = p->version.major_minor;
		if (!primary)
			goto refuse;
		if (stor_version_ok(sd, v))
			WRITE_ONCE(sd->version, v);
		else
			st = HVG2_VSTOR_STATUS_REVISION_MISMATCH;
		break;
	case HVG2_VSTOR_OP_QUERY_PROPERTIES:
		if (!primary || !sd->version)
			goto refuse;
		memset(p->buffer, 0, sizeof(p->buffer));
		p->props.max_transfer_bytes = READ_ONCE(sd->set.max_transfer);
		p->props.max_channel_cnt = READ_ONCE(sd->set.max_subchannels);
		if (p->props.max_channel_cnt)
			p->props.flags = HVG2_VSTOR_PROP_MULTI_CHANNEL;
		break;
	case HVG2_VSTOR_OP_END_INITIALIZATION:
		if (!primary || !sd->version)
			goto refuse;
		/*
		 * A LUN that came or went before now is no change for this
		 * guest: its first scan finds the bus as it is. Hyper-V sends
		 * no notice during initialisation, and hv_storvsc cannot take
		 * one then (its probe has not made the queue it rescans on).
		 */
		atomic_set(&sd->rescan, 0);
		/* subchannels' work reads it: SRBs are welcome from now on */
		WRITE_ONCE(sd->ready, true);
		break;
	case HVG2_VSTOR_OP_CREATE_SUB_CHANNELS:
		v = p->sub_channel_count;
		if (!primary || !READ_ONCE(sd->ready) || !v ||
		    v > READ_ONCE(sd->set.max_subchannels) ||
		    hvg2_sim_offer_subchannels(sd->dev, v))
			goto refuse;
		break;
	case HVG2_VSTOR_OP_RESET_LUN:
	case HVG2_VSTOR_OP_RESET_BUS:
	case HVG2_VSTOR_OP_RESET_ADAPTER:
		stor_reset(sc);
		break;
	default:
		goto refuse;
	}
	p->status = st;
	stor_answer(req);
	return;
refuse:
	atomic64_inc(&sd->refused);
	p->status = HVG2_VSTOR_STATUS_UNSUCCESSFUL;
	stor_answer(req);
}

/* ---- SRBs ---- */

/* INQUIRY on a target that has no LUNs: "no logical unit here". */
static const u8 stor_no_lu_inquiry[36] = {
	[0] = 0x7f,		/* qualifier 3, type 0x1f: nothing, ever */
	[2] = 0x06,		/* SPC-4 */
	[3] = 0x02,
	[4] = 31,
};

static void stor_fail(struct stor_req *req, u8 srb_status)
{
	req->ans.srb.srb_status = srb_status;
	req->ans.srb.scsi_status = SAM_STAT_GOOD;
	req->ans.srb.data_transfer_length = 0;
	req->ans.srb.sense_info_length = 0;
	atomic64_inc(&req->ch->sd->srb_errors);
	stor_answer(req);
}

/*
 * Nothing at this LUN. hv_storvsc (which has run on Hyper-V for years)
 * shows what Hyper-V must answer. It makes every INQUIRY succeed, taking
 * the bytes the host says it moved: no data would read as a disk (all
 * zero), so INQUIRY gets "no logical unit here". The midlayer then asks
 * REPORT LUNS of that path and target; an INVALID_LUN there would make
 * hv_storvsc remove channel 0's disk with the same target and LUN (its
 * removal ignores the path), so the list comes back empty. Anything else
 * is INVALID_LUN, which both drivers take as "LUN removed".
 */
void stor_no_lu(struct stor_req *req, const u8 *cdb)
{
	/* @cdb may be the SRB's: read it before the answer overwrites it */
	bool inquiry = cdb[0] == INQUIRY && !(cdb[1] & 1);
	bool report_luns = cdb[0] == REPORT_LUNS;
	struct hvg2_vstor_srb *srb = &req->ans.srb;
	static const u8 none[8];	/* REPORT LUNS: list length 0 */
	const u8 *data = none;
	u32 n = sizeof(none);

	srb->scsi_status = SAM_STAT_GOOD;
	srb->sense_info_length = 0;
	srb->data_transfer_length = 0;
	srb->srb_status = HVG2_SRB_STATUS_SUCCESS;
	if (inquiry) {
		data = stor_no_lu_inquiry;
		n = sizeof(stor_no_lu_inquiry);
	} else if (!report_luns) {
		srb->srb_status = HVG2_SRB_STATUS_INVALID_LUN;
		atomic64_inc(&req->ch->sd->srb_errors);
		return;
	}
	if (req->nents)
		srb->data_transfer_length =
			sg_copy_from_buffer(req->sgl, req->nents, data,
					    min_t(u32, req->want, n));
}

/* Build the scatterlist of the guest's pages: no page is copied. */
static int stor_map(struct stor_req *req, const struct stor_range *r)
{
	struct hvg2_sim_dev *dev = req->ch->sd->dev;
	u32 left = r->len, off = r->offset, i;

	if (r->npfn > STOR_INLINE_SG) {
		req->sgl = kmalloc_array(r->npfn, sizeof(*req->sgl), GFP_KERNEL);
		if (!req->sgl) {
			req->sgl = req->inline_sg;
			return -ENOMEM;
		}
	}
	sg_init_table(req->sgl, r->npfn);
	for (i = 0; i < r->npfn; i++) {
		u32 n = min_t(u32, left, HVG2_VSTOR_PAGE_SIZE - off);
		struct page *pg = hvg2_sim_guest_page(dev, READ_ONCE(r->pfn[i]));

		if (!pg)
			return -EFAULT;
		sg_set_page(&req->sgl[i], pg, n, off);
		left -= n;
		off = 0;
	}
	req->nents = r->npfn;
	return 0;
}

/* Answer from the "fail_srb" knob instead of executing. */
static void stor_forced_failure(struct stor_req *req,
				const struct stor_fail_spec *f)
{
	struct hvg2_vstor_srb *srb = &req->ans.srb;

	srb->srb_status = f->srb_status;
	srb->scsi_status = f->scsi_status;
	srb->data_transfer_length = 0;
	srb->sense_info_length = 0;
	memset(srb->sense_data, 0, sizeof(srb->sense_data));
	if (f->scsi_status == SAM_STAT_CHECK_CONDITION && f->key) {
		/* fixed format: key, additional length, ASC, ASCQ */
		srb->sense_data[0] = 0x70;
		srb->sense_data[2] = f->key;
		srb->sense_data[7] = 10;
		srb->sense_data[12] = f->asc;
		srb->sense_data[13] = f->ascq;
		srb->sense_info_length = min_t(u8, 18, req->sense_room);
		srb->srb_status |= HVG2_SRB_STATUS_AUTOSENSE_VALID;
	}
	atomic64_inc(&req->ch->sd->srb_errors);
	stor_answer(req);
}

/* CHECK CONDITION, UNIT ATTENTION: CAPACITY DATA HAS CHANGED. */
static void stor_capacity_ua(struct stor_req *req)
{
	const struct stor_fail_spec f = {
		.srb_status = HVG2_SRB_STATUS_ERROR,
		.scsi_status = SAM_STAT_CHECK_CONDITION,
		.key = UNIT_ATTENTION, .asc = 0x2a, .ascq = 0x09,
	};

	stor_forced_failure(req, &f);
}

/* Commands a pending unit attention does not stop (SPC). */
static bool stor_ua_exempt(u8 opcode)
{
	return opcode == INQUIRY || opcode == REPORT_LUNS ||
	       opcode == REQUEST_SENSE;
}

static void stor_srb(struct stor_chan *sc, struct stor_req *req,
		     const struct hvg2_ring_pkt *pkt)
{
	struct stor_dev *sd = sc->sd;
	struct hvg2_vstor_srb *srb = &req->ans.srb;
	struct stor_range r = {}, *rp = NULL;
	struct stor_srb_info info;
	struct stor_fail_spec f;
	u8 st;

	atomic64_inc(&sd->srbs);
	req->want = srb->data_transfer_length;
	req->sense_room = min_t(u8, srb->sense_info_length,
				hvg2_vstor_sense_size(READ_ONCE(sd->version)));
	if (pkt->type == HVG2_PKT_DATA_USING_GPA_DIRECT) {
		if (stor_parse_range(pkt, &r)) {
			stor_fail(req, HVG2_SRB_STATUS_INVALID_REQUEST);
			return;
		}
		rp = &r;
	}
	if (!READ_ONCE(sd->ready)) {
		stor_fail(req, HVG2_SRB_STATUS_INVALID_REQUEST);
		return;
	}
	st = stor_check_srb(srb, rp, READ_ONCE(sd->set.max_transfer), &info);
	if (st != HVG2_SRB_STATUS_SUCCESS) {
		stor_fail(req, st);
		return;
	}
	if (rp && stor_map(req, rp)) {
		stor_fail(req, HVG2_SRB_STATUS_INVALID_REQUEST);
		return;
	}
	if (info.other_target) {
		stor_no_lu(req, srb->cdb);
		stor_answer(req);
		return;
	}
	if (stor_fault_fail_take(sd, &f)) {
		stor_forced_failure(req, &f);
		return;
	}
	if (info.lun < STOR_UA_LUNS && !stor_ua_exempt(srb->cdb[0]) &&
	    test_and_clear_bit(info.lun, sd->capacity_ua)) {
		stor_capacity_ua(req);
		return;
	}
	if (atomic_add_unless(&sd->faults.hang_srbs, -1, 0))
		req->fate = STOR_FATE_HANG;
	else if (atomic_add_unless(&sd->faults.bad_length, -1, 0))
		req->fate = STOR_FATE_BAD_LENGTH;

	atomic_inc(&sc->in_lio);
	if (stor_fabric_submit(hvg2_sim_dev_name(sd->dev), req, &info)) {
		/* no such controller in LIO (yet): no LUN answers */
		atomic_dec(&sc->in_lio);
		req->fate = STOR_FATE_ANSWER;
		stor_fail(req, HVG2_SRB_STATUS_INVALID_LUN);
	}
}

/* ---- the channel's work ---- */

static int stor_packet(struct stor_chan *sc, const struct hvg2_ring_pkt *pkt)
{
	struct stor_req *req = stor_req_alloc(sc, pkt->trans_id);
	u32 len, op;

	if (!req)
		return -ENOMEM;
	len = stor_copy_packet(pkt, &req->ans);
	if (!len || (pkt->type != HVG2_PKT_DATA_INBAND &&
		     pkt->type != HVG2_PKT_DATA_USING_GPA_DIRECT)) {
		atomic64_inc(&sc->sd->bad_packets);
		stor_req_free(req);
		return 0;	/* dropped, as a host drops garbage */
	}
	/* answer in the size the guest speaks */
	req->ans_size = len < HVG2_VSTOR_PACKET_SIZE ?
			HVG2_VSTOR_PACKET_SIZE_PRE_WIN8 : HVG2_VSTOR_PACKET_SIZE;
	op = req->ans.operation;
	req->ans.operation = HVG2_VSTOR_OP_COMPLETE_IO;
	req->ans.flags = 0;
	req->ans.status = HVG2_VSTOR_STATUS_SUCCESS;
	if (op == HVG2_VSTOR_OP_EXECUTE_SRB)
		stor_srb(sc, req, pkt);
	else
		stor_control(sc, req, op);
	return 0;
}

/* The ENUMERATE_BUS notice, once the guest can take it (primary only). */
static void stor_bus_notice(struct stor_chan *sc)
{
	struct stor_req *req;

	if (!READ_ONCE(sc->sd->ready) || !atomic_xchg(&sc->sd->rescan, 0))
		return;
	req = stor_req_alloc(sc, 0);
	if (!req)
		return;
	req->pkt_type = HVG2_PKT_DATA_INBAND;
	req->ans.operation = HVG2_VSTOR_OP_ENUMERATE_BUS;
	req->ans_size = hvg2_vstor_packet_size(sc->sd->version);
	list_add_tail(&req->list, &sc->backlog);
}

static void stor_work(struct hvg2_sim_chan *c)
{
	struct stor_chan *sc = c->priv;
	struct hvg2_ring_pkt pkt;
	unsigned int n;
	bool sig;
	int ret = 0;

	if (!c->subidx)
		stor_bus_notice(sc);
	hvg2_ring_mask(&c->in);
	for (n = 0; n < STOR_BUDGET; n++) {
		ret = hvg2_ring_peek(&c->in, &pkt);
		if (ret)
			break;
		ret = stor_packet(sc, &pkt);
		if (ret)
			break;
		hvg2_ring_advance(&c->in);
	}
	if (ret && ret != -ENODATA && ret != -ENOMEM)
		pr_warn_ratelimited("hvg2_sim_stor: %s: guest broke its ring\n",
				    hvg2_sim_dev_name(c->dev));
	stor_flush(sc);
	sig = hvg2_ring_publish(&c->out);
	sig |= hvg2_ring_release(&c->in);
	if (sig)
		hvg2_sim_signal(c);
	/*
	 * Another pass: stay masked. Otherwise unmask; what came while
	 * masked or before read_index was out did not signal: another pass.
	 */
	if (n == STOR_BUDGET || ret == -ENOMEM ||
	    (ret == -ENODATA && hvg2_ring_unmask(&c->in)))
		hvg2_sim_kick(c);
}

static int stor_open(struct hvg2_sim_chan *c)
{
	struct stor_dev *sd = hvg2_sim_dev_priv(c->dev);
	struct stor_chan *sc = kzalloc(sizeof(*sc), GFP_KERNEL);

	if (!sc)
		return -ENOMEM;
	sc->c = c;
	sc->sd = sd;
	init_llist_head(&sc->done);
	INIT_LIST_HEAD(&sc->backlog);
	INIT_LIST_HEAD(&sc->hung);
	spin_lock_init(&sc->lock);
	atomic_set(&sc->in_lio, 1);	/* dropped by close */
	init_completion(&sc->lio_idle);
	c->priv = sc;
	if (!c->subidx) {
		WRITE_ONCE(sd->ready, false);
		WRITE_ONCE(sd->version, 0);
	}
	stor_dev_set_chan(sd, c->subidx, sc);
	return 0;
}

/* The channel is going: LIO lets go of its pages, then drop every answer. */
static void stor_close(struct hvg2_sim_chan *c)
{
	struct stor_chan *sc = c->priv;
	struct llist_node *first;
	struct stor_req *req, *tmp;

	stor_dev_set_chan(sc->sd, c->subidx, NULL);
	if (!c->subidx)
		WRITE_ONCE(sc->sd->ready, false);
	if (!atomic_dec_and_test(&sc->in_lio))
		wait_for_completion(&sc->lio_idle);
	first = llist_del_all(&sc->done);
	llist_for_each_entry_safe(req, tmp, first, node)
		stor_req_free(req);
	list_splice_init(&sc->hung, &sc->backlog);
	list_for_each_entry_safe(req, tmp, &sc->backlog, list)
		stor_req_free(req);
	c->priv = NULL;
	kfree(sc);
}

static struct hvg2_sim_backend stor_backend = {
	.name = "scsi",
	.class_id = HVG2_VSTOR_SCSI_GUID,
	.owner = THIS_MODULE,
	.create = stor_dev_create,
	.destroy = stor_dev_destroy,
	.open = stor_open,
	.close = stor_close,
	.work = stor_work,
	.attrs = stor_dev_attrs,
};

static int __init stor_init(void)
{
	int ret;

	stor_req_cache = KMEM_CACHE(stor_req, 0);
	if (!stor_req_cache)
		return -ENOMEM;
	ret = stor_fabric_init();
	if (ret)
		goto err_cache;
	ret = hvg2_sim_backend_register(&stor_backend);
	if (ret)
		goto err_fabric;
	return 0;

err_fabric:
	stor_fabric_exit();
err_cache:
	kmem_cache_destroy(stor_req_cache);
	return ret;
}

static void __exit stor_exit(void)
{
	hvg2_sim_backend_unregister(&stor_backend);
	stor_fabric_exit();
	kmem_cache_destroy(stor_req_cache);
}

module_init(stor_init);
module_exit(stor_exit);
MODULE_DESCRIPTION("hvgen2 simulated host: synthetic SCSI controllers over LIO");
MODULE_LICENSE("GPL");
