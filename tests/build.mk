# SPDX-License-Identifier: ISC
# Unit tests: tests/unit/<area>/test_<topic>.c, one binary each, built with
# ASan and UBSan against the asan flavour of every library.  Files named
# tests/unit/<area>/support_*.c are linked into every test of that area.

UNIT_SRCS := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))
TEST_BINS += $(UNIT_BINS)

unit_support = $(wildcard tests/unit/$(1)/support_*.c)

.SECONDEXPANSION:
$(BUILD)/tests/unit/%: tests/unit/%.c $$(call unit_support,$$(patsubst %/,%,$$(dir $$*))) \
                       $$(MIRAGE_LIBS_asan) tests/lib/check.h
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -Itests/lib -Iplatform -o $@ $< \
	    $(call unit_support,$(patsubst %/,%,$(dir $*))) \
	    -Wl,--start-group $(MIRAGE_LIBS_asan) -Wl,--end-group $(ASAN_LDFLAGS)
