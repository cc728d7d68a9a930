# SPDX-License-Identifier: ISC
# The tenders mirage-hvt (KVM) and mirage-spt (seccomp): plain host programs
# (not mirage_lib libraries), sharing tenders/common/.  Also their test
# guests, the malformed-image generator and the loader's ASan unit test
# (built by `make tests`).

TENDER_CFLAGS := $(UNIX_CFLAGS) -Iplatform -fPIE \
                 -DMIRAGE_VERSION=\"$(VERSION)\"
TENDER_COMMON := $(wildcard tenders/common/*.c)
TENDER_HVT    := $(wildcard tenders/hvt/*.c)
TENDER_SPT    := $(wildcard tenders/spt/*.c)
TENDER_HDRS   := $(wildcard tenders/*/*.h) platform/solo5/solo5_abi.h

tender_objs = $(patsubst %.c,$(BUILD)/obj/tenders/%.o,$(1))

$(BUILD)/obj/tenders/%.o: %.c $(TENDER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(TENDER_CFLAGS) -c $< -o $@

$(BUILD)/bin/mirage-hvt: $(call tender_objs,$(TENDER_COMMON) $(TENDER_HVT))
	@mkdir -p $(@D)
	$(CC) -pie -o $@ $^ -lseccomp

$(BUILD)/bin/mirage-spt: $(call tender_objs,$(TENDER_COMMON) $(TENDER_SPT))
	@mkdir -p $(@D)
	$(CC) -pie -o $@ $^ -lseccomp

ALL_TARGETS += $(BUILD)/bin/mirage-hvt $(BUILD)/bin/mirage-spt
.PHONY: tenders
tenders: $(BUILD)/bin/mirage-hvt $(BUILD)/bin/mirage-spt

# ---- Tests -----------------------------------------------------------------
# Test guests: minimal freestanding programs with their own _start and
# linker script (tests/tenders/guests/), so they depend on no platform.
# One image per target and device set: none, block "storage", net "service"
# (vnet: the same net device and Mirage's NET1 note).
TG_DIR    := $(BUILD)/tests/tenders/guests
TG_SRC    := tests/tenders/guests
TG_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -ffreestanding -fno-pic -fno-pie \
             -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
             -fno-asynchronous-unwind-tables -nostdinc -isystem $(GCC_INCLUDE) \
             -Iplatform
TG_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,$(TG_SRC)/guest.ld \
              -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none
TG_IMAGES := $(foreach t,hvt spt,$(foreach d,none block net vnet,$(TG_DIR)/guest-$(d).$(t)))

tg_target = $(if $(filter %.hvt,$(1)),HVT,SPT)
tg_devs   = $(patsubst guest-%,%,$(basename $(notdir $(1))))

$(TG_DIR)/guest-%: $(wildcard $(TG_SRC)/*.c $(TG_SRC)/*.h) $(TG_SRC)/guest.ld
	@mkdir -p $(@D)
	$(CC) $(TG_CFLAGS) -DGUEST_$(call tg_target,$@) \
	    -DGUEST_DEVS_$(call tg_devs,$@) -o $@ $(TG_SRC)/guest.c \
	    $(TG_SRC)/notes.c $(TG_LDFLAGS)

# Generator of malformed images, and the loader under ASan.
TENDER_ASAN_OBJS := $(patsubst %.c,$(BUILD)/obj/tenders-asan/%.o,$(TENDER_COMMON))
$(BUILD)/obj/tenders-asan/%.o: %.c $(TENDER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -Iplatform -c $< -o $@

TT_IMAGES := $(wildcard tests/tenders/images/images*.c)
TT_HDRS   := $(wildcard tests/tenders/images/*.h) tests/lib/check.h
TT_CFLAGS := $(ASAN_CFLAGS) -Iplatform -Itenders/common -Itests/lib \
             -Itests/tenders/images
$(BUILD)/tests/tenders/mkimages: tests/tenders/images/mkimages.c $(TT_IMAGES) \
                                 $(TT_HDRS) $(TENDER_ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(TT_CFLAGS) -o $@ $< $(TT_IMAGES) $(ASAN_LDFLAGS)

# Unit tests of the shared tender code, run by tests/run like any other.
TT_UNIT := $(patsubst tests/tenders/unit/%.c,$(BUILD)/tests/unit/tenders/%,\
             $(wildcard tests/tenders/unit/test_*.c))
$(BUILD)/tests/unit/tenders/%: tests/tenders/unit/%.c $(TT_IMAGES) $(TT_HDRS) \
                               $(TENDER_ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(TT_CFLAGS) -o $@ $< $(TT_IMAGES) $(TENDER_ASAN_OBJS) \
	    $(ASAN_LDFLAGS)

TEST_BINS += $(TG_IMAGES) $(BUILD)/tests/tenders/mkimages $(TT_UNIT)
.PHONY: tenders-tests
tenders-tests: tenders $(TG_IMAGES) $(BUILD)/tests/tenders/mkimages $(TT_UNIT)
