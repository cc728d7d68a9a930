#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Malformed images (ELF header, program headers, notes, manifest) are each
# refused with exit 1 and a message naming the problem, never a crash;
# tricky valid ones (empty TLS segment at 0, foreign notes) still boot.
. "$MIRAGE_ROOT/tests/tenders/lib.sh"
ensure_built

images() { # target tender
    local t=$1 T=$2 name want
    mkdir -p "$TMP/$t"
    if ! "$MKIMAGES" "$TMP/$t" "$t" >"$TMP/mk.log" 2>&1; then
        fail "$t-generate" "$(tail -n 3 "$TMP/mk.log")"
        return
    fi
    while IFS=$'\t' read -r name want; do
        if [ -z "$want" ] && [ "$t" = hvt ] && [ -n "$KVM_WHY" ]; then
            skip "$t-$name" "$KVM_WHY"
        elif [ -z "$want" ]; then
            expect "$t-$name" 7 "" "" -- "$T" --mem=8 "$TMP/$t/$name.$t"
            [ -z "$ERR" ] || echo "  (stderr: $ERR)"
        else
            expect "$t-$name" 1 "mirage-$t: " "" \
                -- "$T" --mem=8 "$TMP/$t/$name.$t"
            if [ "$RC" = 1 ] && [[ $ERR != *"$want"* ]]; then
                fail "$t-$name-message" "'$ERR' lacks '$want'"
            fi
        fi
    done <"$TMP/$t/cases.$t"
}

# Refusals happen before /dev/kvm is opened, so they run everywhere.
images hvt "$HVT"
images spt "$SPT"
