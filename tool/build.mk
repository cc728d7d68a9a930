# SPDX-License-Identifier: ISC
# The mirage tool ($(BUILD)/bin/mirage) and the configuration library that
# every config.c links with ($(BUILD)/lib/mirage/libmirage_config.a, host
# only).  The library shares runtime/key.c with the runtime, so configure
# checks key defaults with the very converter the unikernel uses at boot.

CONFIG_LIB_SRCS := $(sort $(wildcard tool/lib/*.c)) runtime/key.c
CONFIG_LIB_OBJS := $(patsubst %,$(BUILD)/obj/unix/%.o,$(CONFIG_LIB_SRCS))
CONFIG_LIB      := $(BUILD)/lib/mirage/libmirage_config.a
CFLAGS_tool/lib/ += -DMIRAGE_VERSION='"$(VERSION)"'

$(CONFIG_LIB): $(CONFIG_LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/mirage: $(BUILD)/obj/unix/tool/mirage.c.o $(CONFIG_LIB)
	@mkdir -p $(@D)
	$(CC) -o $@ $^

ALL_TARGETS += $(BUILD)/bin/mirage $(CONFIG_LIB)

# The connect functions some devices of config.c use in the generated
# main.c (<mirage/connect.h>): portable, built for every flavour.
CONNECT_SRCS := $(sort $(wildcard tool/connect/*.c))
$(eval $(call mirage_lib,connect,$(CONNECT_SRCS),unix guest asan))

# mirage-crunch: embeds a folder into an image (see lib/kv_crunch).
ALL_TARGETS += $(BUILD)/bin/mirage-crunch
$(BUILD)/bin/mirage-crunch: tool/crunch/mirage_crunch.c
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) -o $@ $<
