# SPDX-License-Identifier: ISC
# Mirage/C top-level build.  Non-recursive: every part of the tree adds
# itself through a build.mk fragment; mk/ holds the shared flags and rules.
#
#   make            build the tool, runtime, libraries and tenders into build/
#   make test       install missing packages, build everything, run every test
#   make demo       build and boot an example
#   make install PREFIX=/usr/local
#
# build/ is laid out as an installation prefix (bin/, include/, lib/mirage/,
# share/mirage/), so the in-tree tool and an installed tool work the same way.

BUILD   ?= build
PREFIX  ?= /usr/local
VERSION := 0.1.0
export MIRAGE_VERSION := $(VERSION)

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

include mk/flags.mk
include mk/rules.mk

# Every fragment appends to these.
ALL_TARGETS :=
TEST_BINS   :=
STAGED      :=

FRAGMENTS := $(sort $(wildcard runtime/build.mk platform/*/build.mk lib/*/build.mk \
                tool/build.mk tenders/build.mk tests/build.mk fuzz/build.mk bench/build.mk))
include $(FRAGMENTS)

# Staged headers: the public interface, and nolibc for guest builds.
$(BUILD)/include/.stamp: $(shell find include platform/nolibc/include -type f 2>/dev/null)
	@mkdir -p $(BUILD)/include
	@ln -sfn $(CURDIR)/include/mirage $(BUILD)/include/mirage
	@ln -sfn $(CURDIR)/include/mirage.h $(BUILD)/include/mirage.h
	@ln -sfn $(CURDIR)/platform/nolibc/include $(BUILD)/include/nolibc
	@touch $@

all: $(BUILD)/include/.stamp $(MIRAGE_LIBS_unix) $(MIRAGE_LIBS_guest) \
     $(MIRAGE_LIBS_asan) $(ALL_TARGETS) $(STAGED)
.PHONY: all test demo deps install clean format check-format check-symbols check-headers tests

tests: all $(TEST_BINS)

deps:
	@bash mk/deps.sh

test: deps
	@$(MAKE) --no-print-directory -j$$(nproc) all tests
	@BUILD=$(BUILD) bash tests/run

demo: all
	@bash mk/demo.sh

install: all
	@bash mk/install.sh "$(PREFIX)" "$(BUILD)"

clean:
	rm -rf $(BUILD)

CFILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^tests/tool/golden/')
format:
	clang-format -i $(CFILES)
check-format:
	@clang-format --dry-run --Werror $(CFILES) && echo "format: ok"

check-symbols: all
	@bash mk/check-symbols.sh $(BUILD)

check-headers:
	@bash mk/check-headers.sh

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
