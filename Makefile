# SPDX-License-Identifier: GPL-2.0
#
# hvgen2 - drives Kbuild and carries the quality gates. The build itself is
# described by ./Kbuild and drivers/*/Kbuild.
#
#   make                 build every module against KDIR
#   make check           the test command (see README.md)
#   make demo            boot a guest with the simulated host
#   make sparse|checkpatch|w1|matrix|kernel|bench|fuzz-ring

# The running kernel's build tree; on a machine without one (a container,
# a CI runner) the newest Debian headers installed under /usr/src.
KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build), \
	     $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))

# Modules whose folder exists are built; each sets CONFIG_HVG2_<AREA>=m as
# a kernel tree's Kconfig would.
HVG2_AREAS := ring vmbus sim scsi net nvdimm hvapi
# Built for the tests, never installed: hvg2_hvapi exports the upstream
# VMBus symbol names, and depmod would let it claim hv_storvsc's and
# hv_netvsc's imports on a real guest (Documentation/hvapi.rst).
HVG2_TEST_AREAS := hvapi
hvg2-cfg = $(if $(filter nvdimm,$(1)),PMEM,$(shell echo $(1) | tr a-z A-Z))
HVG2_CONFIGS := $(foreach a,$(HVG2_AREAS),$(if $(wildcard drivers/$(a)/Kbuild),CONFIG_HVG2_$(call hvg2-cfg,$(a))=m)) \
	CONFIG_HVG2_KUNIT=m
KBUILD_ARGS := -C $(KDIR) M=$(CURDIR) $(HVG2_CONFIGS)
HVG2_INSTALL_CONFIGS := $(filter-out $(foreach a,$(HVG2_TEST_AREAS),CONFIG_HVG2_$(call hvg2-cfg,$(a))=m),$(HVG2_CONFIGS))

.PHONY: all modules clean install sparse checkpatch w1 matrix kernel check \
	demo bench bench-ring bench-vmbus fuzz-ring selftest deps help print-configs

all: modules

modules:
	@test -d "$(KDIR)" || { echo "hvgen2: no kernel build tree: make KDIR=/path/to/build (or: make deps)"; exit 1; }
	@echo "hvgen2: building against $(KDIR)"
	$(MAKE) $(KBUILD_ARGS) modules

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) $(KBUILD_ARGS) clean; fi
	rm -rf compat/generated
	$(MAKE) -C tools/ring clean 2>/dev/null || true

# For image builders: make install INSTALL_MOD_PATH=/path/to/root KDIR=...
# (rebuilt without the test-only areas, so modules.order leaves them out)
install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(HVG2_INSTALL_CONFIGS) modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(HVG2_INSTALL_CONFIGS) INSTALL_MOD_DIR=updates/hvgen2 \
		$(if $(wildcard $(KDIR)/certs/signing_key.pem),,CONFIG_MODULE_SIG_ALL=) \
		modules_install

# Quality gates: each fails on the first warning.
sparse:
	@scripts/gate.sh sparse "$(KDIR)" $(HVG2_CONFIGS)

w1:
	@scripts/gate.sh w1 "$(KDIR)" $(HVG2_CONFIGS)

checkpatch:
	@scripts/gate.sh checkpatch

matrix:
	@scripts/matrix.sh $(HVG2_CONFIGS)

# The test kernel (cached outside the checkout).
kernel:
	@scripts/test-kernel.sh

deps:
	@scripts/deps.sh

check:
	@scripts/check.sh

selftest:
	@tests/selftest/run.sh

demo:
	@tests/qemu/demo.sh

bench: bench-ring

# VMBus echo round trips in the test guest (tests/integration/vmbus-bench.sh).
bench-vmbus:
	@HVG2_ONLY=vmbus-bench tests/qemu/run.sh

bench-ring:
	@$(MAKE) -s -C tools/ring bench

# vPMEM in the guest: /dev/pmem0 and a DAX mmap against brd and memcpy.
.PHONY: bench-pmem
bench-pmem:
	@HVG2_ONLY=pmem-bench HVG2_APPEND="hvg2_pmem_bench=1 $(HVG2_APPEND)" \
		tests/qemu/run.sh

# Synthetic SCSI in the guest: hvg2_scsi against hv_storvsc (over hvg2_hvapi)
# and brd, the same fio jobs, one boot (tests/integration/scsi-bench.sh).
.PHONY: bench-scsi
bench-scsi:
	@HVG2_ONLY=scsi-bench HVG2_APPEND="hvg2_scsi_bench=1 $(HVG2_APPEND)" \
		tests/qemu/run.sh

# iperf3 through hvg2_net, hv_netvsc on hvg2_hvapi (when built) and veth
.PHONY: bench-net
bench-net:
	@HVG2_ONLY=net-bench HVG2_APPEND="hvg2_net_bench=1 $(HVG2_APPEND)" \
		tests/qemu/run.sh

fuzz-ring:
	@$(MAKE) -s -C tools/ring fuzz

# The CONFIG_HVG2_*=m list, for scripts that drive Kbuild themselves.
print-configs:
	@echo $(HVG2_CONFIGS)

help:
	@sed -n '3,11p' Makefile

# Install with DKMS from this checkout, signed with the DKMS MOK key, for
# the running kernel or the ones named: make dkms-install DKMS_KERNELS="..."
.PHONY: dkms-install dkms-remove sign test-install
DKMS_KERNELS ?=
SIGN_KEY ?= /var/lib/dkms/mok.key
SIGN_CERT ?= /var/lib/dkms/mok.pub

dkms-install:
	@scripts/dkms-install.sh $(foreach k,$(DKMS_KERNELS),-k $(k))

dkms-remove:
	@scripts/dkms-remove.sh

# For insmod users on Secure Boot: sign this build with SIGN_KEY/SIGN_CERT.
sign: modules
	@scripts/sign.sh "$(KDIR)" "$(SIGN_KEY)" "$(SIGN_CERT)" "$(CURDIR)"

# The install tests (tests/install/): DKMS, signing, initramfs, fallback.
test-install:
	@tests/install/run.sh
