# SPDX-License-Identifier: ISC
# HTTP benchmark: examples/static_website (unix on loopback; spt and hvt on
# a tap) against Debian's nginx, with wrk (bench/http/run.sh and the
# targets it sources from bench/http/targets.sh).
BENCH_RUNS += bench/http/run.sh
