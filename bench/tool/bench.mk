# SPDX-License-Identifier: ISC
# Tool benchmark: configure + build time of examples/hello against a plain
# `cc -O2 hello.c`, and the size of dist/hello.
BENCH_RUNS += bench/tool/run.sh
# The cost of a 10 MB crunched folder: build time and image size.
BENCH_RUNS += bench/tool/crunch.sh
