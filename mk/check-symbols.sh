#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Every global symbol defined by a library linked into unikernels must carry
# the project prefix (CONVENTIONS.md), so a unikernel's own names never
# collide with ours.  Exceptions: nolibc is the C library (standard names),
# the platform entry points the ABI names (_start, main), and the
# stack-protector symbols the compiler calls.
set -u
build=${1:-build}
bad=0 checked=0
allowed='^(mirage_|mirage__|solo5_)'
for a in "$build"/lib/mirage/unix/*.a "$build"/lib/mirage/guest/*.a "$build"/lib/mirage/*.a; do
    [ -f "$a" ] || continue
    case $(basename "$a") in libmirage_nolibc.a) continue ;; esac
    checked=$((checked + 1))
    while read -r sym; do
        [[ $sym =~ $allowed ]] && continue
        case $sym in
            main|_start|__stack_chk_guard|__stack_chk_fail) continue ;;
        esac
        echo "$(basename "$a"): unprefixed global symbol '$sym'"
        bad=$((bad + 1))
    done < <(nm -g --defined-only "$a" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
done
echo "check-symbols: $checked archives, $bad unprefixed symbols"
[ $bad -eq 0 ] && [ $checked -gt 0 ]
