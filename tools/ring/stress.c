// SPDX-License-Identifier: GPL-2.0
/*
 * stress: the user-space twin of the KUnit stress case, under ASan/UBSan.
 *
 *   producer thread                      consumer thread
 *   reserve/commit random-size packets   peek, check every byte, advance,
 *   seq-numbered, publish every few  ->  release every few
 *   -EAGAIN: wait for space              -ENODATA: wait for packets
 *
 * In place and in copy-out mode, with the plain calls and with the batch
 * cursors, on a two-page ring so that packets wrap and the ring fills all
 * the time. Exit 0 when every packet arrived intact and in order.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>

#include "ring_umem.h"

int hvg2_shim_verbose = 1;

#define RING_SIZE	(2 * PAGE_SIZE)
#define MAX_PAYLOAD	2000

struct stress {
	struct hvg2u_mem mem;
	struct hvg2_ring prod, cons;
	u64 packets;
	bool cursor;		/* use the batch cursors */
	int failed;
};

/* The packet's payload bytes, built in place. */
static void fill(struct hvg2_pkt_desc *d, u64 seq, u32 plen);

static u8 pattern(u64 seq, u32 i)
{
	return (u8)(seq * 131 + i * 7 + 1);
}

static u32 rnd(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (u32)*state;
}

static void fill(struct hvg2_pkt_desc *d, u64 seq, u32 plen)
{
	u8 *p = (u8 *)(d + 1);
	u32 i;

	d->type = HVG2_PKT_DATA_INBAND;
	d->offset8 = sizeof(*d) / 8;
	d->flags = 0;
	d->trans_id = seq;
	for (i = 0; i < plen; i++)
		p[i] = pattern(seq, i);
}

static void *producer(void *arg)
{
	struct stress *s = arg;
	struct hvg2_ring_wbatch wb;
	u64 seq, rs = 0x9e3779b97f4a7c15ull;
	u32 plen = 0;
	bool have = false;

	for (seq = 0; seq < s->packets;) {
		u32 burst = 1 + rnd(&rs) % 8;
		struct hvg2_pkt_desc *d;

		if (s->cursor)
			hvg2_ring_wbatch_begin(&s->prod, &wb);
		while (burst-- && seq < s->packets) {
			if (!have)
				plen = rnd(&rs) % MAX_PAYLOAD;
			have = true;
			d = s->cursor ?
				hvg2_ring_wbatch_reserve(&s->prod, &wb, sizeof(*d) + plen) :
				hvg2_ring_reserve(&s->prod, sizeof(*d) + plen);
			if (IS_ERR(d)) {
				if (PTR_ERR(d) != -EAGAIN) {
					s->failed = 1;
					return NULL;
				}
				break;
			}
			fill(d, seq, plen);
			if (s->cursor)
				hvg2_ring_wbatch_commit(&wb);
			else
				hvg2_ring_commit(&s->prod);
			have = false;
			seq++;
		}
		if (s->cursor)
			hvg2_ring_wbatch_end(&s->prod, &wb);
		else
			hvg2_ring_publish(&s->prod);
		if (have)
			sched_yield();	/* full: let the consumer run */
	}
	return NULL;
}

static void *consumer(void *arg)
{
	struct stress *s = arg;
	struct hvg2_ring_pkt pkt;
	u64 seq = 0;
	u32 i;
	int err;

	struct hvg2_ring_rbatch rb;

	if (s->cursor)
		hvg2_ring_rbatch_begin(&s->cons, &rb);
	while (seq < s->packets && !s->failed) {
		err = s->cursor ? hvg2_ring_rbatch_peek(&s->cons, &rb, &pkt) :
			hvg2_ring_peek(&s->cons, &pkt);
		if (err == -ENODATA) {
			if (s->cursor) {
				hvg2_ring_rbatch_end(&s->cons, &rb);
				sched_yield();
				hvg2_ring_rbatch_begin(&s->cons, &rb);
			} else {
				hvg2_ring_release(&s->cons);
				sched_yield();
			}
			continue;
		}
		if (err || pkt.trans_id != seq || pkt.type != HVG2_PKT_DATA_INBAND) {
			fprintf(stderr, "stress: packet %llu: err %d id %llu\n",
				(unsigned long long)seq, err,
				(unsigned long long)pkt.trans_id);
			s->failed = 1;
			break;
		}
		/* payload_len includes the padding; the padding is zero */
		for (i = 0; i < pkt.payload_len; i++) {
			const u8 *p = pkt.payload;

			if (p[i] != pattern(seq, i) && p[i] != 0) {
				fprintf(stderr, "stress: packet %llu byte %u\n",
					(unsigned long long)seq, i);
				s->failed = 1;
				break;
			}
		}
		if (s->cursor) {
			hvg2_ring_rbatch_advance(&rb);
			if (++seq % 3 == 0) {
				hvg2_ring_rbatch_end(&s->cons, &rb);
				hvg2_ring_rbatch_begin(&s->cons, &rb);
			}
		} else {
			hvg2_ring_advance(&s->cons);
			if (++seq % 3 == 0)
				hvg2_ring_release(&s->cons);
		}
	}
	if (s->cursor)
		hvg2_ring_rbatch_end(&s->cons, &rb);
	else
		hvg2_ring_release(&s->cons);
	return NULL;
}

static int run(u32 flags, bool cursor, u64 packets)
{
	struct stress s = { .packets = packets, .cursor = cursor };
	pthread_t p, c;

	if (hvg2u_mem_alloc(&s.mem, RING_SIZE))
		return 1;
	hvg2_ring_reset_hdr(s.mem.hdr);
	if (hvg2_ring_init(&s.prod, s.mem.hdr, s.mem.data, RING_SIZE, 0) ||
	    hvg2_ring_init(&s.cons, s.mem.hdr, s.mem.data, RING_SIZE, flags))
		return 1;
	pthread_create(&c, NULL, consumer, &s);
	pthread_create(&p, NULL, producer, &s);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	printf("stress %s%s: %llu packets, %llu bytes, %llu full, %llu copied: %s\n",
	       flags ? "copy-out" : "in place", cursor ? ", cursors" : "",
	       (unsigned long long)s.cons.stats.packets,
	       (unsigned long long)s.cons.stats.bytes,
	       (unsigned long long)s.prod.stats.full,
	       (unsigned long long)s.cons.stats.copied,
	       s.failed ? "FAILED" : "ok");
	if (s.cons.stats.packets != packets || s.prod.stats.bytes != s.cons.stats.bytes)
		s.failed = 1;
	hvg2_ring_destroy(&s.prod);
	hvg2_ring_destroy(&s.cons);
	hvg2u_mem_free(&s.mem);
	return s.failed;
}

int main(int argc, char **argv)
{
	u64 packets = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;

	return run(0, false, packets) | run(HVG2_RING_COPY_OUT, false, packets) |
	       run(0, true, packets) | run(HVG2_RING_COPY_OUT, true, packets);
}
