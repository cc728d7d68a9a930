#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Misbehaving guests are stopped with a message: writes to their own text,
# jumps to NULL, stack overflow, pointers outside guest memory, bad ports,
# forbidden system calls.  The tender itself never crashes.
. "$MIRAGE_ROOT/tests/tenders/lib.sh"
ensure_built
DISK=$TMP/disk.img
truncate -s 64K "$DISK"

hvt_faults() {
    local g=$GUESTS/guest-none.hvt c
    for c in write-text jump-null read-null recurse; do
        expect "hvt-$c" 1 "mirage-hvt: guest fault: " "" -- "$HVT" --mem=4 "$g" "$c"
    done
    [[ $OUT != *"wrote its own text"* ]] || fail hvt-write-text-stopped "guest went on"
    expect hvt-bad-puts 1 "invalid guest access: PUTS string at 0x401000" "" \
        -- "$HVT" --mem=4 "$g" bad-puts
    expect hvt-bad-puts-wrap 1 "invalid guest access: PUTS string" "" \
        -- "$HVT" --mem=4 "$g" bad-puts-wrap
    expect hvt-bad-arg 1 "invalid guest access: PUTS argument at 0xfffff000" "" \
        -- "$HVT" --mem=4 "$g" bad-arg
    expect hvt-arg-at-end 1 "invalid guest access: PUTS argument at 0x3ffff8" "" \
        -- "$HVT" --mem=4 "$g" arg-at-end
    expect hvt-poll-into-text 1 "POLL argument at 0x10" "" \
        -- "$HVT" --mem=4 "$g" poll-into-text
    [[ $ERR == *"not writable guest memory"* ]] || fail hvt-poll-into-text-why "$ERR"
    expect hvt-bad-port 1 "invalid guest port access: out of 4 bytes, port 0x509" "" \
        -- "$HVT" --mem=4 "$g" bad-port
    expect hvt-in-port 1 "invalid guest port access: in of 1 bytes" "" \
        -- "$HVT" --mem=4 "$g" inb
    expect hvt-hypercall-0 1 "invalid hypercall 0" "" -- "$HVT" --mem=4 "$g" hypercall-0
    g=$GUESTS/guest-block.hvt
    expect hvt-block-bad-buf 1 "BLOCK_READ buffer at 0x3fff9c, 512 bytes (outside" "" \
        -- "$HVT" --mem=4 --block:storage="$DISK" "$g" block-bad-buf
    expect hvt-block-into-text 1 "BLOCK_READ buffer at 0x10" "" \
        -- "$HVT" --mem=4 --block:storage="$DISK" "$g" block-into-text
    [[ $ERR == *"not writable guest memory"* ]] || fail hvt-block-into-text-why "$ERR"
    g=$GUESTS/guest-net.hvt
    expect hvt-net-bad-buf 1 "NET_WRITE buffer at 0x400001" "" \
        -- "$HVT" --mem=4 --net:service=@9 "$g" net-bad-buf 9< <(sleep 20)
    expect hvt-net-into-text 1 "NET_READ buffer at 0x10" "" \
        -- "$HVT" --mem=4 --net:service=@9 "$g" net-into-text 9< <(sleep 20)
}

spt_faults() {
    local g=$GUESTS/guest-none.spt c
    for c in write-text jump-null read-null recurse; do
        expect "spt-$c" 139 "mirage-spt: guest killed by SIGSEGV (invalid memory access" "" \
            -- "$SPT" --mem=4 "$g" "$c"
    done
    expect spt-null-address 139 "access at 0x0," "" -- "$SPT" --mem=4 "$g" read-null
    expect spt-getpid 159 "SIGSYS (forbidden system call 39 (getpid)" "" \
        -- "$SPT" --mem=4 "$g" getpid
    expect spt-write-stderr 159 "forbidden system call 1 (write)" "" \
        -- "$SPT" --mem=4 "$g" write-stderr
    expect spt-block-bad-size 159 "forbidden system call 17 (pread64)" "" \
        -- "$SPT" --mem=4 --block:storage="$DISK" "$GUESTS/guest-block.spt" block-bad-size
    run "$SPT" --mem=4 "$g" exit 139
    if [ "$RC" = 139 ] && [ -z "$ERR" ]; then pass spt-own-exit-139-not-reported
    else fail spt-own-exit-139-not-reported "exit $RC, '$ERR'"; fi
}

# The filter is in force while the guest runs (in the guest process on spt).
seccomp_on() { # name tender guest
    "$2" --mem=4 "$3" poll 3000 >/dev/null 2>&1 &
    local pid=$! target status
    sleep 0.5
    target=$pid
    if [ "$1" = spt ]; then target=$(pgrep -P $pid | head -n 1); fi
    status=$(grep -E '^(Seccomp|NoNewPrivs):' /proc/${target:-0}/status 2>/dev/null | tr -s '\t\n' '  ')
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
    if [[ $status == *"NoNewPrivs: 1 Seccomp: 2"* ]]; then pass "$1-seccomp-installed"
    else fail "$1-seccomp-installed" "status of the guest process: '$status'"; fi
}

if [ -n "$KVM_WHY" ]; then skip hvt-faults "$KVM_WHY"
else hvt_faults; seccomp_on hvt "$HVT" "$GUESTS/guest-none.hvt"; fi
spt_faults
seccomp_on spt "$SPT" "$GUESTS/guest-none.spt"
