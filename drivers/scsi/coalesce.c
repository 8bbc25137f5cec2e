// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt coalescing under load.
 *
 * An interrupt per handful of completions is what a busy channel costs
 * most: each one enters the guest, masks, reaps a few packets and unmasks
 * again. When a channel has coalesce_depth or more requests in flight,
 * the host is busy and completions are sure to come, so after a reap the
 * host's interrupts stay masked (interrupt_mask set: the host writes its
 * completions without signalling) and a backstop hrtimer reaps instead.
 * Each timer pass reaps what is there and decides again: still busy, arm
 * the timer once more; below the threshold, unmask and re-check the ring
 * (hvg2_channel_poll_end()), so a completion written just before the
 * unmask is found, and one written after it is signalled: none is
 * stranded. Depth 1 never reaches the threshold: one interrupt per I/O,
 * no timer, no added latency.
 *
 * The timer's period adapts so that a pass finds about half of what was
 * in flight when it was armed: a fast host gets a short period (down to
 * HVG2_SCSI_COALESCE_MIN_US), a slow one a longer one, never more than
 * coalesce_max_us, the latency a completion can wait for at most. Reaping
 * half keeps the other half queued at the host, so it never runs dry
 * while we wait. The bigger reaps also make bigger submission batches,
 * and the host, never idle, needs fewer doorbells.
 *
 * Doorbells are deferred on the same condition. The last submission of a
 * batch that finds coalesce_depth requests of earlier batches in flight
 * on its channel publishes the batch but does not signal: the answers to
 * those requests are sure to come, and the reap that takes them rings the
 * doorbell only if the host is still idle with packets it has not read
 * (hvg2_channel_kick()). A host that looks at the ring again while it
 * works, as it does when it writes its answers, needs no signal at all.
 *
 * Why none is stranded: a request counted in flight is either seen by the
 * host, or published behind a doorbell still owed; its answer's reap (a
 * decrement, then a kick, in hvg2_scsi_drain()) comes after any deferral
 * that counted it, and the kick pays for all that is owed. Only requests
 * of earlier batches may be counted: the batch's own, committed with
 * "more", are the packets whose doorbell is being deferred (counting
 * them stranded a burst of journal writes on an idle channel).
 */
#include <linux/module.h>
#include "hvg2_scsi.h"

#define HVG2_SCSI_COALESCE_MIN_US	20
#define HVG2_SCSI_COALESCE_START_US	100

static unsigned int coalesce_depth = 8;
module_param(coalesce_depth, uint, 0644);
MODULE_PARM_DESC(coalesce_depth, "Requests in flight on a channel from which its interrupts stay masked, a timer reaps and doorbells wait for a reap (0: never, default 8)");

static unsigned int coalesce_max_us = 10000;
module_param(coalesce_max_us, uint, 0644);
MODULE_PARM_DESC(coalesce_max_us, "Longest wait of the coalescing timer (us, default 10000)");

static enum hrtimer_restart hvg2_scsi_coalesce_fire(struct hrtimer *t)
{
	hvg2_scsi_chan_timer(container_of(t, struct hvg2_scsi_chan, timer));
	return HRTIMER_NORESTART;
}

/**
 * hvg2_scsi_coalesce_init - set up a channel's backstop timer
 * @c: the channel
 */
void hvg2_scsi_coalesce_init(struct hvg2_scsi_chan *c)
{
	hvg2_hrtimer_setup(&c->timer, hvg2_scsi_coalesce_fire, CLOCK_MONOTONIC,
			   HRTIMER_MODE_REL);
	c->period_us = HVG2_SCSI_COALESCE_START_US;
}

/* After a timer pass: aim for @c->target completions per pass. */
static void hvg2_scsi_coalesce_adapt(struct hvg2_scsi_chan *c, int reaped)
{
	u32 max = max(READ_ONCE(coalesce_max_us), HVG2_SCSI_COALESCE_MIN_US);
	u32 p = c->period_us;

	if (reaped < c->target)
		p += p / 2 + 1;
	else if (reaped > c->target + c->target / 2)
		p -= p / 4;
	c->period_us = clamp(p, HVG2_SCSI_COALESCE_MIN_US, max);
}

/**
 * hvg2_scsi_coalesce_hold - after a reap: keep the interrupts masked?
 * @c: the channel, its reap_lock held, its interrupts masked
 * @reaped: completions this reap found
 * @timer: the reap was a timer pass
 *
 * Return: true when the channel is busy enough: the interrupts stay
 * masked and the backstop timer is armed (the caller is done); false when
 * the caller must unmask and re-check the ring.
 */
bool hvg2_scsi_coalesce_hold(struct hvg2_scsi_chan *c, int reaped, bool timer)
{
	unsigned int depth = READ_ONCE(coalesce_depth);
	int out = atomic_read(&c->outstanding);

	if (timer && c->held)
		hvg2_scsi_coalesce_adapt(c, reaped);
	if (!depth || out < depth || c->poll_only || READ_ONCE(c->hs->dead)) {
		c->held = false;
		return false;
	}
	c->held = true;
	c->target = max(out / 2, 1);
	/*
	 * Armed unless already queued: a reap outside the timer does not
	 * push the deadline, so completions wait coalesce_max_us at most.
	 */
	if (!hrtimer_is_queued(&c->timer))
		hrtimer_start(&c->timer, ns_to_ktime(c->period_us * NSEC_PER_USEC),
			      HRTIMER_MODE_REL);
	return true;
}

/**
 * hvg2_scsi_coalesce_defer - may a batch's doorbell wait for a reap?
 * @c: the channel, its ring locked
 * @seen: requests in flight on @c that earlier batches published
 *
 * Return: true when @seen reaches coalesce_depth (never on a poll-only
 * channel, whose reaps user space drives).
 */
bool hvg2_scsi_coalesce_defer(struct hvg2_scsi_chan *c, int seen)
{
	unsigned int depth = READ_ONCE(coalesce_depth);

	return depth && !c->poll_only && seen >= (int)depth;
}

/**
 * hvg2_scsi_coalesce_stop - no timer pass any more (@c->hs->stopped set)
 * @c: the channel
 */
void hvg2_scsi_coalesce_stop(struct hvg2_scsi_chan *c)
{
	unsigned long flags;

	/* a reap in progress may still arm it: wait for it, then cancel */
	spin_lock_irqsave(&c->reap_lock, flags);
	spin_unlock_irqrestore(&c->reap_lock, flags);
	hrtimer_cancel(&c->timer);
}
