// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_pmem: decoding Hyper-V NVDIMM _DSM responses.
 *
 * Every Hyper-V function answers with a buffer that starts with the
 * standard _DSM status word: bits 15:0 the generic status (0 success,
 * 1 not supported, 2 no such device, 3 invalid input, 4 hardware error,
 * 5 retry, 6 unknown, 7 function-specific), bits 31:16 extended status.
 * Health (function 1) and unsafe-shutdown count (function 2) follow it
 * with one little-endian u32. The buffer comes from firmware, that is
 * from the host: its length is checked before anything is read.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include "dsm.h"

static u32 le32_at(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/**
 * hvg2_hv_dsm_status() - errno for the status word of a _DSM response
 * @buf: response buffer
 * @len: its length in bytes
 *
 * Return: 0 on success status, -EIO for a short buffer or a hardware or
 * unknown failure, -EOPNOTSUPP, -ENXIO, -EINVAL or -EAGAIN for the
 * generic statuses that map onto them.
 */
int hvg2_hv_dsm_status(const void *buf, size_t len)
{
	if (!buf || len < 4)
		return -EIO;

	switch (le32_at(buf) & 0xffff) {
	case 0:
		return 0;
	case 1:
		return -EOPNOTSUPP;
	case 2:
		return -ENXIO;
	case 3:
		return -EINVAL;
	case 5:
		return -EAGAIN;
	default:
		return -EIO;
	}
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_hv_dsm_status);

/**
 * hvg2_hv_dsm_decode_u32() - decode a "status, u32" Hyper-V response
 * @buf: response buffer of function 1 (health) or 2 (unsafe shutdowns)
 * @len: its length in bytes
 * @val: the u32 after the status, on success
 *
 * Return: 0, or the errno of hvg2_hv_dsm_status(); -EIO when the buffer
 * is too short to hold the value.
 */
int hvg2_hv_dsm_decode_u32(const void *buf, size_t len, u32 *val)
{
	int rc = hvg2_hv_dsm_status(buf, len);

	if (rc)
		return rc;
	if (len < HVG2_HV_DSM_OUT_LEN)
		return -EIO;
	*val = le32_at((const u8 *)buf + 4);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_hv_dsm_decode_u32);

/**
 * hvg2_hv_health_state() - one word for a Hyper-V health word
 * @health: value returned by function 1
 *
 * The worst class present wins, in ndctl's order: fatal, critical,
 * non-critical. Undefined bits make the state "unknown" rather than "ok":
 * a newer host may be telling us something we cannot read.
 *
 * Return: "ok", "non-critical", "critical", "fatal" or "unknown".
 */
const char *hvg2_hv_health_state(u32 health)
{
	if (health & HVG2_HV_HEALTH_FATAL)
		return "fatal";
	if (health & HVG2_HV_HEALTH_CRITICAL)
		return "critical";
	if (health & HVG2_HV_HEALTH_NONCRITICAL)
		return "non-critical";
	if (health & ~HVG2_HV_HEALTH_DEFINED)
		return "unknown";
	return "ok";
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_hv_health_state);
