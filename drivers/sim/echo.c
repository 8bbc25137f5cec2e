// SPDX-License-Identifier: GPL-2.0
/*
 * The echo backend: the host end of an echo channel. Every packet the
 * guest sends comes back as a completion with the same transaction id and
 * the same payload bytes. It is the transport's end-to-end test and its
 * benchmark peer, and where the ring faults are injected.
 *
 * Runs as the channel's work item on the host's data workqueue: woken by
 * the guest's signal, it drains the guest's ring in a budgeted loop,
 * publishes its answers once per pass and signals only when the ring core
 * says so. When the guest's inbound ring is full it stops; the guest
 * signals when it frees space (pending_send_sz).
 *
 * It is built into hvg2_sim but uses only the backend API
 * (hvg2_sim_backend.h): the model for backends in modules of their own.
 */
#include <linux/module.h>
#include "internal.h"	/* only for its declaration of sim_echo_backend */
#include "hvg2/echo.h"

#define SIM_ECHO_BUDGET		256

static int sim_echo_one(struct hvg2_sim_chan *c, const struct hvg2_ring_pkt *pkt,
			u64 tid)
{
	struct hvg2_pkt_desc *out;

	out = hvg2_ring_reserve(&c->out, sizeof(*out) + pkt->payload_len);
	if (IS_ERR(out))
		return PTR_ERR(out);
	out->type = HVG2_PKT_COMPLETION;
	out->offset8 = sizeof(*out) / 8;
	out->flags = 0;
	out->trans_id = tid;
	memcpy(out + 1, pkt->payload, pkt->payload_len);
	hvg2_ring_commit(&c->out);
	return 0;
}

static void sim_echo_work(struct hvg2_sim_chan *c)
{
	struct hvg2_ring_pkt pkt;
	bool more, sig_out, sig_in;
	unsigned int n;
	int ret;

	for (n = 0; n < SIM_ECHO_BUDGET; n++) {
		u64 tid;

		ret = hvg2_ring_peek(&c->in, &pkt);
		if (ret == -ENODATA)
			break;
		if (ret) {
			pr_warn_ratelimited("hvg2_sim: %s: guest broke its ring\n",
					    hvg2_sim_dev_name(c->dev));
			break;
		}
		tid = pkt.trans_id;
		if (hvg2_sim_fault_take(c, HVG2_SIM_FAULT_FORGE_TID))
			tid ^= 0x5a5a000000000000ull;
		ret = sim_echo_one(c, &pkt, tid);
		if (!ret && hvg2_sim_fault_take(c, HVG2_SIM_FAULT_REPEAT_TID))
			ret = sim_echo_one(c, &pkt, tid);
		if (ret)
			break;	/* -EAGAIN: the guest signals when it has room */
		hvg2_ring_advance(&c->in);
		atomic64_inc(&c->packets);
	}
	more = n == SIM_ECHO_BUDGET;
	sig_out = hvg2_ring_publish(&c->out);
	sig_in = hvg2_ring_release(&c->in);
	if (sig_out || sig_in)
		hvg2_sim_signal(c);
	if (more)
		hvg2_sim_kick(c);
}

struct hvg2_sim_backend sim_echo_backend = {
	.name = "echo",
	.class_id = HVG2_ECHO_GUID_INIT,
	.owner = THIS_MODULE,
	.work = sim_echo_work,
};
