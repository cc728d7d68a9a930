#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Crash test of kv_ring: a writer unikernel sets, removes and renames keys
# on a disk image and is killed with SIGKILL at a random moment; a checker
# then mounts the image and verifies every acknowledged operation (and
# nothing half-done).  ROUNDS rounds (default 200) on the same image.
. "$(dirname "$0")/lib.sh"
ROUNDS=${KV_CRASH_ROUNDS:-200}

if ! build_prog kv_writer kv_ring kv block || \
   ! build_prog kv_check kv_ring kv_mem kv block; then
    fail kv-ring-crash "cannot build the writer and checker"
    exit 0
fi
img=$TMP/disk.img
truncate -s 2M "$img"
state=$TMP/state
: > "$state"
bad=0 after=0 before=0 acked=0 torn=0 start=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
    log=$TMP/log
    "$TMP/kv_writer" --image="$img" --seed="$round$RANDOM" > "$log" 2> "$TMP/werr" &
    pid=$!
    sleep "$(printf '0.%03d' $((5 + RANDOM % 300)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if grep -q . "$TMP/werr"; then
        echo "round $round: writer said: $(head -n 3 "$TMP/werr")"
    fi
    out=$("$TMP/kv_check" --image="$img" --state="$state" --log="$log" \
          --out="$state.new" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "round $round: checker exit $rc: $out"
        cp "$img" "$TMP/../kv-ring-crash-failed.img" 2>/dev/null
        bad=$((bad + 1))
        break
    fi
    mv "$state.new" "$state"
    ok=$(printf '%s\n' "$out" | grep '^OK ')
    case $ok in *"op after"*) after=$((after + 1)) ;; *"op before"*) before=$((before + 1)) ;; esac
    case $out in *half-written*) torn=$((torn + 1)) ;; esac
    n=${ok#OK }; acked=$((acked + ${n%% *}))
done
echo "rounds: $round, acknowledged ops verified: $acked, interrupted op" \
     "found done: $after, not done: $before, torn records dropped at" \
     "mount: $torn, $((SECONDS - start)) s," \
     "keys at the end: $(wc -l < "$state")"
if [ $bad -eq 0 ] && [ "$round" -eq "$ROUNDS" ] && [ $acked -gt 1000 ]; then
    pass kv-ring-crash
else
    fail kv-ring-crash "$bad bad rounds, $acked ops acknowledged"
fi
