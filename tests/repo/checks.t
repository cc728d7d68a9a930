#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Repository-wide rules: symbol prefixes, self-contained headers, formatting,
# portable code free of host headers, install outside the tree.
set -u
cd "$MIRAGE_ROOT"
BUILD=${BUILD:-build}
t() { # name command...
    local name=$1; shift
    if out=$("$@" 2>&1); then echo "PASS: $name"; else
        echo "$out" | tail -n 15; echo "FAIL: $name: see output above"; fi
}
t symbol-prefix bash mk/check-symbols.sh "$BUILD"
t headers-self-contained bash mk/check-headers.sh
if command -v clang-format >/dev/null; then
    t clang-format make -s check-format
else
    echo "SKIP: clang-format: clang-format is not installed"
fi
portable_leaks() {
    ! grep -rnE '#include[[:space:]]*[<"](unistd|fcntl|pthread|sys/[a-z_]+|linux/[a-z_]+|poll|signal|dlfcn)\.h[>"]' runtime lib --include='*.c' --include='*.h'
}
t portable-code-has-no-host-headers portable_leaks
