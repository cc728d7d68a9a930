# SPDX-License-Identifier: ISC
# Build rules shared by every fragment.
#
# A library fragment (runtime/build.mk, lib/<area>/build.mk, platform/*/build.mk)
# declares itself with
#     $(eval $(call mirage_lib,NAME,SOURCES,FLAVOURS))
# which builds build/lib/mirage/<flavour>/libmirage_NAME.a for each flavour in
# FLAVOURS (unix guest asan).  Targets hvt and spt link the guest flavour.

define mirage_lib_flavour
MIRAGE_LIBS_$(3) += $(BUILD)/lib/mirage/$(3)/libmirage_$(1).a
MIRAGE_LIBNAMES_$(3) += $(1)
$(BUILD)/lib/mirage/$(3)/libmirage_$(1).a: $(patsubst %,$(BUILD)/obj/$(3)/%.o,$(2))
	@mkdir -p $$(@D)
	@rm -f $$@
	$(AR) rcs $$@ $$^
endef

define mirage_lib
$(foreach f,$(3),$(eval $(call mirage_lib_flavour,$(1),$(2),$(f))))
endef

$(BUILD)/obj/unix/%.c.o: %.c
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) $(CFLAGS_$(dir $<)) -MMD -MP -c $< -o $@
$(BUILD)/obj/unix/%.S.o: %.S
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/obj/asan/%.c.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) $(CFLAGS_$(dir $<)) -MMD -MP -c $< -o $@
$(BUILD)/obj/asan/%.S.o: %.S
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/obj/guest/%.c.o: %.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) $(CFLAGS_$(dir $<)) -MMD -MP -c $< -o $@
$(BUILD)/obj/guest/%.S.o: %.S
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@
