/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Before 6.2 there is no <kunit/visibility.h>; the top-level Kbuild does
 * not build our KUnit suites there, so internals stay static. The export
 * macro still names its argument (a redeclaration, which changes nothing)
 * so that a typo in it fails the build on old kernels too.
 *
 * checkpatch reads any definition of an EXPORT_SYMBOL* macro as a
 * misplaced export; this file is on scripts/checkpatch.exclude for that.
 */
#ifndef _HVG2_KUNIT_VISIBILITY_PRE62_H
#define _HVG2_KUNIT_VISIBILITY_PRE62_H

#define VISIBLE_IF_KUNIT static
#define EXPORT_SYMBOL_IF_KUNIT(symbol) extern typeof(symbol) symbol

#endif
