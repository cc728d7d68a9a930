# SPDX-License-Identifier: ISC
# lib/buf: packet buffers and pools (include/mirage/buf.h).
$(eval $(call mirage_lib,buf,lib/buf/buf.c lib/buf/buf_pool.c,unix guest asan))
