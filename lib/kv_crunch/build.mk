# SPDX-License-Identifier: ISC
# lib/kv_crunch: crunch, files embedded in the image (needs kv).  The host
# generator mirage-crunch that writes the embedding C file is tool/crunch.
$(eval $(call mirage_lib,kv_crunch,lib/kv_crunch/crunch.c,unix guest asan))
CFLAGS_lib/kv_crunch/ += -Ilib/kv
