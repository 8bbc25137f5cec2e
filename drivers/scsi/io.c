// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O path.
 *
 * Submit: each SCSI command becomes one EXECUTE_SRB packet, built in place
 * in the channel's outbound ring: a GPA-direct descriptor whose page list
 * is written straight from the scatterlist (the host reads and writes the
 * block layer's own pages: no copy, no bounce buffer), then the vstor
 * packet. Packets of one blk-mq batch are committed with "more" and
 * published with one index store and at most one signal: on the batch's
 * last command (SCMD_LAST, from bd->last) or in commit_rqs. Under load
 * even that signal is deferred to the next reap (coalesce.c).
 *
 * Complete: the host answers each SRB with a COMPLETE_IO packet carrying
 * our transaction id, (generation << 32) | blk-mq unique tag. The id is
 * decoded and checked before anything is touched: a queue or tag that
 * cannot exist is a forgery and breaks the controller (the host no longer
 * speaks the protocol); a tag that exists but is not in flight with that
 * generation is a repeat or a late answer and is counted and dropped. The
 * command's state holds the in-flight generation, so exactly one path -
 * the host's answer, or a failure path of ours - completes it.
 *
 * Reap: the channel callback (hard interrupt) masks the host's interrupts
 * and reaps up to a budget; under load the rest goes to a work item that
 * keeps them masked until the ring is empty. With many requests in flight
 * the interrupts stay masked after the reap and a backstop timer reaps
 * instead (coalesce.c). Poll queues (blk-mq HCTX_TYPE_POLL, io_uring
 * IOPOLL) reap from their hctx's channel.
 */
#include <linux/blk-mq.h>
#include <linux/rcupdate.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_tcq.h>
#include "hvg2_scsi.h"

/*
 * Default queue i uses interrupt channel i. Poll queues use the channels
 * kept for polling (interrupts masked), or share all of them when there
 * are none (one channel only).
 */
static struct hvg2_scsi_chan *hvg2_scsi_chan_of(struct hvg2_scsi *hs, u16 hwq)
{
	unsigned int nint = hs->nchan - hs->npollch;

	if (hwq < hs->ndef)
		return &hs->chans[hwq % nint];
	hwq -= hs->ndef;
	if (hs->npollch)
		return &hs->chans[nint + hwq % hs->npollch];
	return &hs->chans[hwq % hs->nchan];
}

/* ---- submit ---- */

static void hvg2_scsi_build_srb(struct hvg2_scsi *hs, struct scsi_cmnd *cmd,
				struct hvg2_vstor_packet *p)
{
	struct hvg2_vstor_srb *srb = &p->srb;

	memset(p, 0, sizeof(*p));
	p->operation = HVG2_VSTOR_OP_EXECUTE_SRB;
	p->flags = HVG2_VSTOR_FLAG_REQUEST_COMPLETION;
	srb->length = sizeof(*srb);
	srb->port_number = hs->shost->host_no;
	srb->path_id = cmd->device->channel;
	srb->target_id = cmd->device->id;
	srb->lun = cmd->device->lun;
	srb->cdb_length = cmd->cmd_len;
	memcpy(srb->cdb, cmd->cmnd, cmd->cmd_len);
	srb->sense_info_length = HVG2_VSTOR_SENSE_SIZE;
	srb->data_transfer_length = scsi_bufflen(cmd);
	srb->time_out_value = 60;
	srb->srb_flags = HVG2_SRB_FLAGS_DISABLE_SYNCH_TRANSFER;
	if (cmd->device->tagged_supported) {
		srb->srb_flags |= HVG2_SRB_FLAGS_QUEUE_ACTION_ENABLE |
				  HVG2_SRB_FLAGS_NO_QUEUE_FREEZE;
		srb->queue_tag = HVG2_SRB_UNTAGGED;
		srb->queue_action = HVG2_SRB_SIMPLE_TAG_REQUEST;
	}
	switch (cmd->sc_data_direction) {
	case DMA_TO_DEVICE:
		srb->data_in = HVG2_VSTOR_WRITE;
		srb->srb_flags |= HVG2_SRB_FLAGS_DATA_OUT;
		break;
	case DMA_FROM_DEVICE:
		srb->data_in = HVG2_VSTOR_READ;
		srb->srb_flags |= HVG2_SRB_FLAGS_DATA_IN;
		break;
	default:
		srb->data_in = HVG2_VSTOR_UNKNOWN_DIR;
		break;
	}
}

/* Fail a command we could not send; publish what the batch left behind. */
static int hvg2_scsi_fail_now(struct hvg2_scsi *hs, struct hvg2_scsi_chan *c,
			      struct scsi_cmnd *cmd, int host_byte)
{
	if (cmd->flags & SCMD_LAST)
		hvg2_channel_flush(c->ch);
	hvg2_scsi_count(hs, HVG2_SCSI_STAT_FAILED);
	cmd->result = host_byte << 16;
	scsi_done(cmd);
	return 0;
}

/**
 * hvg2_scsi_queuecommand - send one command as an SRB
 * @shost: the host
 * @cmd: the command
 *
 * Return: 0, or SCSI_MLQUEUE_HOST_BUSY when the ring is full (the
 * midlayer retries once a completion frees room).
 */
HVG2_SCSI_QC hvg2_scsi_queuecommand(struct Scsi_Host *shost,
				    struct scsi_cmnd *cmd)
{
	struct hvg2_scsi *hs = shost_priv(shost);
	struct hvg2_scsi_cmd *pc = scsi_cmd_priv(cmd);
	u32 utag = blk_mq_unique_tag(scsi_cmd_to_rq(cmd));
	struct hvg2_scsi_chan *c = hvg2_scsi_chan_of(hs, blk_mq_unique_tag_to_hwq(utag));
	bool more = !(cmd->flags & SCMD_LAST);
	u32 len = scsi_bufflen(cmd), off = 0, pktlen;
	struct hvg2_vstor_packet vp;
	struct hvg2_pkt_desc *d;
	unsigned long flags;
	int npfn = 0;
	void *body;

	if (unlikely(READ_ONCE(hs->dead)))
		return hvg2_scsi_fail_now(hs, c, cmd, DID_NO_CONNECT);
	if (len) {
		npfn = hvg2_scsi_sg_to_range(scsi_sglist(cmd), scsi_sg_count(cmd),
					     len, &off, NULL, shost->sg_tablesize);
		if (unlikely(npfn < 0)) {
			scmd_printk(KERN_ERR, cmd, "no GPA range for the data: %d\n",
				    npfn);
			return hvg2_scsi_fail_now(hs, c, cmd, DID_ERROR);
		}
		pktlen = sizeof(struct hvg2_vstor_gpa_hdr) + npfn * sizeof(u64);
	} else {
		pktlen = sizeof(*d);
	}
	pktlen += sizeof(vp);
	hvg2_scsi_build_srb(hs, cmd, &vp);

	hvg2_channel_lock(c->ch, &flags);
	d = hvg2_channel_reserve(c->ch, pktlen);
	if (IS_ERR(d)) {
		hvg2_channel_unlock(c->ch, flags);
		if (PTR_ERR(d) == -EAGAIN) {
			hvg2_scsi_count(hs, HVG2_SCSI_STAT_BUSY);
			return SCSI_MLQUEUE_HOST_BUSY;
		}
		/* broken or rescinded: nobody will answer */
		return hvg2_scsi_fail_now(hs, c, cmd, DID_NO_CONNECT);
	}
	if (len) {
		struct hvg2_vstor_gpa_hdr *g = (void *)d;

		d->type = HVG2_PKT_DATA_USING_GPA_DIRECT;
		d->offset8 = (sizeof(*g) + npfn * sizeof(u64)) / 8;
		g->reserved = 0;
		g->range_count = 1;
		g->byte_count = len;
		/* cannot fail now: the same list was measured above */
		hvg2_scsi_sg_to_range(scsi_sglist(cmd), scsi_sg_count(cmd), len,
				      &g->byte_offset, g->pfn, npfn);
		body = &g->pfn[npfn];
	} else {
		d->type = HVG2_PKT_DATA_INBAND;
		d->offset8 = sizeof(*d) / 8;
		body = d + 1;
	}
	memcpy(body, &vp, sizeof(vp));
	d->flags = HVG2_PKT_FLAG_COMPLETION_REQUESTED;
	pc->gen = hvg2_scsi_next_gen(pc->gen);
	pc->chan = c->index;
	d->trans_id = hvg2_scsi_tid(pc->gen, utag);
	atomic_inc(&hs->inflight);
	atomic_inc(&c->outstanding);
	/* the host owns it from the publish on; it may answer at once */
	atomic_set(&pc->state, pc->gen);
	c->requests++;
	if (more) {
		c->unpub++;
		hvg2_channel_commit(c->ch, true);
	} else {
		/* in flight before this batch: not this one, not itself */
		int seen = atomic_read(&c->outstanding) - c->unpub - 1;

		c->unpub = 0;
		if (!hvg2_scsi_coalesce_defer(c, seen))
			hvg2_channel_commit(c->ch, false);
		else if (hvg2_channel_commit_owe(c->ch))
			c->owed++;
	}
	hvg2_channel_unlock(c->ch, flags);
	return 0;
}

/**
 * hvg2_scsi_commit_rqs - publish a batch whose last command was not sent
 * @shost: the host
 * @hwq: the hardware queue
 */
void hvg2_scsi_commit_rqs(struct Scsi_Host *shost, u16 hwq)
{
	struct hvg2_scsi *hs = shost_priv(shost);
	struct hvg2_scsi_chan *c = hvg2_scsi_chan_of(hs, hwq);
	unsigned long flags;

	/* before the flush: a batch started in between then counts high */
	hvg2_channel_lock(c->ch, &flags);
	c->unpub = 0;
	hvg2_channel_unlock(c->ch, flags);
	hvg2_channel_flush(c->ch);
}

/* ---- complete ---- */

/* The host answered @cmd (ours: its state said so). */
static void hvg2_scsi_complete(struct hvg2_scsi *hs, struct scsi_cmnd *cmd,
			       const struct hvg2_vstor_packet *vp)
{
	struct hvg2_scsi_status st = {
		.srb_status = vp->srb.srb_status,
		.scsi_status = vp->srb.scsi_status,
		.cdb0 = cmd->cmnd[0],
		.xfer = vp->srb.data_transfer_length,
		.len = scsi_bufflen(cmd),
		.sense = vp->srb.sense_data,
		.sense_len = vp->srb.sense_info_length,
	};
	struct hvg2_scsi_result res;

	if (unlikely(vp->operation != HVG2_VSTOR_OP_COMPLETE_IO)) {
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_BAD_PACKET);
		res = (struct hvg2_scsi_result){ .result = DID_ERROR << 16,
						 .resid = st.len };
	} else {
		hvg2_scsi_map_status(&st, SCSI_SENSE_BUFFERSIZE, &res);
	}
	if (res.sense_len)
		memcpy(cmd->sense_buffer, vp->srb.sense_data, res.sense_len);
	cmd->result = res.result;
	scsi_set_resid(cmd, res.resid);
	if (unlikely(res.actions & HVG2_SCSI_ACT_BAD_LENGTH))
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_BAD_LENGTH);
	if (unlikely(res.actions & (HVG2_SCSI_ACT_RESCAN_DEV |
				    HVG2_SCSI_ACT_REMOVE_LUN)))
		hvg2_scsi_queue_lun_work(hs, cmd, res.actions);
	hvg2_scsi_cmd_gone(hs, scsi_cmd_priv(cmd));
	scsi_done(cmd);
}

/* One packet from the host; @pkt is in the ring, read it once. */
static void hvg2_scsi_handle(struct hvg2_scsi_chan *c,
			     const struct hvg2_ring_pkt *pkt)
{
	struct hvg2_scsi *hs = c->hs;
	struct Scsi_Host *shost = hs->shost;
	struct hvg2_vstor_packet vp;
	u32 len = min_t(u32, pkt->payload_len, sizeof(vp));
	struct hvg2_scsi_cmd *pc;
	struct scsi_cmnd *cmd;
	u32 utag, gen;

	/* a private copy: the host can still write the ring */
	memset(&vp, 0, sizeof(vp));
	memcpy(&vp, pkt->payload, len);
	if (pkt->type != HVG2_PKT_COMPLETION && pkt->type != HVG2_PKT_DATA_INBAND) {
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_BAD_PACKET);
		return;
	}
	switch (hvg2_scsi_tid_decode(pkt->trans_id, shost->nr_hw_queues,
				     shost->can_queue, &utag, &gen)) {
	case HVG2_SCSI_TID_UNSOLICITED:
		hvg2_scsi_unsolicited(hs, &vp, len);
		return;
	case HVG2_SCSI_TID_CONTROL:
		if (len < sizeof(vp)) {
			hvg2_scsi_count(hs, HVG2_SCSI_STAT_BAD_PACKET);
			return;
		}
		hvg2_scsi_ctrl_complete(hs, pkt->trans_id, &vp);
		return;
	case HVG2_SCSI_TID_FORGED:
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_FORGED);
		hvg2_scsi_break(hs, "completion with a forged transaction id");
		return;
	case HVG2_SCSI_TID_IO:
		break;
	}
	cmd = scsi_host_find_tag(shost, utag);
	if (unlikely(!cmd)) {
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_STALE);
		return;
	}
	pc = scsi_cmd_priv(cmd);
	/* take it from the host: only the current generation may */
	if (unlikely(READ_ONCE(pc->chan) != c->index ||
		     atomic_cmpxchg(&pc->state, gen, HVG2_SCSI_CMD_IDLE) != gen)) {
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_STALE);
		return;
	}
	if (unlikely(len < sizeof(vp))) {
		/* truncated answer to a real command: fail it, then everything */
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_BAD_PACKET);
		vp.operation = 0;
		hvg2_scsi_complete(hs, cmd, &vp);
		hvg2_scsi_break(hs, "truncated completion");
		return;
	}
	hvg2_scsi_complete(hs, cmd, &vp);
}

/* Consume up to @budget packets, under @c->reap_lock; *@err: -EIO or 0. */
static int hvg2_scsi_drain(struct hvg2_scsi_chan *c, int budget, int *err)
{
	struct hvg2_ring_pkt pkt;
	int n = 0, ret = 0;

	while (n < budget) {
		ret = hvg2_channel_peek(c->ch, &pkt);
		if (ret)
			break;
		hvg2_scsi_handle(c, &pkt);
		hvg2_channel_advance(c->ch);
		n++;
	}
	if (n) {
		hvg2_channel_release(c->ch);
		c->completions += n;
	}
	/* a doorbell deferred at submit: these answers are the promised reap */
	if (hvg2_channel_kick(c->ch))
		c->paid++;
	*err = ret == -EIO ? ret : 0;
	return n;
}

/*
 * Consume up to @budget packets, interrupts left as they are (blk-mq
 * poll, poll-only channels). With @try, give up (-1) if someone else is
 * reaping: they will find our packets, or their caller re-checks.
 */
static int hvg2_scsi_reap(struct hvg2_scsi_chan *c, int budget, bool try)
{
	unsigned long flags;
	int n, err;

	if (try) {
		if (!spin_trylock_irqsave(&c->reap_lock, flags))
			return -1;
	} else {
		spin_lock_irqsave(&c->reap_lock, flags);
	}
	n = hvg2_scsi_drain(c, budget, &err);
	spin_unlock_irqrestore(&c->reap_lock, flags);
	if (unlikely(err))
		hvg2_scsi_break(c->hs, "the host broke the ring");
	return n;
}

enum hvg2_scsi_svc {
	HVG2_SCSI_SVC_DONE,	/* settled: see hvg2_scsi_service() */
	HVG2_SCSI_SVC_MORE,	/* budget used up, still masked: go on */
	HVG2_SCSI_SVC_BUSY,	/* someone else reaps: the work must check */
};

/*
 * Reap with the host's interrupts masked, then settle. The invariant that
 * keeps a completion from being stranded: when this returns DONE, either
 * the interrupts stay masked and the backstop timer is armed (coalescing:
 * hvg2_scsi_coalesce_hold()), or they are unmasked and the ring was seen
 * empty after the unmask (hvg2_channel_poll_end(): a completion the host
 * wrote while we were masked is found here, one it writes later is
 * signalled). MORE and BUSY leave the interrupts masked: the caller must
 * queue the reap work, which settles.
 *
 * @try: interrupt and timer (never spin on the lock); @timer: a timer pass.
 */
static enum hvg2_scsi_svc hvg2_scsi_service(struct hvg2_scsi_chan *c,
					    bool try, bool timer)
{
	enum hvg2_scsi_svc ret = HVG2_SCSI_SVC_DONE;
	unsigned long flags;
	int n, total = 0, err = 0;

	if (try) {
		if (!spin_trylock_irqsave(&c->reap_lock, flags))
			return HVG2_SCSI_SVC_BUSY;
	} else {
		spin_lock_irqsave(&c->reap_lock, flags);
	}
	/* stop waits for us under the lock: after it, nothing re-arms */
	if (unlikely(READ_ONCE(c->hs->stopped)))
		goto out;
	for (;;) {
		/* no interrupts while we reap: the host just writes */
		hvg2_channel_poll_begin(c->ch);
		n = hvg2_scsi_drain(c, HVG2_SCSI_BUDGET, &err);
		total += n;
		if (unlikely(err))
			break;
		if (n == HVG2_SCSI_BUDGET) {
			ret = HVG2_SCSI_SVC_MORE;
			break;
		}
		if (hvg2_scsi_coalesce_hold(c, total, timer))
			break;
		if (!hvg2_channel_poll_end(c->ch))
			break;
	}
	if (timer) {
		c->timer_passes++;
		c->timer_reaped += total;
	}
out:
	spin_unlock_irqrestore(&c->reap_lock, flags);
	if (unlikely(err))
		hvg2_scsi_break(c->hs, "the host broke the ring");
	return ret;
}

/**
 * hvg2_scsi_chan_cb - the host signalled a channel (hard interrupt)
 * @ch: the channel
 * @ctx: our struct hvg2_scsi_chan
 */
void hvg2_scsi_chan_cb(struct hvg2_channel *ch, void *ctx)
{
	struct hvg2_scsi_chan *c = ctx;

	if (unlikely(READ_ONCE(c->hs->stopped)))
		return;
	if (c->poll_only) {
		/* masked for good; a signal that raced the mask: reap, no more */
		hvg2_scsi_reap(c, HVG2_SCSI_BUDGET, true);
		return;
	}
	if (hvg2_scsi_service(c, true, false) != HVG2_SCSI_SVC_DONE)
		queue_work(system_highpri_wq, &c->reap_work);
}

/**
 * hvg2_scsi_chan_timer - the coalescing backstop timer fired (hard irq)
 * @c: the channel
 */
void hvg2_scsi_chan_timer(struct hvg2_scsi_chan *c)
{
	if (hvg2_scsi_service(c, true, true) != HVG2_SCSI_SVC_DONE)
		queue_work(system_highpri_wq, &c->reap_work);
}

/**
 * hvg2_scsi_reap_work - reap until settled, interrupts masked meanwhile
 * @work: the channel's reap_work
 */
void hvg2_scsi_reap_work(struct work_struct *work)
{
	struct hvg2_scsi_chan *c = container_of(work, struct hvg2_scsi_chan,
						reap_work);

	if (c->poll_only)
		return;
	while (hvg2_scsi_service(c, false, false) != HVG2_SCSI_SVC_DONE)
		cond_resched();
}

/**
 * hvg2_scsi_mq_poll - blk-mq polls a poll queue (io_uring IOPOLL)
 * @shost: the host
 * @hwq: the hardware queue
 *
 * Return: completions found.
 */
int hvg2_scsi_mq_poll(struct Scsi_Host *shost, unsigned int hwq)
{
	struct hvg2_scsi *hs = shost_priv(shost);
	struct hvg2_scsi_chan *c = hvg2_scsi_chan_of(hs, hwq);
	int n = hvg2_scsi_reap(c, HVG2_SCSI_BUDGET, true);

	if (n <= 0)
		return 0;
	c->polls++;
	return n;
}

/* ---- queues and channels ---- */

/**
 * hvg2_scsi_map_queues - CPUs to hardware queues
 * @shost: the host
 *
 * A CPU that is some channel's interrupt target submits on that channel:
 * its completions then arrive on the CPU that sent them. The other CPUs
 * are spread round robin. Poll queues get blk-mq's default spread.
 */
void hvg2_scsi_map_queues(struct Scsi_Host *shost)
{
	struct hvg2_scsi *hs = shost_priv(shost);
	struct blk_mq_queue_map *m = &shost->tag_set.map[HCTX_TYPE_DEFAULT];
	unsigned int cpu, i, next = 0;

	m->nr_queues = hs->ndef;
	m->queue_offset = 0;
	for_each_possible_cpu(cpu) {
		for (i = 0; i < hs->ndef; i++)
			if (hvg2_channel_cpu(hs->chans[i].ch) == cpu)
				break;
		if (i == hs->ndef)
			i = next++ % hs->ndef;
		m->mq_map[cpu] = i;
	}
	if (shost->nr_maps > HCTX_TYPE_POLL) {
		shost->tag_set.map[HCTX_TYPE_READ].nr_queues = 0;
		m = &shost->tag_set.map[HCTX_TYPE_POLL];
		m->nr_queues = hs->npoll;
		m->queue_offset = hs->ndef;
		blk_mq_map_queues(m);
	}
}

/**
 * hvg2_scsi_chan_init - set up our side of a channel before opening it
 * @hs: the controller
 * @c: the slot
 * @ch: the transport's channel
 * @index: @c's position in hs->chans
 */
void hvg2_scsi_chan_init(struct hvg2_scsi *hs, struct hvg2_scsi_chan *c,
			 struct hvg2_channel *ch, unsigned int index)
{
	c->hs = hs;
	c->ch = ch;
	c->index = index;
	spin_lock_init(&c->reap_lock);
	INIT_WORK(&c->reap_work, hvg2_scsi_reap_work);
	hvg2_scsi_coalesce_init(c);
}

/**
 * hvg2_scsi_chans_stop - close every channel, reaping stopped first
 * @hs: the controller, its host removed (or never added)
 */
void hvg2_scsi_chans_stop(struct hvg2_scsi *hs)
{
	unsigned int i;

	WRITE_ONCE(hs->dead, true);
	WRITE_ONCE(hs->stopped, true);
	/* callbacks run under RCU: after this none queues reap work */
	synchronize_rcu();
	for (i = 0; i < hs->nchan; i++) {
		/* then the work, which sees @stopped and re-arms nothing */
		hvg2_scsi_coalesce_stop(&hs->chans[i]);
		cancel_work_sync(&hs->chans[i].reap_work);
	}
	for (i = hs->nchan; i-- > 0;)
		hvg2_channel_close(hs->chans[i].ch);
}
