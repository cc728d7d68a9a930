# SPDX-License-Identifier: ISC
# fuzz/tcp: the TCP engine (lib/tcp) fed segments, timer ticks and user
# calls; `make fuzz-tcp` builds it (the goal lib/tcp/build.mk names).
FUZZ_TCP_SRCS := fuzz/tcp/fuzz_tcp.c $(wildcard lib/tcp/*.c) lib/buf/buf.c \
                 lib/ipaddr/csum.c lib/ipaddr/ipaddr.c
$(BUILD)/fuzz/tcp/fuzz_tcp: $(FUZZ_TCP_SRCS) $(wildcard lib/tcp/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinclude -o $@ $(FUZZ_TCP_SRCS)
FUZZ_TARGETS += $(BUILD)/fuzz/tcp/fuzz_tcp

.PHONY: fuzz-tcp
fuzz-tcp: $(BUILD)/fuzz/tcp/fuzz_tcp
