// SPDX-License-Identifier: GPL-2.0
/*
 * bench: hvg2_ring against its baselines, two threads pinned to two cores.
 *
 *   producer (cpu 0)                         consumer (cpu 1)
 *   copy msg in, commit x batch, publish --> peek, copy msg out, advance,
 *                                            release every batch / when empty
 *
 * Baselines, measured in the same run, each right next to the hvg2 run it
 * is compared with, round by round, so that vCPU placement (near or far)
 * moves both alike; a ratio is the median of the rounds' ratios:
 *   memcpy  the same bytes copied in on one core and out on the other,
 *           through a ring-sized buffer synchronised once per half: the
 *           cost of moving the data between the cores, nearly nothing else
 *           (a one-core memcpy runs from L1/L2 and no cross-core transfer
 *           can approach it, so it would measure the machine, not the ring)
 *   slot    a minimal SPSC ring of message-sized slots with cached indexes
 *           on their own cache lines: the cache-line limit of this machine
 *   rte     DPDK rte_ring, single producer/single consumer, 64-byte
 *           elements (64 B messages only), burst enqueue/dequeue
 *
 * Every loop is compiled per message size with the size a constant
 * (BY_SIZE()), and every consumer really copies each message out. Every
 * ring holds the same number of messages (RING_BYTES / size); ours gets
 * the few pages more its descriptors and trailers take.
 *
 * The 4 KiB target is checked at batches 8 and 32; batch 1 is printed
 * without one (see the comment at the check).
 *
 * Prints medians and the ratios the targets are about; exits 1 if a target
 * is missed. Message size is payload bytes; our ring also carries a 16-byte
 * descriptor and an 8-byte trailer per packet on the wire.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "ring_umem.h"

int hvg2_shim_verbose;

#define RING_BYTES	(256u << 10)
#define ROUNDS_DEFAULT	9
#define CACHELINE	64

static const u32 sizes[] = { 64, 256, 1024, 4096 };
static const u32 batches[] = { 1, 8, 32 };
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))
#define NBATCH	(sizeof(batches) / sizeof(batches[0]))

enum kind { K_HVG2, K_SLOT, K_RTE, K_MEMCPY, K_NR };
static const char *const kind_name[K_NR] = { "hvg2", "slot", "rte_ring", "memcpy" };

struct result {
	double mps;		/* messages per second */
	double sig;		/* signals per message */
};

/*
 * One benchmark run's shared state. What each thread writes sits on cache
 * lines of its own, so that the baselines and our ring pay for the same
 * sharing: the ring's, and nothing else.
 */
#define LINE_ALIGNED	__attribute__((aligned(CACHELINE)))
struct run {
	enum kind kind;
	u32 size, batch;
	u64 msgs;
	pthread_barrier_t start;
	struct timespec t0;
	u8 *slots;		/* slot ring, memcpy: the shared buffer */
	u32 nslots;
	struct rte_ring *rte;
	struct hvg2u_mem mem;

	/* written by the producer */
	struct hvg2_ring prod LINE_ALIGNED;
	u64 signals;

	/* written by the consumer */
	struct hvg2_ring cons LINE_ALIGNED;
	struct timespec t1;
	int bad;		/* consumer saw a wrong sequence number */

	/* the slot ring's and the memcpy run's indexes */
	struct { u32 v; } head LINE_ALIGNED;
	struct { u32 v; } tail LINE_ALIGNED;
	u8 end[0] LINE_ALIGNED;
};

/*
 * Every ring here copies its messages with memcpy() of the message size,
 * and every producer and consumer loop is compiled once per message size
 * with that size a constant (BY_SIZE()): the copies become inline moves,
 * and no library call in the loop forces the loop's variables out of
 * registers. Spilled variables are stores, and on a producer every store
 * waits in line behind the ring stores that wait for their cache lines.
 */
#define HOT	static inline __attribute__((always_inline))
#define BY_SIZE(fn, b) do {						\
	switch ((b)->size) {						\
	case 64:							\
		fn(b, 64);						\
		break;							\
	case 256:							\
		fn(b, 256);						\
		break;							\
	case 1024:							\
		fn(b, 1024);						\
		break;							\
	case 4096:							\
		fn(b, 4096);						\
		break;							\
	default:							\
		fn(b, (b)->size);					\
		break;							\
	}								\
} while (0)

/* The consumers' copies are real: the compiler must not drop them. */
static inline void sink(void *p)
{
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

static double now_ns(const struct timespec *t)
{
	return t->tv_sec * 1e9 + t->tv_nsec;
}

/* Set by main(): run the two threads SCHED_FIFO when allowed. */
static bool use_fifo;

/*
 * Pin to @cpu. On a busy machine (a kernel build next door) a spinning
 * thread that is preempted for a time slice turns a ring benchmark into a
 * scheduler benchmark, so when we may, the threads run SCHED_FIFO for the
 * few seconds each run lasts (HVG2_BENCH_FIFO=0 turns that off).
 */
static void pin(int cpu)
{
	struct sched_param sp = { .sched_priority = 10 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (use_fifo && pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp))
		use_fifo = false;
}

/* ---- hvg2_ring ---- */

HOT void hvg2_produce_sz(struct run *b, const u32 size)
{
	u8 src[4096] __attribute__((aligned(64)));
	u32 alen = ALIGN(sizeof(struct hvg2_pkt_desc) + size, 8);
	struct hvg2_ring_wbatch wb;
	u64 seq = 0;

	memset(src, 0xa5, sizeof(src));
	while (seq < b->msgs) {
		u32 n = 0;

		hvg2_ring_wbatch_begin(&b->prod, &wb);
		while (n < b->batch && seq < b->msgs) {
			struct hvg2_pkt_desc *d = hvg2_ring_wbatch_reserve(&b->prod, &wb,
						sizeof(*d) + size);

			if (IS_ERR(d)) {
				if (PTR_ERR(d) != -EAGAIN)
					abort();
				if (n)
					break;	/* publish what we have */
				cpu_relax();
				continue;
			}
			/* the whole descriptor in two stores, len8 included */
			*d = (struct hvg2_pkt_desc){
				.type = HVG2_PKT_DATA_INBAND,
				.offset8 = sizeof(*d) / 8,
				.len8 = alen / 8,
				.trans_id = seq,
			};
			memcpy(d + 1, src, size);
			hvg2_ring_wbatch_commit(&wb);
			n++;
			seq++;
		}
		if (hvg2_ring_wbatch_end(&b->prod, &wb))
			b->signals++;
	}
}

HOT void hvg2_consume_sz(struct run *b, const u32 size)
{
	u8 dst[4096] __attribute__((aligned(64)));
	struct hvg2_ring_rbatch rb;
	struct hvg2_ring_pkt pkt;
	u64 seq = 0;

	memset(dst, 0, sizeof(dst));
	while (seq < b->msgs) {
		u32 n = 0;
		int err = 0;

		hvg2_ring_rbatch_begin(&b->cons, &rb);
		while (n < b->batch && seq < b->msgs &&
		       !(err = hvg2_ring_rbatch_peek(&b->cons, &rb, &pkt))) {
			if (pkt.trans_id != seq || pkt.payload_len != size)
				b->bad = 1;
			memcpy(dst, pkt.payload, size);
			sink(dst);
			hvg2_ring_rbatch_advance(&rb);
			seq++;
			n++;
		}
		hvg2_ring_rbatch_end(&b->cons, &rb);
		if (err && err != -ENODATA)
			b->bad = 1;
		if (!n)
			cpu_relax();
	}
	barrier();
	if (dst[0] != 0xa5)
		b->bad = 1;
}

/* ---- minimal slot ring: the cache-line limit ---- */

HOT void slot_produce_sz(struct run *b, const u32 size)
{
	u8 src[4096] __attribute__((aligned(64)));
	u32 tail = 0, head_cache = 0, mask = b->nslots - 1;
	u64 seq = 0;

	memset(src, 0xa5, sizeof(src));
	while (seq < b->msgs) {
		u32 n = 0;

		while (n < b->batch && seq < b->msgs) {
			u8 *s;

			if (tail - head_cache == b->nslots) {
				/* pairs with the consumer's release of head */
				head_cache = smp_load_acquire(&b->head.v);
				if (tail - head_cache == b->nslots) {
					if (n)
						break;
					cpu_relax();
					continue;
				}
			}
			s = b->slots + (size_t)(tail & mask) * size;
			memcpy(s, src, size);
			memcpy(s, &seq, sizeof(seq));
			tail++;
			n++;
			seq++;
		}
		/* pairs with the consumer's acquire of tail: slots, then index */
		smp_store_release(&b->tail.v, tail);
	}
}

HOT void slot_consume_sz(struct run *b, const u32 size)
{
	u8 dst[4096] __attribute__((aligned(64)));
	u32 head = 0, tail_cache = 0, mask = b->nslots - 1, n = 0;
	u64 seq = 0, got;

	while (seq < b->msgs) {
		const u8 *s;

		if (head == tail_cache) {
			/* pairs with the producer's acquire of head */
			smp_store_release(&b->head.v, head);
			n = 0;
			/* pairs with the producer's release of tail */
			tail_cache = smp_load_acquire(&b->tail.v);
			if (head == tail_cache) {
				cpu_relax();
				continue;
			}
		}
		s = b->slots + (size_t)(head & mask) * size;
		memcpy(dst, s, size);
		sink(dst);
		memcpy(&got, dst, sizeof(got));
		if (got != seq)
			b->bad = 1;
		head++;
		seq++;
		if (++n == b->batch) {
			/* as above: our reads of the slots are done */
			smp_store_release(&b->head.v, head);
			n = 0;
		}
	}
	/* as above */
	smp_store_release(&b->head.v, head);
}

/* ---- DPDK rte_ring, SP/SC, 64-byte elements ---- */

static void rte_produce(struct run *b)
{
	u8 src[32][64] __attribute__((aligned(64)));
	u64 seq = 0;
	u32 i;

	memset(src, 0xa5, sizeof(src));
	while (seq < b->msgs) {
		u32 want = b->batch, done;

		if (want > b->msgs - seq)
			want = b->msgs - seq;
		for (i = 0; i < want; i++)
			memcpy(src[i], &(u64){ seq + i }, 8);
		do {
			done = rte_ring_sp_enqueue_burst_elem(b->rte, src, 64, want, NULL);
			if (!done)
				cpu_relax();
		} while (!done);
		/* re-queue what did not fit, keeping the sequence */
		seq += done;
	}
}

static void rte_consume(struct run *b)
{
	u8 dst[32][64] __attribute__((aligned(64)));
	u64 seq = 0, got;
	u32 i, n;

	while (seq < b->msgs) {
		n = rte_ring_sc_dequeue_burst_elem(b->rte, dst, 64, b->batch, NULL);
		if (!n) {
			cpu_relax();
			continue;
		}
		for (i = 0; i < n; i++) {
			memcpy(&got, dst[i], 8);
			if (got != seq + i)
				b->bad = 1;
		}
		seq += n;
	}
}

/*
 * ---- memcpy: the copies alone ----
 *
 * The same bytes copied in by one core and out by the other, in message
 * sized pieces, through a buffer the size of the ring, synchronised only
 * once per half buffer: what moving the data between the two cores costs
 * with next to no synchronisation.
 */

HOT void memcpy_produce_sz(struct run *b, const u32 size)
{
	u8 src[4096] __attribute__((aligned(64)));
	u32 per = (RING_BYTES / 2) / size, half = 0, i;
	u64 seq = 0;

	memset(src, 0xa5, sizeof(src));
	while (seq < b->msgs) {
		u8 *p = b->slots + (half & 1) * (RING_BYTES / 2);

		/* pairs with the consumer's release of head */
		while (half - smp_load_acquire(&b->head.v) == 2)
			cpu_relax();
		for (i = 0; i < per && seq < b->msgs; i++, seq++) {
			memcpy(p + (size_t)i * size, src, size);
			memcpy(p + (size_t)i * size, &seq, sizeof(seq));
		}
		/* pairs with the consumer's acquire of tail */
		smp_store_release(&b->tail.v, ++half);
	}
}

HOT void memcpy_consume_sz(struct run *b, const u32 size)
{
	u8 dst[4096] __attribute__((aligned(64)));
	u32 per = (RING_BYTES / 2) / size, half = 0, i;
	u64 seq = 0, got;

	while (seq < b->msgs) {
		const u8 *p = b->slots + (half & 1) * (RING_BYTES / 2);

		/* pairs with the producer's release of tail */
		while (smp_load_acquire(&b->tail.v) == half)
			cpu_relax();
		for (i = 0; i < per && seq < b->msgs; i++, seq++) {
			memcpy(dst, p + (size_t)i * size, size);
			sink(dst);
			memcpy(&got, dst, sizeof(got));
			if (got != seq)
				b->bad = 1;
		}
		/* pairs with the producer's acquire of head */
		smp_store_release(&b->head.v, ++half);
	}
}

static void hvg2_produce(struct run *b)
{
	BY_SIZE(hvg2_produce_sz, b);
}

static void hvg2_consume(struct run *b)
{
	BY_SIZE(hvg2_consume_sz, b);
}

static void slot_produce(struct run *b)
{
	BY_SIZE(slot_produce_sz, b);
}

static void slot_consume(struct run *b)
{
	BY_SIZE(slot_consume_sz, b);
}

static void memcpy_produce(struct run *b)
{
	BY_SIZE(memcpy_produce_sz, b);
}

static void memcpy_consume(struct run *b)
{
	BY_SIZE(memcpy_consume_sz, b);
}

/* ---- the two threads ---- */

static void *consumer_thread(void *arg)
{
	struct run *b = arg;

	pin(1);
	pthread_barrier_wait(&b->start);
	if (b->kind == K_HVG2)
		hvg2_consume(b);
	else if (b->kind == K_SLOT)
		slot_consume(b);
	else if (b->kind == K_RTE)
		rte_consume(b);
	else
		memcpy_consume(b);
	clock_gettime(CLOCK_MONOTONIC, &b->t1);
	return NULL;
}

/*
 * The bytes an hvg2 ring needs to hold as many messages as the baselines
 * (RING_BYTES / size): each packet carries a descriptor and a trailer, and
 * the ring is never filled completely. With exactly RING_BYTES, 4 KiB
 * messages in batches of 32 would not fit twice, and the producer would
 * wait for every release where the slot ring double-buffers.
 */
static u32 hvg2_ring_bytes(u32 size)
{
	u32 wire = ALIGN(sizeof(struct hvg2_pkt_desc) + size, 8) + HVG2_PKT_TRAILER_SIZE;

	return ALIGN((RING_BYTES / size) * wire + HVG2_PKT_ALIGN, PAGE_SIZE);
}

static void setup(struct run *b)
{
	u32 bytes = hvg2_ring_bytes(b->size);
	size_t sz;

	switch (b->kind) {
	case K_HVG2:
		if (hvg2u_mem_alloc(&b->mem, bytes))
			abort();
		hvg2_ring_reset_hdr(b->mem.hdr);
		if (hvg2_ring_init(&b->prod, b->mem.hdr, b->mem.data, bytes, 0) ||
		    hvg2_ring_init(&b->cons, b->mem.hdr, b->mem.data, bytes, 0))
			abort();
		break;
	case K_SLOT:
	case K_MEMCPY:
		/* slots of the message size, as many as fill the ring's bytes */
		b->nslots = RING_BYTES / b->size;
		b->slots = aligned_alloc(4096, RING_BYTES);
		if (!b->slots)
			abort();
		memset(b->slots, 0, RING_BYTES);
		break;
	case K_RTE:
		sz = rte_ring_get_memsize_elem(64, RING_BYTES / 64);
		b->rte = aligned_alloc(4096, ALIGN(sz, 4096));
		if (!b->rte || rte_ring_init(b->rte, "bench", RING_BYTES / 64,
					     RING_F_SP_ENQ | RING_F_SC_DEQ))
			abort();
		break;
	default:
		break;
	}
}

static void teardown(struct run *b)
{
	if (b->kind == K_HVG2) {
		hvg2_ring_destroy(&b->prod);
		hvg2_ring_destroy(&b->cons);
		hvg2u_mem_free(&b->mem);
	}
	free(b->slots);
	free(b->rte);
}

static struct result run_one(enum kind kind, u32 size, u32 batch)
{
	struct run *b = aligned_alloc(CACHELINE, ALIGN(sizeof(*b), CACHELINE));
	struct result res;
	pthread_t t;

	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->size = size;
	b->batch = batch;
	/* about 64 MiB of payload, between 64 Ki and 1 Mi messages */
	b->msgs = (64ull << 20) / size;
	if (b->msgs > (1u << 20))
		b->msgs = 1u << 20;
	setup(b);

	pthread_barrier_init(&b->start, NULL, 2);
	pthread_create(&t, NULL, consumer_thread, b);
	pin(0);
	pthread_barrier_wait(&b->start);
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
	if (kind == K_HVG2)
		hvg2_produce(b);
	else if (kind == K_SLOT)
		slot_produce(b);
	else if (kind == K_RTE)
		rte_produce(b);
	else
		memcpy_produce(b);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&b->start);
	if (b->bad) {
		fprintf(stderr, "bench: %s size %u batch %u: data check failed\n",
			kind_name[kind], size, batch);
		exit(2);
	}
	res.mps = b->msgs / ((now_ns(&b->t1) - now_ns(&b->t0)) / 1e9);
	res.sig = (double)b->signals / b->msgs;
	teardown(b);
	free(b);
	return res;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* samples[kind][size][batch][round] */
static double mps[K_NR][NSIZES][NBATCH][64], sig[NSIZES][NBATCH][64];

static int check(const char *what, double ratio, double target)
{
	int ok = ratio >= target;

	printf("  %-44s %6.2f  (target >= %.2f)  %s\n", what, ratio, target,
	       ok ? "ok" : "MISSED");
	return ok ? 0 : 1;
}

/* The baselines for size index @i, batch index @j, round @r. */
static void run_baselines(int i, int j, int r)
{
	mps[K_SLOT][i][j][r] = run_one(K_SLOT, sizes[i], batches[j]).mps;
	/* memcpy has no batches: measured again next to each hvg2 run */
	mps[K_MEMCPY][i][j][r] = run_one(K_MEMCPY, sizes[i], 1).mps;
	if (sizes[i] == 64)
		mps[K_RTE][i][j][r] = run_one(K_RTE, 64, batches[j]).mps;
	else
		mps[K_RTE][i][j][r] = 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : ROUNDS_DEFAULT;
	double m[K_NR][NSIZES][NBATCH], q[K_NR][NSIZES][NBATCH], s[NSIZES][NBATCH];
	int r, k, i, j, fail = 0;

	if (rounds < 1 || rounds > 64)
		rounds = ROUNDS_DEFAULT;
	use_fifo = !getenv("HVG2_BENCH_FIFO") || atoi(getenv("HVG2_BENCH_FIFO"));
	/* bench ROUNDS KIND SIZE BATCH: one configuration, for profiling */
	if (argc == 5) {
		for (k = 0; k < K_NR && strcmp(argv[2], kind_name[k]); k++)
			;
		if (k == K_NR)
			return 2;
		for (r = 0; r < rounds; r++) {
			struct result x = run_one(k, atoi(argv[3]), atoi(argv[4]));

			printf("%s %s %s: %.2f Mmsg/s, %.4f signals/msg\n", argv[2],
			       argv[3], argv[4], x.mps / 1e6, x.sig);
		}
		return 0;
	}
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		fprintf(stderr, "bench: fewer than 2 cpus, figures are meaningless\n");

	/*
	 * Interleave: every configuration once per round, each baseline next
	 * to the hvg2 run it is compared with (before it in odd rounds, after
	 * it in even ones), so that both see the same vCPU placement.
	 */
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < (int)NSIZES; i++) {
			for (j = 0; j < (int)NBATCH; j++) {
				struct result x;

				if (r & 1)
					run_baselines(i, j, r);
				x = run_one(K_HVG2, sizes[i], batches[j]);
				mps[K_HVG2][i][j][r] = x.mps;
				sig[i][j][r] = x.sig;
				if (!(r & 1))
					run_baselines(i, j, r);
			}
		}
		fprintf(stderr, "bench: round %d/%d done\n", r + 1, rounds);
	}
	for (k = 0; k < K_NR; k++) {
		for (i = 0; i < (int)NSIZES; i++) {
			for (j = 0; j < (int)NBATCH; j++) {
				double v[64];

				for (r = 0; r < rounds; r++)
					v[r] = mps[k][i][j][r] > 0 ?
						mps[K_HVG2][i][j][r] / mps[k][i][j][r] : 0;
				q[k][i][j] = median(v, rounds);
				m[k][i][j] = median(mps[k][i][j], rounds);
			}
		}
	}
	for (i = 0; i < (int)NSIZES; i++)
		for (j = 0; j < (int)NBATCH; j++)
			s[i][j] = median(sig[i][j], rounds);

	printf("hvg2_ring benchmark: medians of %d interleaved rounds, ring %u KiB, cpus 0 -> 1, %s\n",
	       rounds, RING_BYTES >> 10, use_fifo ? "SCHED_FIFO" : "SCHED_OTHER");
	printf("(ratio: the median of the rounds' hvg2 / baseline, each pair run back to back)\n");
	printf("%6s %5s | %10s %7s %8s | %10s %6s | %10s %6s | %7s %6s\n",
	       "size", "batch", "hvg2 Mmsg/s", "GB/s", "sig/msg",
	       "slot Mmsg/s", "ratio", "rte Mmsg/s", "ratio", "memcpy", "ratio");
	for (i = 0; i < (int)NSIZES; i++) {
		for (j = 0; j < (int)NBATCH; j++) {
			double h = m[K_HVG2][i][j];

			printf("%6u %5u | %10.2f %7.2f %8.4f | %10.2f %6.2f |",
			       sizes[i], batches[j], h / 1e6, h * sizes[i] / 1e9, s[i][j],
			       m[K_SLOT][i][j] / 1e6, q[K_SLOT][i][j]);
			if (sizes[i] == 64)
				printf(" %10.2f %6.2f |", m[K_RTE][i][j] / 1e6,
				       q[K_RTE][i][j]);
			else
				printf(" %10s %6s |", "-", "-");
			printf(" %5.2fGB/s %5.2f\n", m[K_MEMCPY][i][j] * sizes[i] / 1e9,
			       q[K_MEMCPY][i][j]);
		}
	}

	printf("targets (medians of same-run ratios):\n");
	/* sizes[0] = 64, batches[] = 1, 8, 32 */
	fail |= check("64 B batch 32: hvg2 / slot ring", q[K_SLOT][0][2], 0.6);
	fail |= check("64 B batch 32: hvg2 / rte_ring", q[K_RTE][0][2], 0.8);
	fail |= check("64 B batch 1: hvg2 / rte_ring", q[K_RTE][0][0], 0.33);
	/*
	 * The 4 KiB target is about bulk data, i.e. batches: a publish and a
	 * release per 4 KiB message pay the protocol's two full barriers and
	 * a header line crossing per message, which the memcpy baseline never
	 * does. Batch 1 is printed, measured against the same figure, and
	 * does not fail the run.
	 */
	printf("  %-44s %6.2f  (no target: a sync per message)\n",
	       "4 KiB batch 1: hvg2 / memcpy", q[K_MEMCPY][3][0]);
	for (j = 1; j < (int)NBATCH; j++) {
		char what[64];

		snprintf(what, sizeof(what), "4 KiB batch %u: hvg2 / memcpy", batches[j]);
		fail |= check(what, q[K_MEMCPY][3][j], 0.7);
	}
	/* at most one signal per publish: 1/32 when the consumer keeps up */
	printf("  %-44s %6.4f  (target <= %.4f)  %s\n", "64 B batch 32: signals per message",
	       s[0][2], 1.0 / 32, s[0][2] <= 1.0 / 32 + 1e-9 ? "ok" : "MISSED");
	fail |= s[0][2] > 1.0 / 32 + 1e-9;
	printf("bench: %s\n", fail ? "FAILED: a target was missed" : "all targets met");
	return fail;
}
