// SPDX-License-Identifier: GPL-2.0
/*
 * The echo backend: the host end of an echo channel. Every packet the
 * guest sends comes back as a completion with the same transaction id and
 * the same payload bytes. It is the transport's end-to-end test and its
 * benchmark peer, and where the ring faults are injected.
 *
 * Runs as the device's work item on the host's data workqueue: woken by
 * the guest's signal, it drains the guest's ring in a budgeted loop,
 * publishes its answers once per pass and signals only when the ring core
 * says so. When the guest's inbound ring is full it stops; the guest
 * signals when it frees space (pending_send_sz).
 */
#include "internal.h"
#include "hvg2/echo.h"

#define SIM_ECHO_BUDGET		256

static int sim_echo_one(struct sim_dev *d, const struct hvg2_ring_pkt *pkt,
			u64 tid)
{
	struct hvg2_pkt_desc *out;

	out = hvg2_ring_reserve(&d->out, sizeof(*out) + pkt->payload_len);
	if (IS_ERR(out))
		return PTR_ERR(out);
	out->type = HVG2_PKT_COMPLETION;
	out->offset8 = sizeof(*out) / 8;
	out->flags = 0;
	out->trans_id = tid;
	memcpy(out + 1, pkt->payload, pkt->payload_len);
	hvg2_ring_commit(&d->out);
	return 0;
}

static void sim_echo_work(struct sim_dev *d)
{
	struct sim_host *h = d->host;
	struct hvg2_ring_pkt pkt;
	bool more = false, sig_out, sig_in;
	unsigned int n;
	int ret;

	if (READ_ONCE(d->faults.stall))
		return;
	if (atomic_add_unless(&d->faults.corrupt_ring, -1, 0)) {
		/* a write index past the end of the guest's inbound ring */
		WRITE_ONCE(d->out.hdr->write_index, d->out.size + 8);
		pr_info("hvg2_sim: %s: corrupted the ring index (fault)\n", d->name);
		sim_signal_guest(h, d);
		return;
	}
	for (n = 0; n < SIM_ECHO_BUDGET; n++) {
		u64 tid;

		ret = hvg2_ring_peek(&d->in, &pkt);
		if (ret == -ENODATA)
			break;
		if (ret) {
			pr_warn_ratelimited("hvg2_sim: %s: guest broke its ring\n",
					    d->name);
			break;
		}
		tid = pkt.trans_id;
		if (atomic_add_unless(&d->faults.forge_tid, -1, 0))
			tid ^= 0x5a5a000000000000ull;
		ret = sim_echo_one(d, &pkt, tid);
		if (!ret && atomic_add_unless(&d->faults.repeat_tid, -1, 0))
			ret = sim_echo_one(d, &pkt, tid);
		if (ret)
			break;	/* -EAGAIN: the guest signals when it has room */
		hvg2_ring_advance(&d->in);
		atomic64_inc(&d->packets);
	}
	more = n == SIM_ECHO_BUDGET;
	sig_out = hvg2_ring_publish(&d->out);
	sig_in = hvg2_ring_release(&d->in);
	if (sig_out || sig_in)
		sim_signal_guest(h, d);
	if (more)
		queue_work(h->data_wq, &d->work);
}

const struct sim_backend sim_echo_backend = {
	.name = "echo",
	.class_id = HVG2_ECHO_GUID_INIT,
	.work = sim_echo_work,
};
