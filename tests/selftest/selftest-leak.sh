#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Self-test fixture (guest side): load a module that leaks 256 bytes; the
# harness's kmemleak scan must report it.
set -e
modprobe hvg2_selftest_leak
