// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_ring KUnit suite, the stress case: a producer and a consumer
 * kthread, on two CPUs when there are two, that sleep on the ring's own
 * signalling decisions (so a lost wake-up fails the test after 10 s
 * instead of hiding behind polling), with sequence-numbered packets of
 * random sizes, every byte checked, in place and copy-out, through the
 * plain calls and the batch cursors.
 *
 *   producer kthread                        consumer kthread
 *   bursts of 1..8 packets, publish   -->   batches of up to 3, release
 *   -EAGAIN: sleep on space_wq        <--   release says "signal": wake
 *   publish says "signal": wake       -->   -ENODATA: sleep on data_wq
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/err.h>

#include "ring_kunit.h"

/*
 * 50000 random packets wrap the 16 KiB ring some 1600 times per mode and
 * take seconds under TCG + KASAN; stress_packets=1000000 for the long run.
 */
static unsigned int stress_packets = 50000;
module_param(stress_packets, uint, 0444);
MODULE_PARM_DESC(stress_packets,
		 "packets per mode in the two-thread stress case (default 50000; 1000000 for a long run)");

static unsigned int stress_max_payload = 1024;
module_param(stress_max_payload, uint, 0444);
MODULE_PARM_DESC(stress_max_payload, "largest random payload in the stress case");

struct stress {
	struct kunit *test;
	struct hvg2_ring_fixture *f;
	wait_queue_head_t data_wq;	/* consumer sleeps: "signal the peer" */
	wait_queue_head_t space_wq;	/* producer sleeps: pending_send_sz */
	struct completion done[2];
	u64 received;
	u32 seed;
	u32 want;		/* what the blocked producer waits room for */
	bool cursor;		/* through the batch cursors */
	bool abort;
	int error;
};

static u32 xorshift(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void stress_park(struct stress *s, int who)
{
	complete(&s->done[who]);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/* Build packet @seq at @d, @plen payload bytes. */
static void stress_fill(struct hvg2_pkt_desc *d, u32 seq, u32 plen)
{
	u8 *p = (u8 *)(d + 1);
	u32 i;

	d->type = HVG2_PKT_DATA_INBAND;
	d->offset8 = DESC_SZ / 8;
	d->flags = 0;
	d->trans_id = seq;
	for (i = 0; i < plen; i++)
		p[i] = hvg2_ring_test_pattern(seq, i);
}

/* One burst of up to @burst packets; -EAGAIN when the ring filled up. */
static int stress_burst(struct stress *s, u32 *seq, u32 *rnd, u32 burst)
{
	struct hvg2_ring_fixture *f = s->f;
	struct hvg2_ring_wbatch wb;
	struct hvg2_pkt_desc *d;
	bool signal;
	u32 plen;
	int err = 0;

	if (s->cursor)
		hvg2_ring_wbatch_begin(&f->prod, &wb);
	for (; burst && *seq < stress_packets; burst--) {
		/* peek at the next length without consuming it on failure */
		u32 next = *rnd;

		plen = xorshift(&next) % (stress_max_payload + 1);
		d = s->cursor ? hvg2_ring_wbatch_reserve(&f->prod, &wb, DESC_SZ + plen) :
			hvg2_ring_reserve(&f->prod, DESC_SZ + plen);
		if (IS_ERR(d)) {
			err = PTR_ERR(d);
			s->want = DESC_SZ + plen;
			break;
		}
		*rnd = next;
		stress_fill(d, *seq, plen);
		if (s->cursor)
			hvg2_ring_wbatch_commit(&wb);
		else
			hvg2_ring_commit(&f->prod);
		(*seq)++;
	}
	signal = s->cursor ? hvg2_ring_wbatch_end(&f->prod, &wb) :
		hvg2_ring_publish(&f->prod);
	if (signal)
		wake_up(&s->data_wq);
	return err;
}

static int stress_producer(void *arg)
{
	struct stress *s = arg;
	struct hvg2_ring_fixture *f = s->f;
	u32 rnd = s->seed, coin = s->seed ^ 0x5bd1e995, seq = 0;
	int err;

	while (seq < stress_packets && !READ_ONCE(s->abort)) {
		err = stress_burst(s, &seq, &rnd, 1 + xorshift(&coin) % 8);
		if (err == -EAGAIN) {
			/* pending_send_sz is set: the consumer signals */
			if (!wait_event_timeout(s->space_wq,
						hvg2_ring_space(&f->prod) >= s->want ||
						READ_ONCE(s->abort), 10 * HZ)) {
				s->error = -ETIMEDOUT;	/* a lost wakeup */
				WRITE_ONCE(s->abort, true);
			}
		} else if (err) {
			s->error = err;
			WRITE_ONCE(s->abort, true);
		}
	}
	wake_up(&s->data_wq);
	stress_park(s, 0);
	return 0;
}

/* Check packet @seq; false (and the error recorded) when it is wrong. */
static bool stress_check(struct stress *s, const struct hvg2_ring_pkt *pkt,
			 u32 seq, u32 plen)
{
	const u8 *p = pkt->payload;
	u32 i;

	if (pkt->trans_id != seq ||
	    pkt->payload_len != ALIGN(DESC_SZ + plen, 8) - DESC_SZ) {
		s->error = -EBADMSG;
		return false;
	}
	for (i = 0; i < plen; i++) {
		if (p[i] != hvg2_ring_test_pattern(seq, i)) {
			s->error = -EILSEQ;
			return false;
		}
	}
	return true;
}

static int stress_consumer(void *arg)
{
	struct stress *s = arg;
	struct hvg2_ring_fixture *f = s->f;
	u32 rnd = s->seed, seq = 0, plen, n;
	struct hvg2_ring_rbatch rb;
	struct hvg2_ring_pkt pkt;
	bool signal;
	int err = 0;

	while (seq < stress_packets && !READ_ONCE(s->abort)) {
		/* up to three packets per batch, then release */
		if (s->cursor)
			hvg2_ring_rbatch_begin(&f->cons, &rb);
		for (n = 0; n < 3 && seq < stress_packets; n++) {
			err = s->cursor ? hvg2_ring_rbatch_peek(&f->cons, &rb, &pkt) :
				hvg2_ring_peek(&f->cons, &pkt);
			if (err)
				break;
			/* the producer's random lengths, replayed */
			plen = xorshift(&rnd) % (stress_max_payload + 1);
			if (!stress_check(s, &pkt, seq, plen)) {
				err = s->error;
				break;
			}
			if (s->cursor)
				hvg2_ring_rbatch_advance(&rb);
			else
				hvg2_ring_advance(&f->cons);
			seq++;
		}
		signal = s->cursor ? hvg2_ring_rbatch_end(&f->cons, &rb) :
			hvg2_ring_release(&f->cons);
		if (signal)
			wake_up(&s->space_wq);
		if (err && err != -ENODATA) {
			s->error = err;
			WRITE_ONCE(s->abort, true);
		} else if (err == -ENODATA &&
			   !wait_event_timeout(s->data_wq,
					       /* after the release's barrier */
					       hvg2_ring_pending(&f->cons) ||
					       READ_ONCE(s->abort), 10 * HZ)) {
			s->error = -ETIMEDOUT;	/* a lost wakeup */
			WRITE_ONCE(s->abort, true);
		}
		cond_resched();
	}
	s->received = seq;
	wake_up(&s->space_wq);
	stress_park(s, 1);
	return 0;
}

struct stress_mode {
	const char *name;
	u32 flags;
	bool cursor;
};

static const struct stress_mode stress_modes[] = {
	{ "in place", 0, false },
	{ "copy-out", HVG2_RING_COPY_OUT, false },
	{ "in place, batch cursors", 0, true },
	{ "copy-out, batch cursors", HVG2_RING_COPY_OUT, true },
};

void hvg2_ring_test_stress(struct kunit *test)
{
	const struct stress_mode *mode = test->param_value;
	struct hvg2_ring_fixture *f = hvg2_ring_test_setup(test, 4, 0, mode->flags);
	struct task_struct *t[2];
	struct stress *s;
	int i;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->test = test;
	s->f = f;
	s->cursor = mode->cursor;
	s->seed = get_random_u32() | 1;
	init_waitqueue_head(&s->data_wq);
	init_waitqueue_head(&s->space_wq);
	init_completion(&s->done[0]);
	init_completion(&s->done[1]);

	t[0] = kthread_create(stress_producer, s, "hvg2_ring_prod");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t[0]));
	t[1] = kthread_create(stress_consumer, s, "hvg2_ring_cons");
	if (IS_ERR(t[1])) {
		kthread_stop(t[0]);
		KUNIT_FAIL(test, "kthread_create");
		return;
	}
	/* on two CPUs when there are two: the producer and the consumer race */
	if (num_online_cpus() > 1) {
		kthread_bind(t[0], cpumask_first(cpu_online_mask));
		kthread_bind(t[1], cpumask_next(cpumask_first(cpu_online_mask),
						cpu_online_mask));
	}
	for (i = 0; i < 2; i++) {
		get_task_struct(t[i]);
		wake_up_process(t[i]);
	}
	for (i = 0; i < 2; i++)
		wait_for_completion(&s->done[i]);
	for (i = 0; i < 2; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}

	KUNIT_EXPECT_EQ_MSG(test, s->error, 0, "seed %u", s->seed);
	KUNIT_EXPECT_EQ(test, s->received, (u64)stress_packets);
	KUNIT_EXPECT_EQ(test, f->cons.stats.bytes, f->prod.stats.bytes);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_is_broken(&f->cons));
	kunit_info(test, "%llu packets, %llu signals to the consumer, %llu to the producer, %llu full\n",
		   s->received, f->prod.stats.signals, f->cons.stats.signals,
		   f->prod.stats.full);
}

static void stress_mode_desc(const struct stress_mode *mode, char *desc)
{
	strscpy(desc, mode->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stress, stress_modes, stress_mode_desc);

const void *hvg2_ring_test_stress_params(const void *prev, char *desc)
{
	return stress_gen_params(prev, desc);
}
