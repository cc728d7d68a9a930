# SPDX-License-Identifier: ISC
# The unix platform: a Linux process (tap network, file-backed block).
# entry.c holds main() alone, so programs with their own main() do not
# pull it from the archive.
PLAT_UNIX_SRCS := $(sort $(wildcard platform/unix/*.c))
$(eval $(call mirage_lib,plat_unix,$(PLAT_UNIX_SRCS),unix asan))
CFLAGS_platform/unix/ += -Iplatform

STAGED += $(BUILD)/share/mirage/unix.mk
$(BUILD)/share/mirage/unix.mk: platform/unix/unix.mk
	@mkdir -p $(@D)
	cp $< $@
