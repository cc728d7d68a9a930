#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Storage benchmark: block throughput and KV get/set rates and latencies
# of each store, next to Linux doing the same I/O on the same files.
# Usage: BUILD=build bash bench/storage/run.sh
set -eu
BUILD=${BUILD:-build}
tmp=$(mktemp -d /tmp/mirage-bench-storage.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
dd if=/dev/zero of="$tmp/disk.img" bs=1M count=256 status=none
dd if=/dev/zero of="$tmp/ring.img" bs=1M count=64 status=none
mkdir "$tmp/tree"
"$BUILD/bench/storage/bench_storage" "$tmp"
