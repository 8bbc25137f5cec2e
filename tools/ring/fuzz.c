// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz: libFuzzer target for the ring core against a hostile peer.
 *
 *   input = [mode][nops][write_index][read_index][interrupt_mask]
 *           [pending_send_sz][nops x op][data area bytes...]
 *   op    = [field][u32 value]: the peer writes one header field, or one
 *           data byte (value = offset << 8 | byte), between our calls;
 *           driving the producer, the value is also the next packet's
 *           length (any u32 when the field's top bit is set)
 *
 * mode bit 0: copy-out consumer; bit 1: two data pages instead of one;
 * bit 2: drive the producer instead of the consumer; bit 3: feature bit
 * (pending_send_sz honoured); bit 4: through the batch cursors.
 *
 * The ring memory is [guard][header][data][data][guard] (ring_umem.c), so
 * any access outside the ring faults; the copy-out buffer is malloc'd, so
 * ASan watches it. Beyond "no crash" the target checks what the API
 * promises: packets lie inside the ring or the private copy, lengths add
 * up, and once broken every call fails with -EIO and nothing else.
 */
#include "ring_umem.h"

int hvg2_shim_verbose;

#define MAX_STEPS	512

enum {
	OP_WRITE_INDEX, OP_READ_INDEX, OP_PENDING, OP_MASK, OP_FEATURES,
	OP_DATA, OP_NR
};

struct input {
	const u8 *p;
	size_t n;
};

static u32 get_u32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz: invariant broken: %s\n", what);
		abort();
	}
}

/* Apply the next peer write; false when the script is exhausted. */
static bool peer_step(struct hvg2u_mem *m, struct input *ops)
{
	u32 v;

	if (ops->n < 5)
		return false;
	v = get_u32(ops->p + 1);
	switch (ops->p[0] % OP_NR) {
	case OP_WRITE_INDEX:
		WRITE_ONCE(m->hdr->write_index, v);
		break;
	case OP_READ_INDEX:
		WRITE_ONCE(m->hdr->read_index, v);
		break;
	case OP_PENDING:
		WRITE_ONCE(m->hdr->pending_send_sz, v);
		break;
	case OP_MASK:
		WRITE_ONCE(m->hdr->interrupt_mask, v);
		break;
	case OP_FEATURES:
		WRITE_ONCE(m->hdr->feature_bits, v);
		break;
	default:
		m->data[(v >> 8) % m->size] = v;
		break;
	}
	ops->p += 5;
	ops->n -= 5;
	return true;
}

/* Once broken, every call fails, and fails the same way. */
static void check_broken(struct hvg2_ring *r)
{
	struct hvg2_ring_pkt pkt;

	check(hvg2_ring_is_broken(r), "error without broken");
	check(hvg2_ring_peek(r, &pkt) == -EIO, "peek after broken");
	check(PTR_ERR(hvg2_ring_reserve(r, 64)) == -EIO, "reserve after broken");
	check(!hvg2_ring_publish(r), "publish after broken");
	check(!hvg2_ring_release(r), "release after broken");
	check(!hvg2_ring_pending(r), "pending after broken");
	check(!hvg2_ring_space(r), "space after broken");
}

static void check_pkt(struct hvg2_ring *r, const struct hvg2_ring_pkt *pkt)
{
	const u8 *d = (const u8 *)pkt->desc, *pl = pkt->payload;
	const u8 *lo = r->data, *hi = r->data + 2 * (size_t)r->size;
	volatile u8 sink = 0;
	u32 i;

	if (r->flags & HVG2_RING_COPY_OUT) {
		lo = r->copy_buf;
		hi = lo + r->copy_size;
	}
	check(d >= lo && d + pkt->len <= hi, "packet outside the ring");
	check(pkt->len >= sizeof(struct hvg2_pkt_desc) && !(pkt->len & 7), "packet length");
	check(pl >= d + sizeof(struct hvg2_pkt_desc) &&
	      pl + pkt->payload_len == d + pkt->len, "payload bounds");
	for (i = 0; i < pkt->payload_len; i++)
		sink += pl[i];
	(void)sink;
}

static void run_consumer(struct hvg2u_mem *m, u32 flags, bool cursor,
			 struct input *ops)
{
	struct hvg2_ring_rbatch rb;
	struct hvg2_ring_pkt pkt;
	struct hvg2_ring r;
	int step, err;

	if (hvg2_ring_init(&r, m->hdr, m->data, m->size, flags))
		return;
	if (cursor)
		hvg2_ring_rbatch_begin(&r, &rb);
	for (step = 0; step < MAX_STEPS; step++) {
		err = cursor ? hvg2_ring_rbatch_peek(&r, &rb, &pkt) :
			hvg2_ring_peek(&r, &pkt);
		if (!err) {
			check_pkt(&r, &pkt);
			if (cursor)
				hvg2_ring_rbatch_advance(&rb);
			else
				hvg2_ring_advance(&r);
			if (step % 3 == 0) {
				if (cursor) {
					hvg2_ring_rbatch_end(&r, &rb);
					hvg2_ring_rbatch_begin(&r, &rb);
				} else {
					hvg2_ring_release(&r);
				}
			}
			continue;
		}
		if (cursor)
			hvg2_ring_rbatch_end(&r, &rb);
		if (err == -EIO) {
			check_broken(&r);
			break;
		}
		check(err == -ENODATA, "peek error");
		hvg2_ring_release(&r);
		if (step & 1)
			hvg2_ring_unmask(&r);
		if (!peer_step(m, ops))
			break;
		if (cursor)
			hvg2_ring_rbatch_begin(&r, &rb);
	}
	if (hvg2_ring_is_broken(&r))
		check_broken(&r);
	hvg2_ring_destroy(&r);
}

static void run_producer(struct hvg2u_mem *m, bool cursor, struct input *ops)
{
	struct hvg2_ring_wbatch wb;
	struct hvg2_ring r;
	int step;

	if (hvg2_ring_init(&r, m->hdr, m->data, m->size, 0))
		return;
	if (cursor)
		hvg2_ring_wbatch_begin(&r, &wb);
	for (step = 0; step < MAX_STEPS && ops->n >= 5; step++) {
		/*
		 * The op's value doubles as the next packet length: mostly one
		 * that may fit, with the field's top bit any u32 at all.
		 */
		u32 v = get_u32(ops->p + 1);
		u32 len = ops->p[0] & 0x80 ? v : sizeof(struct hvg2_pkt_desc) + v % m->size;
		struct hvg2_pkt_desc *d = cursor ? hvg2_ring_wbatch_reserve(&r, &wb, len) :
			hvg2_ring_reserve(&r, len);

		if (!IS_ERR(d)) {
			check((u8 *)d >= m->data &&
			      (u8 *)d + ALIGN(len, 8) + 8 <= m->data + 2 * (size_t)m->size,
			      "reservation outside the ring");
			memset(d, 0x5a, len);
			d->offset8 = 2;
			if (cursor)
				hvg2_ring_wbatch_commit(&wb);
			else
				hvg2_ring_commit(&r);
			if (step & 1) {
				if (cursor) {
					hvg2_ring_wbatch_end(&r, &wb);
					hvg2_ring_wbatch_begin(&r, &wb);
				} else {
					hvg2_ring_publish(&r);
				}
			}
		} else if (PTR_ERR(d) == -EIO) {
			if (cursor)
				hvg2_ring_wbatch_end(&r, &wb);
			check_broken(&r);
			hvg2_ring_destroy(&r);
			return;
		} else {
			check(PTR_ERR(d) == -EAGAIN || PTR_ERR(d) == -EINVAL, "reserve error");
			if (cursor) {
				hvg2_ring_wbatch_end(&r, &wb);
				hvg2_ring_wbatch_begin(&r, &wb);
			} else {
				hvg2_ring_publish(&r);
			}
		}
		if (!cursor)
			hvg2_ring_space(&r);
		peer_step(m, ops);
	}
	if (cursor)
		hvg2_ring_wbatch_end(&r, &wb);
	if (hvg2_ring_is_broken(&r))
		check_broken(&r);
	hvg2_ring_destroy(&r);
}

int LLVMFuzzerTestOneInput(const u8 *buf, size_t len);
int LLVMFuzzerTestOneInput(const u8 *buf, size_t len)
{
	static struct hvg2u_mem mem[2];
	struct hvg2u_mem *m;
	struct input ops;
	u8 mode, nops;
	size_t opsz;

	if (len < 18)
		return 0;
	mode = buf[0];
	nops = buf[1];
	m = &mem[(mode >> 1) & 1];
	if (!m->base && hvg2u_mem_alloc(m, PAGE_SIZE << ((mode >> 1) & 1)))
		abort();

	memset(m->hdr, 0, sizeof(*m->hdr));
	m->hdr->write_index = get_u32(buf + 2);
	m->hdr->read_index = get_u32(buf + 6);
	m->hdr->interrupt_mask = get_u32(buf + 10);
	m->hdr->pending_send_sz = get_u32(buf + 14);
	if (mode & 8)
		m->hdr->feature_bits = HVG2_RING_FEAT_PENDING_SEND_SZ;
	buf += 18;
	len -= 18;

	opsz = (size_t)nops * 5;
	if (opsz > len)
		opsz = len - len % 5;
	ops.p = buf;
	ops.n = opsz;
	buf += opsz;
	len -= opsz;

	memset(m->data, 0, m->size);
	memcpy(m->data, buf, len < m->size ? len : m->size);

	if (mode & 4)
		run_producer(m, mode & 16, &ops);
	else
		run_consumer(m, (mode & 1) ? HVG2_RING_COPY_OUT : 0, mode & 16, &ops);
	return 0;
}
