#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# make demo: builds examples/hello for the best target this machine runs
# (hvt when /dev/kvm opens, else spt, else unix) and boots it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
export PATH="$root/$build/bin:$PATH"
target=unix
if [ -x "$root/$build/bin/mirage-spt" ] && [ -f "$root/$build/share/mirage/spt.mk" ]; then
    target=spt
fi
if [ -x "$root/$build/bin/mirage-hvt" ] && [ -f "$root/$build/share/mirage/hvt.mk" ] &&
    { exec 3<>/dev/kvm; } 2>/dev/null; then
    exec 3>&-
    target=hvt
fi
cd "$root/examples/hello"
echo "== mirage configure -t $target"
mirage configure -t $target
echo "== mirage build"
mirage build
case $target in
    unix) run=(./dist/hello) ;;
    hvt) run=(mirage-hvt --mem=8 dist/hello.hvt) ;;
    spt) run=(mirage-spt --mem=8 dist/hello.spt) ;;
esac
echo "== ${run[*]}"
"${run[@]}"
