# SPDX-License-Identifier: ISC
# Storage benchmark: block throughput and KV stores against Linux I/O on
# the same files.
BENCH_STORAGE_SRCS := $(sort $(wildcard bench/storage/*.c))
BENCH_STORAGE_LIBS := $(patsubst %,$(BUILD)/lib/mirage/unix/libmirage_%.a,\
                        kv_ring kv_tar kv_mem hostfs kv block runtime plat_unix)
BENCH_BINS += $(BUILD)/bench/storage/bench_storage
BENCH_RUNS += bench/storage/run.sh

$(BUILD)/bench/storage/bench_storage: $(BENCH_STORAGE_SRCS) \
                                      bench/storage/bench_storage.h \
                                      $(BENCH_STORAGE_LIBS)
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) -o $@ $(BENCH_STORAGE_SRCS) \
	    -Wl,--start-group $(BENCH_STORAGE_LIBS) -Wl,--end-group
