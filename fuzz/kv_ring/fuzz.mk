# SPDX-License-Identifier: ISC
# fuzz/kv_ring: kv_ring's mount (log replay) and read paths on damaged
# images made by the store itself.  Shares fuzz/tar's stubs.
FUZZ_KV_RING_SRCS := fuzz/kv_ring/fuzz_kv_ring.c $(wildcard lib/kv_ring/*.c) \
                     $(wildcard lib/kv/*.c) lib/block/block_ramdisk.c \
                     lib/block/block_bytes.c fuzz/tar/fuzz_stubs.c
$(BUILD)/fuzz/kv_ring/fuzz_kv_ring: $(FUZZ_KV_RING_SRCS) \
                                    $(wildcard lib/kv/*.h lib/kv_ring/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinclude -Iplatform -Ilib/kv -o $@ \
	    $(FUZZ_KV_RING_SRCS)
FUZZ_TARGETS += $(BUILD)/fuzz/kv_ring/fuzz_kv_ring

.PHONY: fuzz-kv-ring fuzz-storage
fuzz-kv-ring: $(BUILD)/fuzz/kv_ring/fuzz_kv_ring
fuzz-storage: fuzz-kv-ring fuzz-tar
