# SPDX-License-Identifier: ISC
# The socket stack (include/mirage/stack.h): TCP and UDP over host sockets,
# for the unix target.  It puts its epoll instance into the unix platform's
# wait through the platform's internal device table (unix/unix_priv.h).
SOCKET_SRCS := $(sort $(wildcard platform/socket/*.c))
$(eval $(call mirage_lib,socket,$(SOCKET_SRCS),unix asan))
CFLAGS_platform/socket/ += -Iplatform
