# SPDX-License-Identifier: ISC
# The hvt guest platform (Solo5 hvt ABI, KVM): libmirage_plat_hvt, and the
# linker script and make fragment unikernels built for hvt include.
include platform/solo5/sources.mk
PLAT_HVT_SRCS := $(addprefix platform/hvt/,start.S traps.S main.c cpu.c \
    trap.c time.c io.c ring.c) $(PLAT_SOLO5_SRCS)
$(eval $(call mirage_lib,plat_hvt,$(PLAT_HVT_SRCS),guest))
CFLAGS_platform/hvt/ += -Iplatform $(PLAT_SOLO5_DEFS)

$(BUILD)/share/mirage/hvt.ld: platform/solo5/guest.ld
	@mkdir -p $(@D)
	cp $< $@
$(BUILD)/share/mirage/hvt.mk: platform/hvt/hvt.mk
	@mkdir -p $(@D)
	cp $< $@
STAGED += $(BUILD)/share/mirage/hvt.ld $(BUILD)/share/mirage/hvt.mk
