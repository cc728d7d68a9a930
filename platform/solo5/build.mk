# SPDX-License-Identifier: ISC
# Staged files shared by the Solo5-ABI targets (hvt, spt): the make
# fragment their hvt.mk/spt.mk include.  The sources are in sources.mk.
$(BUILD)/share/mirage/solo5-guest.mk: platform/solo5/solo5-guest.mk
	@mkdir -p $(@D)
	cp $< $@
STAGED += $(BUILD)/share/mirage/solo5-guest.mk
