/* SPDX-License-Identifier: GPL-2.0 */
#include "../hvg2_shim.h"
