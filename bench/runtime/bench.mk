# SPDX-License-Identifier: ISC
# Runtime benchmark: fiber switches, spawn+join and timer accuracy against
# swapcontext, pthreads and nanosleep.
BENCH_RUNTIME_SRCS := $(sort $(wildcard bench/runtime/*.c))
BENCH_RUNTIME_LIBS := $(BUILD)/lib/mirage/unix/libmirage_runtime.a \
                      $(BUILD)/lib/mirage/unix/libmirage_plat_unix.a
BENCH_BINS += $(BUILD)/bench/runtime/bench_runtime
BENCH_RUNS += bench/runtime/run.sh

$(BUILD)/bench/runtime/bench_runtime: $(BENCH_RUNTIME_SRCS) bench/runtime/bench.h \
                                      $(BENCH_RUNTIME_LIBS)
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) -Iplatform -o $@ $(BENCH_RUNTIME_SRCS) \
	    -Wl,--start-group $(BENCH_RUNTIME_LIBS) -Wl,--end-group -lpthread
