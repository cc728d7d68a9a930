# SPDX-License-Identifier: ISC
# Shared helpers of the tender tests (sourced by tests/tenders/*.t).
set -u
cd "$MIRAGE_ROOT"
BUILD=${BUILD:-build}
BUILD_ABS=$(cd "$BUILD" 2>/dev/null && pwd || echo "$MIRAGE_ROOT/$BUILD")
HVT=$BUILD_ABS/bin/mirage-hvt
SPT=$BUILD_ABS/bin/mirage-spt
GUESTS=$BUILD_ABS/tests/tenders/guests
MKIMAGES=$BUILD_ABS/tests/tenders/mkimages
TMP=$(mktemp -d /tmp/mirage-tenders.XXXXXX)
cleanup_hooks=()
cleanup() {
    for h in "${cleanup_hooks[@]}"; do eval "$h"; done
    rm -rf "$TMP"
}
trap cleanup EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

# Builds what the tests need if `make tests` has not (once per script).
ensure_built() {
    local need=("$HVT" "$SPT" "$MKIMAGES" "$GUESTS/guest-none.hvt")
    for f in "${need[@]}"; do
        [ -e "$f" ] && continue
        make -s -C "$MIRAGE_ROOT" BUILD="$BUILD_ABS" tenders-tests >"$TMP/make.log" 2>&1 ||
            { tail -n 20 "$TMP/make.log"; }
        break
    done
}

# Why hvt cannot run here, or nothing if it can.
kvm_unusable() {
    if [ -n "${MIRAGE_TEST_NO_KVM:-}" ]; then echo "MIRAGE_TEST_NO_KVM is set"; return; fi
    if [ ! -e /dev/kvm ]; then echo "/dev/kvm does not exist"; return; fi
    if ! { exec 9<>/dev/kvm; } 2>/dev/null; then
        echo "/dev/kvm cannot be opened"; return
    fi
    exec 9<&-
}
KVM_WHY=$(kvm_unusable)

# run TENDER ARGS...: runs with a timeout; sets RC, OUT, ERR.
RUN_TIMEOUT=60
run() {
    timeout $RUN_TIMEOUT "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    OUT=$(tr -d '\0' <"$TMP/out")
    ERR=$(tr -d '\0' <"$TMP/err")
}

# expect NAME RC STDERR-SUBSTRING STDOUT-SUBSTRING -- COMMAND...
expect() {
    local name=$1 want_rc=$2 want_err=$3 want_out=$4
    shift 5
    run "$@"
    if [ "$RC" != "$want_rc" ]; then
        fail "$name" "exit $RC, want $want_rc; stderr: $(echo "$ERR" | tail -n 2 | tr '\n' ' ')"
    elif [ -n "$want_err" ] && [[ $ERR != *"$want_err"* ]]; then
        fail "$name" "stderr lacks '$want_err': $(echo "$ERR" | tail -n 2 | tr '\n' ' ')"
    elif [ -n "$want_out" ] && [[ $OUT != *"$want_out"* ]]; then
        fail "$name" "stdout lacks '$want_out': $(echo "$OUT" | tail -n 2 | tr '\n' ' ')"
    else
        pass "$name"
    fi
}

# for_targets FUNCTION: calls FUNCTION hvt|spt TENDER for each runnable
# target; hvt is skipped (with the reason) when KVM is unusable.
for_targets() {
    local fn=$1
    if [ -n "$KVM_WHY" ]; then
        skip "hvt-$fn" "$KVM_WHY"
    else
        "$fn" hvt "$HVT"
    fi
    "$fn" spt "$SPT"
}
