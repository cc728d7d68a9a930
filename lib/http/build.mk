# SPDX-License-Identifier: ISC
# lib/http: the HTTP/1.1 server device (include/mirage/http.h).  Needs the
# runtime and library buf.  `make fuzz-http` builds its libFuzzer harness.
HTTP_SRCS := $(sort $(wildcard lib/http/*.c))
$(eval $(call mirage_lib,http,$(HTTP_SRCS),unix guest asan))

# The harness runs the server (and the runtime and unix platform under it)
# over an in-memory flow, all built with clang's fuzzer instrumentation.
# clang does not define __SANITIZE_ADDRESS__, which the runtime reads to
# announce its stack switches to ASan.
FUZZ_HTTP_SRCS := fuzz/http/fuzz_http.c tests/unit/http/support_fakeflow.c \
    tests/unit/http/support_http.c \
    $(HTTP_SRCS) lib/buf/buf.c lib/buf/buf_pool.c \
    $(sort $(wildcard runtime/*.c)) runtime/fiber_switch_x86_64.S \
    $(filter-out platform/unix/entry.c,$(sort $(wildcard platform/unix/*.c)))
$(BUILD)/fuzz/http/fuzz_http: $(FUZZ_HTTP_SRCS) $(wildcard lib/http/*.h) \
    $(wildcard runtime/*.h) $(wildcard platform/unix/*.h) \
    $(wildcard tests/unit/http/*.h) include/mirage/http.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -D__SANITIZE_ADDRESS__ -Iinclude -Iplatform \
	    -Itests/unit/http -o $@ $(FUZZ_HTTP_SRCS)
FUZZ_TARGETS += $(BUILD)/fuzz/http/fuzz_http

.PHONY: fuzz-http
fuzz-http: $(BUILD)/fuzz/http/fuzz_http
