#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Tender benchmark: boot-to-exit time of a no-op unikernel on hvt and spt
# against the same no-op on unix, in one run; VM exits (hypercalls) to boot
# and exit on hvt; image sizes, stripped and not.
#
# Images default to the tenders' own test guest (`exit 0`) and, for unix, a
# host program that only returns 0.  Point at real unikernels with
#   NOOP_HVT=dist/noop.hvt NOOP_SPT=dist/noop.spt NOOP_UNIX=dist/noop
#   HELLO_HVT=... HELLO_SPT=...   (sizes only)
# Usage: bench/tenders/run.sh   (BUILD as for the tests; default build)
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
B=$(cd "$BUILD" 2>/dev/null && pwd || echo "$ROOT/$BUILD")
TMP=$(mktemp -d /tmp/mirage-bench-tenders.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
RUNS=${RUNS:-30}

if [ ! -x "$B/bin/mirage-hvt" ] || [ ! -e "$B/tests/tenders/guests/guest-none.hvt" ]; then
    make -s BUILD="$B" tenders-tests >/dev/null || exit 1
fi
G=$B/tests/tenders/guests
NOOP_HVT=${NOOP_HVT:-$G/guest-none.hvt}
NOOP_SPT=${NOOP_SPT:-$G/guest-none.spt}
ARGS_HVT=${ARGS_HVT-exit 0}
ARGS_SPT=${ARGS_SPT-exit 0}
if [ -z "${NOOP_UNIX:-}" ]; then
    printf 'int main(void) { return 0; }\n' >"$TMP/noop.c"
    gcc -O2 -o "$TMP/noop-unix" "$TMP/noop.c"
    NOOP_UNIX=$TMP/noop-unix
fi
KVM=1
{ exec 9<>/dev/kvm; } 2>/dev/null && exec 9<&- || KVM=0

echo "== tenders: boot to exit of a no-op ($RUNS runs each)"
echo "   hvt:  $NOOP_HVT $ARGS_HVT"
echo "   spt:  $NOOP_SPT $ARGS_SPT"
echo "   unix: $NOOP_UNIX"
cmds=("$NOOP_UNIX" "$B/bin/mirage-spt --mem=8 $NOOP_SPT $ARGS_SPT")
names=(unix spt)
if [ $KVM = 1 ]; then
    cmds+=("$B/bin/mirage-hvt --mem=8 $NOOP_HVT $ARGS_HVT")
    names+=(hvt)
else
    echo "   hvt skipped: /dev/kvm cannot be opened"
fi

# mean_ms CMD: mean wall time of RUNS runs, in ms (hyperfine if present).
mean_ms() {
    if command -v hyperfine >/dev/null; then
        hyperfine -N -w 3 -r "$RUNS" --export-json "$TMP/h.json" "$1" >/dev/null 2>&1 &&
            /usr/bin/python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$TMP/h.json"
        return
    fi
    local t0 t1
    t0=$(date +%s%N)
    for _ in $(seq "$RUNS"); do $1 >/dev/null 2>&1; done
    t1=$(date +%s%N)
    echo "scale=3; ($t1 - $t0) / $RUNS / 1000000" | bc
}

declare -A ms
for i in "${!cmds[@]}"; do
    ms[${names[$i]}]=$(mean_ms "${cmds[$i]}")
    printf '   %-5s %10s ms\n' "${names[$i]}" "${ms[${names[$i]}]}"
done
for n in spt hvt; do
    [ -n "${ms[$n]:-}" ] || continue
    echo "   ratio $n/unix: $(echo "scale=2; ${ms[$n]} / ${ms[unix]}" | bc)"
done

if [ $KVM = 1 ]; then
    echo "== hvt: VM exits to boot and exit"
    MIRAGE_HVT_STATS=1 "$B/bin/mirage-hvt" --mem=8 "$NOOP_HVT" $ARGS_HVT 2>&1 >/dev/null |
        grep -o 'vm_exits=.*' | sed 's/^/   /'
fi

# The net ring against the NET_WRITE hypercall: FRAMES frames sent by the
# test guest to a tap in a namespace of our own; wall time and VM exits
# (KVM_RUN returns plus ring kicks, which KVM turns into eventfd signals).
FRAMES=${FRAMES:-3000}
NS=mirage-bt-$$
if [ $KVM = 1 ] && ip netns add "$NS" 2>/dev/null; then
    trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$TMP"' EXIT
    ip -n "$NS" tuntap add dev tap0 mode tap && ip -n "$NS" link set tap0 up
    echo "== hvt: $FRAMES frames out, net ring vs hypercalls"
    for ring in 1 0; do # MIRAGE_HVT_RING=1 offers the ring
        t0=$(date +%s%N)
        MIRAGE_HVT_RING=$ring MIRAGE_HVT_STATS=1 ip netns exec "$NS" "$B/bin/mirage-hvt" \
            --mem=8 --net:service=tap0 "$G/guest-net.hvt" ring-flood "$FRAMES" \
            >"$TMP/o" 2>"$TMP/e"
        t1=$(date +%s%N)
        exits=$(grep -o 'vm_exits=[0-9]*' "$TMP/e" | cut -d= -f2)
        kicks=$(grep -o 'kicks=[0-9]*' "$TMP/e" | cut -d= -f2)
        kicks=${kicks:-0}
        printf '   ring=%s %8.1f ms  vm_exits=%s kicks=%s  exits/frame=%s\n' "$ring" \
            "$(echo "scale=1; ($t1 - $t0) / 1000000" | bc)" "$exits" "$kicks" \
            "$(echo "scale=3; ($exits + $kicks) / $FRAMES" | bc)"
    done
fi

echo "== image sizes (bytes): file / stripped"
size_line() { # label file
    [ -e "$2" ] || return
    strip -o "$TMP/s" "$2" 2>/dev/null || cp "$2" "$TMP/s"
    printf '   %-10s %8d / %8d  %s\n' "$1" "$(stat -c %s "$2")" "$(stat -c %s "$TMP/s")" "$2"
}
size_line noop.hvt "$NOOP_HVT"
size_line noop.spt "$NOOP_SPT"
size_line noop-unix "$NOOP_UNIX"
size_line hello.hvt "${HELLO_HVT:-}"
size_line hello.spt "${HELLO_SPT:-}"
