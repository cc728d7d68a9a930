#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Every public header compiles on its own, on the host and (headers a guest
# can use) against nolibc with the guest flags.
set -u
cd "$(dirname "$0")/.."
gcc_inc=$(gcc -print-file-name=include)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad=0 n=0
for h in include/mirage.h include/mirage/*.h; do
    rel=${h#include/}
    n=$((n + 1))
    printf '#include <%s>\n#include <%s>\n' "$rel" "$rel" > "$tmp/t.c"
    if ! gcc -std=c11 -Wall -Wextra -Werror -Iinclude -fsyntax-only "$tmp/t.c" 2> "$tmp/err"; then
        echo "host: $rel does not compile on its own:"; head -n 5 "$tmp/err"; bad=$((bad + 1))
    fi
    case $rel in mirage/config.h) continue ;; esac
    if [ -d platform/nolibc/include ] && ! gcc -std=c11 -Wall -Wextra -Werror -ffreestanding \
        -mgeneral-regs-only -nostdinc -isystem platform/nolibc/include -isystem "$gcc_inc" \
        -Iinclude -fsyntax-only "$tmp/t.c" 2> "$tmp/err"; then
        echo "guest: $rel does not compile on its own:"; head -n 5 "$tmp/err"; bad=$((bad + 1))
    fi
done
echo "check-headers: $n headers, $bad failures"
[ $bad -eq 0 ]
