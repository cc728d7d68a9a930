# SPDX-License-Identifier: ISC
# lib/kv: what every KV store shares: the KV_RO/KV_RW entry points, keys,
# errors, listings, digests and the ordered key index.
KV_SRCS := lib/kv/kv_api.c lib/kv/kv_key.c lib/kv/kv_error.c \
           lib/kv/kv_list.c lib/kv/kv_sha256.c lib/kv/kv_digest.c \
           lib/kv/kv_time.c lib/kv/kv_index.c lib/kv/kv_dict.c
CFLAGS_lib/kv/ += -Iplatform
$(eval $(call mirage_lib,kv,$(KV_SRCS),unix guest asan))
