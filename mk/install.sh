#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Installs the staged prefix (build/) into PREFIX: the tool and tenders, the
# headers, the libraries of every target and the target fragments.  The
# asan flavour and the build's intermediate files are left behind.
set -eu
prefix=$1 build=$2
install -d "$prefix/bin" "$prefix/include" "$prefix/lib/mirage" "$prefix/share/mirage"
for b in "$build"/bin/*; do
    [ -f "$b" ] && install -m 755 "$b" "$prefix/bin/"
done
cp -RL "$build/include/." "$prefix/include/"
rm -f "$prefix/include/.stamp"
for d in unix guest; do
    [ -d "$build/lib/mirage/$d" ] || continue
    install -d "$prefix/lib/mirage/$d"
    install -m 644 "$build/lib/mirage/$d"/*.a "$prefix/lib/mirage/$d/"
done
for f in "$build"/lib/mirage/*.a; do
    [ -f "$f" ] && install -m 644 "$f" "$prefix/lib/mirage/"
done
cp -R "$build/share/mirage/." "$prefix/share/mirage/"
echo "installed Mirage/C into $prefix (add $prefix/bin to PATH)"
