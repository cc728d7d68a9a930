# SPDX-License-Identifier: ISC
# fuzz/elf: the tenders' image reader (tenders/common): ELF checks, Solo5
# notes, manifest validation, device options, loading.
FUZZ_ELF_SRCS := fuzz/elf/fuzz_elf.c $(wildcard tenders/common/*.c)
$(BUILD)/fuzz/elf/fuzz_elf: $(FUZZ_ELF_SRCS) $(wildcard tenders/common/*.h) \
                            platform/solo5/solo5_abi.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iplatform -Itenders/common -o $@ $(FUZZ_ELF_SRCS)
FUZZ_TARGETS += $(BUILD)/fuzz/elf/fuzz_elf

.PHONY: fuzz-elf
fuzz-elf: $(BUILD)/fuzz/elf/fuzz_elf
