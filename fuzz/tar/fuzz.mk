# SPDX-License-Identifier: ISC
# fuzz/tar: tar_kv_ro's archive reader (lib/kv_tar) on a ramdisk.
FUZZ_STORAGE_COMMON := $(wildcard lib/kv/*.c) lib/block/block_ramdisk.c \
                       lib/block/block_bytes.c fuzz/tar/fuzz_stubs.c
FUZZ_TAR_SRCS := fuzz/tar/fuzz_tar.c $(wildcard lib/kv_tar/*.c) \
                 $(FUZZ_STORAGE_COMMON)
$(BUILD)/fuzz/tar/fuzz_tar: $(FUZZ_TAR_SRCS) $(wildcard lib/kv/*.h lib/kv_tar/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinclude -Iplatform -Ilib/kv -o $@ $(FUZZ_TAR_SRCS)
FUZZ_TARGETS += $(BUILD)/fuzz/tar/fuzz_tar

.PHONY: fuzz-tar
fuzz-tar: $(BUILD)/fuzz/tar/fuzz_tar
