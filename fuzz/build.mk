# SPDX-License-Identifier: ISC
# Fuzz targets: libFuzzer harnesses built with clang by `make fuzz` (not by
# `make all`), one folder per input path, fuzz/<name>/, holding the harness,
# a seed corpus in corpus/ and a fuzz/<name>/fuzz.mk that appends the
# harness binary to FUZZ_TARGETS.  tests/fuzz/<name>.t builds and runs each
# one briefly.
FUZZ_CC     ?= clang
FUZZ_CFLAGS := -std=c11 -O1 -g -D_GNU_SOURCE -fno-omit-frame-pointer \
               -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=undefined
FUZZ_TARGETS +=
include $(sort $(wildcard fuzz/*/fuzz.mk))

.PHONY: fuzz
fuzz: $(FUZZ_TARGETS)
