# SPDX-License-Identifier: ISC
# HTTP benchmark: examples/static_website (unix, socket stack) against
# Debian's nginx on loopback, with wrk.
BENCH_RUNS += bench/http/run.sh
