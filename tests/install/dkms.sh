#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.sh: make dkms-install / make dkms-remove on this machine, for the
# bookworm 6.1 kernel whose headers CI has (not the running kernel):
#
#   checkout --dkms-install.sh--> /usr/src/hvgen2-V --dkms add/build/install-->
#     /lib/modules/K/updates/dkms/hvg2_*.ko  (signed with /var/lib/dkms/mok.key)
#     /etc/modprobe.d/hvgen2.conf, /etc/initramfs-tools/hooks/hvgen2
#   and K's initramfs refreshed by POST_INSTALL (lsinitramfs shows our
#   stack and the modprobe file),
#   then dkms-remove.sh: nothing of ours is left, in the initramfs either.
#
# Also: dkms.conf is current, and a kernel with VMBus built in is refused.
# Runs under a lock: DKMS state is machine-wide.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

hvg2_need_pkgs dkms initramfs-tools openssl
hvg2_lock install-dkms
K=$HVG2_K61
tmp=$(mktemp -d)
# An initramfs for K, so dkms-post.sh has one to refresh (it leaves absent
# ones alone), and the kernel config mkinitramfs reads; CI has only K's
# headers. Both are removed at the end if this test made them.
made=""
if [ ! -e "/boot/config-$K" ]; then
	made="$made /boot/config-$K"
	cp "$HVG2_K61_DIR/.config" "/boot/config-$K"
fi
if [ ! -e "/boot/initrd.img-$K" ]; then
	made="$made /boot/initrd.img-$K /boot/initrd.img-$K.dpkg-bak"
	: >"/boot/initrd.img-$K"
fi
trap 'rm -rf "$tmp" $made; "$HVG2_SRC/scripts/dkms-remove.sh" >/dev/null 2>&1' EXIT

check "dkms.conf is current (scripts/gen-dkms-conf.sh --check)" \
	"$HVG2_SRC/scripts/gen-dkms-conf.sh" --check
mods=$(t_modules)
check "the tree builds at least one module" test -n "$mods"

t0=$(date +%s)
if "$HVG2_SRC/scripts/dkms-install.sh" -k "$K" >"$tmp/install.log" 2>&1; then
	ok "dkms-install.sh -k $K ($(($(date +%s) - t0)) s)"
else
	not_ok "dkms-install.sh -k $K"
	sed 's/^/# /' "$tmp/install.log"
	make_log=$(ls /var/lib/dkms/hvgen2/*/build/make.log 2>/dev/null | head -1)
	[ -n "$make_log" ] && sed 's/^/# make.log: /' "$make_log" | tail -40
fi
check "dkms status: installed for $K" \
	bash -c "dkms status hvgen2 | grep -q '$K.*installed'"

# The MOK certificate DKMS signs with; its CN is what modinfo reports.
cn=$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject 2>/dev/null |
	sed -n 's/.*CN *= *//p')
for m in $mods; do
	ko=$(find "/lib/modules/$K/updates/dkms" -name "$m.ko*" 2>/dev/null | head -1)
	check "$m installed in updates/dkms" test -n "$ko"
	[ -n "$ko" ] || continue
	check "$m signed by the DKMS MOK ($cn)" \
		test "$(modinfo -F signer "$ko")" = "$cn"
	check "$m vermagic is $K" \
		bash -c "modinfo -F vermagic '$ko' | grep -q '^$K '"
	check "modprobe resolves $m to the DKMS copy" \
		bash -c "modprobe -S '$K' --show-depends '$m' | grep -q 'updates/dkms/$m.ko'"
done
check "modprobe file installed" test -e /etc/modprobe.d/hvgen2.conf
check "initramfs-tools hook installed" test -x /etc/initramfs-tools/hooks/hvgen2

# DKMS's POST_INSTALL refreshed K's initramfs through our hook: it holds
# our stack and the file that chooses it. (The in-tree modules are not on
# this machine, only K's headers, so the hook's fallback half adds nothing
# here; that half is the same call.)
lsinitramfs "/boot/initrd.img-$K" >"$tmp/initrd.list" 2>/dev/null
initrd_has() { grep -q "$1" "$tmp/initrd.list"; }
for m in $mods; do
	case $m in hvg2_ring | hvg2_vmbus | hvg2_scsi | hvg2_net)
		check "update-initramfs on install: initrd has $m" initrd_has "/$m.ko" ;;
	esac
done
check "update-initramfs on install: initrd has etc/modprobe.d/hvgen2.conf" \
	initrd_has 'etc/modprobe.d/hvgen2.conf'

# A kernel with VMBus built in is skipped (exit 77), not failed: a fake
# source tree whose .config says CONFIG_HYPERV_VMBUS=y.
fake=$tmp/ksrc
mkdir -p "$fake/include"
sed 's/^# CONFIG_HYPERV_VMBUS.*//' "$HVG2_K61_DIR/.config" >"$fake/.config"
echo CONFIG_HYPERV_VMBUS=y >>"$fake/.config"
dkms build -m hvgen2 -v "$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$HVG2_SRC/dkms.conf")" \
	-k 7.99.0-hvg2fake --kernelsourcedir "$fake" >"$tmp/excl.log" 2>&1
rc=$?
check "kernel with CONFIG_HYPERV_VMBUS=y refused by BUILD_EXCLUSIVE (rc $rc)" test "$rc" = 77

if "$HVG2_SRC/scripts/dkms-remove.sh" >"$tmp/remove.log" 2>&1; then
	ok "dkms-remove.sh"
else
	not_ok "dkms-remove.sh"
	sed 's/^/# /' "$tmp/remove.log"
fi
left=$(find "/lib/modules/$K" /var/lib/dkms /usr/src /etc/modprobe.d \
	/etc/initramfs-tools /usr/lib/dracut \( -name 'hvg2*' -o -name 'hvgen2*' \) 2>/dev/null)
check "dkms remove leaves no file of ours${left:+: $left}" test -z "$left"
check "no module index of $K mentions hvg2" \
	bash -c "! grep -qs hvg2 /lib/modules/$K/modules.dep /lib/modules/$K/modules.alias"
check "dkms status is empty" test -z "$(dkms status hvgen2 2>/dev/null)"
check "update-initramfs on remove: initrd has nothing of ours" \
	bash -c "lsinitramfs '/boot/initrd.img-$K' | grep -qx init &&
		! lsinitramfs '/boot/initrd.img-$K' | grep -q -e hvg2 -e hvgen2"

t_done
