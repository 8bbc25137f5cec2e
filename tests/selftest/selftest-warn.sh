#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Self-test fixture (guest side): load a module that WARNs. With
# panic_on_warn=1 the guest dies here; the harness must report a failure.
set -e
modprobe hvg2_selftest_warn
