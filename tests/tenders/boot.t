#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# A good guest boots on mirage-hvt and mirage-spt, prints, exits with its
# own status; options, --help, --version and signals behave as documented.
. "$MIRAGE_ROOT/tests/tenders/lib.sh"
ensure_built

boot() { # target tender
    local t=$1 T=$2 g=$GUESTS/guest-none.$1
    expect "$t-exit-status" 42 "" "hello from guest" -- "$T" --mem=8 "$g" exit 42
    expect "$t-exit-zero" 0 "" "hello from guest" -- "$T" --mem=8 "$g" exit 0
    expect "$t-exit-abort" 255 "" "" -- "$T" --mem=8 "$g" exit 255
    run "$T" --mem=8 "$g" echo "a  b" c --d=e
    if [ "$RC" = 0 ] && [ "$OUT" = "a  b c --d=e" ]; then pass "$t-cmdline"
    else fail "$t-cmdline" "exit $RC, output '$OUT'"; fi
    expect "$t-double-dash" 0 "" "x" -- "$T" --mem=8 -- "$g" echo x
    expect "$t-poll-timeout" 0 "" "poll ok" -- "$T" --mem=8 "$g" poll 20
    run "$T" "$g" walltime
    local now=$(date +%s) got=${OUT#walltime }
    if [ "$RC" = 0 ] && [ $((now - got)) -le 5 ] && [ $((got - now)) -le 5 ]; then
        pass "$t-walltime-default-mem"
    else fail "$t-walltime-default-mem" "exit $RC, '$OUT' vs host $now"; fi
    expect "$t-version" 0 "" "mirage-$t " -- "$T" --version
    expect "$t-help" 0 "" "usage: mirage-$t" -- "$T" --help
    expect "$t-help-lists-devices" 0 "" "storage          BLOCK_BASIC  --block:storage=FILE" \
        -- "$T" --help "$GUESTS/guest-block.$t"
    expect "$t-help-net-device" 0 "" "--net:service=TAP  or  --net:service=@FD" \
        -- "$T" --help "$GUESTS/guest-net.$t"
    expect "$t-help-no-devices" 0 "" "declares no devices" -- "$T" --help "$g"
    expect "$t-help-bad-image" 1 "bad magic" "usage:" -- "$T" --help /etc/passwd
    expect "$t-missing-kernel" 1 "missing KERNEL" "" -- "$T" --mem=8
    expect "$t-no-such-kernel" 1 "No such file" "" -- "$T" "$TMP/nope.$t"
    expect "$t-directory-kernel" 1 "not a regular file" "" -- "$T" /tmp
    expect "$t-unknown-option" 1 "unknown option '--frob'" "" -- "$T" --frob "$g"
    expect "$t-mem-zero" 1 "not a size" "" -- "$T" --mem=0 "$g"
    expect "$t-mem-one" 1 "at least 2" "" -- "$T" --mem=1 "$g" exit 0
    local other=spt; [ "$t" = spt ] && other=hvt
    expect "$t-wrong-target" 1 "run it with mirage-$other" "" \
        -- "$T" "$GUESTS/guest-none.$other"
    local long; long=$(head -c 9000 /dev/zero | tr '\0' x)
    expect "$t-cmdline-too-long" 1 "longer than 8191" "" -- "$T" --mem=8 "$g" echo "$long"
}

hvt_only() {
    local g=$GUESTS/guest-none.hvt
    expect hvt-mem-rounded 0 "adjusting memory to 8 MiB" "" -- "$HVT" --mem=9 "$g" exit 0
    expect hvt-mem-too-big 1 "at most 4096 MiB" "" -- "$HVT" --mem=4098 "$g" exit 0
    MIRAGE_HVT_STATS=1 run "$HVT" --mem=8 "$g" exit 3
    if [ "$RC" = 3 ] && [[ $ERR == *"vm_exits=2 hypercalls=2 "*"puts=1 "*"halt=1"* ]]; then
        pass hvt-stats
    else fail hvt-stats "exit $RC, '$ERR'"; fi
    run "$HVT" --mem=8 "$g" exit 3
    if [[ $ERR == *stats* ]]; then fail hvt-stats-off "stats printed unasked"
    else pass hvt-stats-off; fi
}

signals() { # target tender want-rc want-message
    local t=$1 T=$2 c
    for c in "poll 30000" spin; do
        timeout 60 "$T" --mem=8 "$GUESTS/guest-none.$t" $c >"$TMP/out" 2>"$TMP/err" &
        local pid=$!
        sleep 0.5
        kill -TERM $pid
        wait $pid
        local rc=$?
        if [ "$rc" = "$3" ] && grep -q "$4" "$TMP/err"; then pass "$t-sigterm-${c% *}"
        else fail "$t-sigterm-${c% *}" "exit $rc: $(cat "$TMP/err")"; fi
    done
}

for_targets boot
if [ -z "$KVM_WHY" ]; then
    hvt_only
    signals hvt "$HVT" 1 "exiting on signal 15 (SIGTERM)"
fi
signals spt "$SPT" 143 "guest killed by SIGTERM"
