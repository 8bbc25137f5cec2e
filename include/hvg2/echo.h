/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "echo" device class: our own test class, not Hyper-V's. The host
 * answers every packet that requests a completion
 * (HVG2_PKT_FLAG_COMPLETION_REQUESTED) with a completion (type
 * HVG2_PKT_COMPLETION) that carries the same transaction id and the same
 * payload bytes; it consumes other packets without an answer (one-way). The guest
 * driver (hvg2_echo) and the simulated host's backend both speak it;
 * neither includes the other's headers.
 */
#ifndef _HVG2_ECHO_H
#define _HVG2_ECHO_H

#include <linux/uuid.h>

/* {8c2eaf3a-6e2b-4d9b-9a8e-68766732ec40} ("hvg2ec" in the last bytes) */
#define HVG2_ECHO_GUID_INIT						\
	GUID_INIT(0x8c2eaf3a, 0x6e2b, 0x4d9b, 0x9a, 0x8e,		\
		  0x68, 0x76, 0x67, 0x32, 0xec, 0x40)

#endif /* _HVG2_ECHO_H */
