# SPDX-License-Identifier: ISC
# lib/stack: the direct stack (include/mirage/stack.h).
$(eval $(call mirage_lib,stack,lib/stack/stack_direct.c,unix guest asan))

# Fuzz targets of the network parsers (`make fuzz-net`; also part of `make
# fuzz`): one libFuzzer harness per parser under fuzz/net_<name>/ with a seed
# corpus, linked against an instrumented build of the layers and the
# runtime (platform/unix without its main).  tests/fuzz/net.t runs each.
FUZZ_NET_CC     ?= clang
FUZZ_NET_CFLAGS := -std=c11 -O1 -g -D_GNU_SOURCE -fno-omit-frame-pointer \
                   -fsanitize=fuzzer,address,undefined \
                   -fno-sanitize-recover=undefined -Iinclude -Iplatform
FUZZ_NET_NAMES  := ipaddr ethernet arp ipv4 icmp udp stack vnet
FUZZ_NET_SRCS   := $(sort $(wildcard runtime/*.c lib/rng/*.c lib/buf/*.c \
                     lib/ipaddr/*.c lib/netif/*.c lib/ethernet/*.c \
                     lib/arp/*.c lib/ipv4/*.c lib/icmp/*.c lib/udp/*.c)) \
                   runtime/fiber_switch_x86_64.S \
                   $(filter-out platform/unix/entry.c,$(wildcard platform/unix/*.c))
FUZZ_NET_OBJS   := $(patsubst %,$(BUILD)/fuzz/net_obj/%.o,$(FUZZ_NET_SRCS))
FUZZ_NET_LIB    := $(BUILD)/fuzz/net_obj/libmirage_netfuzz.a
FUZZ_NET_BINS   :=

$(BUILD)/fuzz/net_obj/%.o: %
	@mkdir -p $(@D)
	$(FUZZ_NET_CC) $(FUZZ_NET_CFLAGS) -c $< -o $@

$(FUZZ_NET_LIB): $(FUZZ_NET_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

define fuzz_net_target
$(BUILD)/fuzz/net_$(1)/fuzz_$(1): fuzz/net_$(1)/fuzz_$(1).c \
        fuzz/net_common/fuzz_net.h $(FUZZ_NET_LIB)
	@mkdir -p $$(@D)
	$$(FUZZ_NET_CC) $$(FUZZ_NET_CFLAGS) -o $$@ $$< $(FUZZ_NET_LIB)
FUZZ_NET_BINS += $(BUILD)/fuzz/net_$(1)/fuzz_$(1)
endef
$(foreach t,$(FUZZ_NET_NAMES),$(eval $(call fuzz_net_target,$(t))))

.PHONY: fuzz-net fuzz
fuzz-net: $(FUZZ_NET_BINS)
fuzz: fuzz-net
