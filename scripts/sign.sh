#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sign.sh KDIR KEY CERT [DIR]
#
# Sign the modules of a build in DIR (default: this checkout) for `insmod`
# users on Secure Boot: `make sign SIGN_KEY=key.pem SIGN_CERT=cert.der`.
# The defaults are the DKMS MOK key pair (/var/lib/dkms/mok.key and
# mok.pub), which `mokutil --import` enrolls once for both ways of
# installing. Uses the kernel's own sign-file with the kernel's hash.
#
# A module signed before (a second `make sign` without a rebuild) loses its
# old signature first: the kernel checks only the last one, and a module
# that carries two is not what anyone meant to ship.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -ge 3 ] || { echo "usage: $0 KDIR KEY CERT [DIR]" >&2; exit 2; }
kdir=$1
key=$2
cert=$3
dir=${4:-$(cd "$here/.." && pwd)}

sign_file=$kdir/scripts/sign-file
[ -x "$sign_file" ] || hvg2_die "no $sign_file: build against a kernel tree that has it"
[ -e "$key" ] || hvg2_die "no key $key (SIGN_KEY=...)"
[ -e "$cert" ] || hvg2_die "no certificate $cert (SIGN_CERT=...)"
hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config" 2>/dev/null)
hash=${hash:-sha512}

magic='~Module signature appended~'

# unsign KO: drop a trailing module signature. The trailer is the PKCS#7
# blob, a 12-byte struct module_signature whose last 4 bytes are the
# big-endian blob length (signer and key id lengths are 0 for PKCS#7), and
# the 28-byte magic string with its newline.
unsign() {
	local ko=$1 size len
	[ "$(tail -c 28 "$ko" | head -c 27)" = "$magic" ] || return 0
	size=$(stat -c %s "$ko")
	len=$(tail -c 32 "$ko" | head -c 4 | od -An -tu1 |
		awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}')
	truncate -s $((size - 28 - 12 - len)) "$ko"
}

n=0
while read -r name area _; do
	ko=$dir/drivers/$area/$name.ko
	[ -e "$ko" ] || hvg2_die "$ko not built: run make first"
	unsign "$ko"
	"$sign_file" "$hash" "$key" "$cert" "$ko"
	echo "  SIGN    drivers/$area/$name.ko ($hash)"
	n=$((n + 1))
done < <("$here/dkms-modules.sh" "$dir")
[ "$n" -gt 0 ] || hvg2_die "no modules in $dir"
