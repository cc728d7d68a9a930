# SPDX-License-Identifier: ISC
# The spt guest platform (Solo5 spt ABI, seccomp): libmirage_plat_spt, and
# the linker script and make fragment unikernels built for spt include.
include platform/solo5/sources.mk
PLAT_SPT_SRCS := $(addprefix platform/spt/,start.S main.c time.c io.c) \
    $(PLAT_SOLO5_SRCS)
$(eval $(call mirage_lib,plat_spt,$(PLAT_SPT_SRCS),guest))
CFLAGS_platform/spt/ += -Iplatform $(PLAT_SOLO5_DEFS)

$(BUILD)/share/mirage/spt.ld: platform/solo5/guest.ld
	@mkdir -p $(@D)
	cp $< $@
$(BUILD)/share/mirage/spt.mk: platform/spt/spt.mk
	@mkdir -p $(@D)
	cp $< $@
STAGED += $(BUILD)/share/mirage/spt.ld $(BUILD)/share/mirage/spt.mk
