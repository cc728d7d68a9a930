#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Guests that go wrong, on our tenders.  hvt: the guest's own trap handlers
# print the trap, error code, CR2, registers and a backtrace that resolves
# to the faulting function, then exit 255.  spt: the host kills the process
# with the signal of the fault.  On both: stack smashing, a failed assert,
# abort() and an overflowed fiber stack end with "ABORT: why" and 255.
set -u
cd "$MIRAGE_ROOT"
BUILD=${BUILD:-build}
B=$(cd "$BUILD" 2>/dev/null && pwd || echo "$MIRAGE_ROOT/$BUILD")
TMP=$(mktemp -d /tmp/mirage-guest-faults.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

kvm_unusable() {
    [ -e /dev/kvm ] || { echo "/dev/kvm does not exist"; return; }
    { exec 9<>/dev/kvm; } 2>/dev/null || { echo "/dev/kvm cannot be opened"; return; }
    exec 9<&-
}

cat >"$TMP/guest.c" <<'EOF'
/* Test guest: commits the fault named by argv[1]. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

int mirage_app_main(int argc, char **argv);

__attribute__((noinline)) static void fault_null_write(void)
{
    volatile int *volatile p = NULL;
    *p = 1;
}

__attribute__((noinline)) static int fault_null_read(void)
{
    volatile int *volatile p = NULL;
    return *p;
}

__attribute__((noinline)) static void fault_div0(void)
{
    volatile int dividend = 1000, zero = 0, result;
    result = dividend / zero;
    (void)result;
}

__attribute__((noinline)) static int fault_noncanonical(void)
{
    volatile int *volatile p = (int *)0x8000000000000000ull;
    return *p;
}

__attribute__((noinline)) static void fault_smash(size_t n)
{
    char buf[16];
    memset(buf, 'A', n);
    __asm__ volatile("" : : "r"(buf) : "memory");
}

static void fault_canary(void)
{
    char *stack = mirage_plat_stack_alloc(16384);
    stack[-1] = 'x'; /* as a fiber that ran off the bottom of its stack */
    mirage_plat_wait(0);
}

int mirage_app_main(int argc, char **argv)
{
    const char *f = argc > 1 ? argv[1] : "";
    printf("committing %s\n", f);
    if (!strcmp(f, "null-write"))
        fault_null_write();
    else if (!strcmp(f, "null-read"))
        fault_null_read();
    else if (!strcmp(f, "ud2"))
        __builtin_trap();
    else if (!strcmp(f, "div0"))
        fault_div0();
    else if (!strcmp(f, "noncanonical"))
        fault_noncanonical();
    else if (!strcmp(f, "smash"))
        fault_smash((size_t)atoi(argv[2]));
    else if (!strcmp(f, "assert"))
        assert(argc == 1);
    else if (!strcmp(f, "abort"))
        abort();
    else if (!strcmp(f, "canary"))
        fault_canary();
    printf("survived %s\n", f);
    return 0;
}
EOF

cat >"$TMP/manifest.c" <<'EOF'
#include "solo5/solo5_abi.h"
static const struct {
    uint32_t namesz, descsz, type;
    char name[8];
    uint32_t pad, version, entries;
    struct solo5_mft_entry e[1];
} note __attribute__((section(".note.solo5.manifest"), aligned(8), used)) = {
    6, 4 + 8 + 104, SOLO5_NOTE_MFT1, "Solo5", 0, SOLO5_MFT_VERSION, 1,
    {{.name = "", .type = SOLO5_MFT_RESERVED_FIRST}},
};
EOF

cat >"$TMP/Makefile" <<EOF
MIRAGE_PREFIX := $B
MIRAGE_TARGET ?= hvt
MIRAGE_NAME := gfault
MIRAGE_SRCS := guest.c manifest.c
MIRAGE_CORE_LIBS :=
MIRAGE_CFLAGS := -I$MIRAGE_ROOT/platform
include \$(MIRAGE_PREFIX)/share/mirage/\$(MIRAGE_TARGET).mk
EOF

# fault NAME WANT-RC WANT-STDOUT-SUBSTRING... -- TENDER IMAGE ARGS...
fault() {
    local name=$1 want_rc=$2 wants=()
    shift 2
    while [ "$1" != -- ]; do wants+=("$1"); shift; done
    shift
    timeout 60 "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    OUT=$(cat "$TMP/out")
    if [ "$RC" != "$want_rc" ]; then
        fail "$name" "exit $RC, want $want_rc; stdout '$(echo "$OUT" | tail -n 3)' stderr '$(tail -n 2 "$TMP/err")'"
        return 1
    fi
    for w in "${wants[@]}"; do
        if [[ $OUT != *"$w"* ]]; then
            fail "$name" "stdout lacks '$w': '$OUT'"
            return 1
        fi
    done
    pass "$name"
}

# The first backtrace entry must be the faulting function.
backtrace_names() { # name image function
    local addr
    addr=$(echo "$OUT" | sed -n 's/^backtrace: \([0-9a-f]*\).*/\1/p')
    local fn
    fn=$(addr2line -f -e "$2" "0x$addr" 2>/dev/null | head -n 1)
    if [ "$fn" = "$3" ]; then pass "$1"
    else fail "$1" "backtrace starts at 0x$addr ($fn), want $3; output: $OUT"; fi
}

build() { # target
    if make -s -C "$TMP" MIRAGE_TARGET="$1" >"$TMP/make-$1.log" 2>&1; then
        pass "$1-build"
    else
        fail "$1-build" "$(tail -n 5 "$TMP/make-$1.log" | tr '\n' ' ')"
        return 1
    fi
}

aborts() { # target tender image: what ends with ABORT on both targets
    local t=$1 T=$2 g=$3
    fault "$t-stack-smashing" 255 "ABORT: stack smashing detected" -- "$T" "$g" smash 64
    fault "$t-no-smashing" 0 "survived smash" -- "$T" "$g" smash 16
    fault "$t-assert" 255 'ABORT: assertion "argc == 1" failed at guest.c:' -- "$T" "$g" assert
    fault "$t-abort" 255 "ABORT: abort() called" -- "$T" "$g" abort
    fault "$t-fiber-stack-overflow" 255 "ABORT: a fiber stack overflowed" -- "$T" "$g" canary
}

hvt_tests() {
    local T=$1 g=$TMP/dist/gfault.hvt
    build hvt || return
    if fault hvt-null-write 255 "committing null-write" \
        "mirage: trap #PF page fault (vector 14), error code 0x2, cr2 0x0" \
        "rip " "rsp " "r15 " "backtrace: " "ABORT: fatal trap #PF page fault" -- "$T" "$g" null-write; then
        backtrace_names hvt-null-write-backtrace "$g" fault_null_write
    fi
    fault hvt-null-read 255 "trap #PF page fault (vector 14), error code 0x0, cr2 0x0" -- "$T" "$g" null-read &&
        backtrace_names hvt-null-read-backtrace "$g" fault_null_read
    fault hvt-invalid-opcode 255 "trap #UD invalid opcode (vector 6)" -- "$T" "$g" ud2
    fault hvt-divide-error 255 "trap #DE divide error (vector 0)" -- "$T" "$g" div0 &&
        backtrace_names hvt-divide-error-backtrace "$g" fault_div0
    fault hvt-general-protection 255 "trap #GP general protection (vector 13)" -- "$T" "$g" noncanonical
    aborts hvt "$T" "$g"
}

spt_tests() {
    local T=$1 g=$TMP/dist/gfault.spt
    build spt || return
    fault spt-null-write 139 "committing null-write" -- "$T" "$g" null-write
    fault spt-null-read 139 "" -- "$T" "$g" null-read
    fault spt-invalid-opcode 132 "" -- "$T" "$g" ud2
    fault spt-divide-error 136 "" -- "$T" "$g" div0
    fault spt-general-protection 139 "" -- "$T" "$g" noncanonical
    aborts spt "$T" "$g"
}

HVT=$B/bin/mirage-hvt SPT=$B/bin/mirage-spt
if [ ! -f "$B/share/mirage/hvt.mk" ]; then
    fail build "$B/share/mirage/hvt.mk missing: run make BUILD=$BUILD first"
    exit 0
fi
if [ -x "$SPT" ]; then spt_tests "$SPT"; else fail spt-tender "$SPT is not built"; fi
why=$(kvm_unusable)
if [ ! -x "$HVT" ]; then fail hvt-tender "$HVT is not built"
elif [ -n "$why" ]; then skip hvt "$why"
else hvt_tests "$HVT"; fi
