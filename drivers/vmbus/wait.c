// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting for a host's answer on a channel.
 *
 * A driver's control request (NVSP, RNDIS, vstor) is answered on the
 * channel it went on. A host that rescinded that channel, or whose ring
 * the transport found broken, will never answer: waiting the full timeout
 * then only delays probe or remove by seconds per request. So the wait is
 * cut into short slices and the channel's state (and the driver's own
 * "host broke the protocol" flag) is looked at between them.
 */
#include <linux/completion.h>
#include <linux/jiffies.h>
#include "internal.h"

/* how often a waiter looks at the channel's state */
#define HVG2_WAIT_SLICE		(HZ / 10)

/**
 * hvg2_channel_wait - wait for an answer, ending early if it cannot come
 * @ch: the channel the request went on
 * @done: completed when the answer came
 * @timeout: the longest wait, in jiffies
 * @broken: the driver's own "the host broke the protocol" flag, or NULL
 *
 * An answer that completed @done wins over a rescind seen at the same
 * time: the caller gets 0 and may use it.
 *
 * Return: 0 (answered), -ENODEV (rescinded), -EIO (the channel or the
 * driver found the host broken), -ETIMEDOUT.
 */
int hvg2_channel_wait(struct hvg2_channel *ch, struct completion *done,
		      unsigned long timeout, const bool *broken)
{
	unsigned long end = jiffies + timeout;

	for (;;) {
		if (wait_for_completion_timeout(done, HVG2_WAIT_SLICE))
			return 0;
		if (READ_ONCE(ch->rescinded))
			return -ENODEV;
		if (READ_ONCE(ch->state) == HVG2_CHAN_BROKEN ||
		    (broken && READ_ONCE(*broken)))
			return -EIO;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
	}
}
EXPORT_SYMBOL_GPL(hvg2_channel_wait);
