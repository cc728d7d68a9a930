#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Runs the runtime benchmark (fibers vs swapcontext/pthreads, timers vs
# nanosleep).  Usage: BUILD=build bash bench/runtime/run.sh
set -eu
exec "${BUILD:-build}/bench/runtime/bench_runtime"
