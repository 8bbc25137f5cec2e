# SPDX-License-Identifier: GPL-2.0
# Demo: our modules load on the test kernel and describe themselves.
show() { echo "\$ $*"; "$@"; }
cd /lib/modules/"$(uname -r)"/extra
for ko in hvg2_*.ko; do
	m=${ko%.ko}
	case $m in *_kunit | hvg2_selftest_*) continue ;; esac
	if [ "$m" = hvg2_hv ]; then
		# the real Hyper-V link: it refuses to load anywhere else
		show modprobe "$m" || echo "(hvg2_hv refused: this is not Hyper-V)"
		continue
	fi
	show modprobe "$m"
done
show lsmod
for ko in hvg2_*.ko; do
	m=${ko%.ko}
	case $m in *_kunit | hvg2_selftest_*) continue ;; esac
	printf '%-14s %s\n' "$m" "$(modinfo -F description "$m")"
done
