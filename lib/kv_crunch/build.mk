# SPDX-License-Identifier: ISC
# lib/kv_crunch: crunch, files embedded in the image (needs kv), and the
# host generator mirage-crunch that writes the embedding C file.
$(eval $(call mirage_lib,kv_crunch,lib/kv_crunch/crunch.c,unix guest asan))
CFLAGS_lib/kv_crunch/ += -Ilib/kv

ALL_TARGETS += $(BUILD)/bin/mirage-crunch
$(BUILD)/bin/mirage-crunch: lib/kv_crunch/gen/mirage_crunch.c
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) -o $@ $<
