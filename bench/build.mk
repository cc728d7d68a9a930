# SPDX-License-Identifier: ISC
# Benchmarks, built and run by `make bench` (not by `make all`).  Each
# benchmark runs our code and its peer in the same run and prints ratios.
#
# A benchmark folder bench/<area>/ adds itself with a bench/<area>/bench.mk
# appending its programs to BENCH_BINS and its runner scripts to
# BENCH_RUNS; any other fragment may append to both as well.  A runner is a
# bash script run from the repository root with BUILD exported.
BENCH_BINS +=
BENCH_RUNS +=
include $(sort $(wildcard bench/*/bench.mk))

.PHONY: bench
bench: all $(BENCH_BINS)
	@for r in $(BENCH_RUNS); do \
	    echo "== $$r"; BUILD=$(BUILD) bash $$r || exit 1; done
