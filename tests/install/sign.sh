#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sign.sh: `make sign` for insmod users, on a copy of the sources built
# against the 6.1 headers:
#
#   staged sources --make KDIR=6.1--> drivers/*/hvg2_*.ko (unsigned: the
#   kernel's own key is not in the headers) --make sign SIGN_KEY/CERT-->
#   signed by a throwaway key; signed again: still one signature;
#   make install INSTALL_MOD_PATH=ROOT: in ROOT, signature kept.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$HVG2_SRC/scripts/dkms-lib.sh"

hvg2_need_pkgs openssl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src
hvg2_stage_sources "$src"

openssl req -new -x509 -nodes -days 1 -subj "/CN=hvgen2 sign test" \
	-newkey rsa:2048 -keyout "$tmp/key.pem" -outform DER -out "$tmp/cert.der" \
	>/dev/null 2>&1
check "throwaway signing key" test -s "$tmp/key.pem"

if make -C "$src" KDIR="$HVG2_K61_DIR" SIGN_KEY="$tmp/key.pem" \
	SIGN_CERT="$tmp/cert.der" sign >"$tmp/log" 2>&1; then
	ok "make sign against $HVG2_K61"
else
	not_ok "make sign against $HVG2_K61"
	sed 's/^/# /' "$tmp/log" | tail -40
fi

# The modules make sign and make install handle: the installable ones
# (test-only areas such as hvg2_hvapi are built but never shipped).
mods=$("$src/scripts/dkms-modules.sh" "$src" | awk '{print "drivers/" $2 "/" $1 ".ko"}')
check "installable modules listed" test -n "$mods"

for rel in $mods; do
	ko=$src/$rel
	m=${ko##*/}
	check "$m signed by the given key" \
		test "$(modinfo -F signer "$ko")" = "hvgen2 sign test"
	check "$m signed with the kernel's hash (sha256)" \
		test "$(modinfo -F sig_hashalgo "$ko")" = sha256
	echo "$m $(stat -c %s "$ko")" >>"$tmp/sizes1"
done

# Again without a rebuild: the old signature is replaced, not stacked.
"$HVG2_SRC/scripts/sign.sh" "$HVG2_K61_DIR" "$tmp/key.pem" "$tmp/cert.der" "$src" \
	>/dev/null 2>&1
for rel in $mods; do
	ko=$src/$rel
	echo "${ko##*/} $(stat -c %s "$ko")" >>"$tmp/sizes2"
done
check "signing twice leaves one signature (same sizes)" cmp -s "$tmp/sizes1" "$tmp/sizes2"
check "still signed after the second signing" \
	bash -c "cd '$src' && for k in $(echo $mods); do [ \"\$(modinfo -F signer \$k)\" = 'hvgen2 sign test' ] || exit 1; done"

# Image builders: make install INSTALL_MOD_PATH=ROOT puts the signed build
# into ROOT's module tree. (Kbuild's modules_install also tries the
# kernel's own key, which Debian's headers do not ship; that attempt fails
# without touching our signature.)
root=$tmp/root
make -C "$src" KDIR="$HVG2_K61_DIR" INSTALL_MOD_PATH="$root" install >"$tmp/ilog" 2>&1
check "make install INSTALL_MOD_PATH=... (image builders)" test $? = 0
for rel in $mods; do
	ko=$src/$rel
	m=${ko##*/}
	dst=$(find "$root/lib/modules/$HVG2_K61/updates/hvgen2" -name "$m" 2>/dev/null | head -1)
	check "$m installed in the image root, still signed by the given key" \
		bash -c "[ -n '$dst' ] && [ \"\$(modinfo -F signer '$dst')\" = 'hvgen2 sign test' ]"
done

# Test-only modules (the upstream API shim) never reach an image.
check "no test-only module (hvg2_hvapi*) in the image root" \
	bash -c "! find '$root' -name 'hvg2_hvapi*.ko' | grep -q ."

t_done
