// SPDX-License-Identifier: GPL-2.0
/*
 * The shim's ring bookkeeping and request-id table, compiled into the
 * hvg2_hvapi KUnit module with their exports turned off. This suite cannot
 * import them from hvg2_hvapi as the others do (EXPORT_SYMBOL_IF_KUNIT):
 * hvg2_hvapi refuses to load unless told which device classes to take,
 * and a second exporter of the vmbus_* names would make depmod and the
 * module loader choose between the two.
 */
#include <linux/export.h>
#undef EXPORT_SYMBOL_GPL
#define EXPORT_SYMBOL_GPL(sym) extern typeof(sym) sym
#include "../drivers/hvapi/ring.c"
#include "../drivers/hvapi/rqstor.c"
