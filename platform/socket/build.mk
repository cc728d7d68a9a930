# SPDX-License-Identifier: ISC
# The socket stack (include/mirage/stack.h): TCP and UDP over host sockets,
# for the unix target.  It puts its epoll instance into the unix platform's
# wait with mirage_plat_unix_watch_fd (unix/plat_unix.h).
SOCKET_SRCS := $(sort $(wildcard platform/socket/*.c))
$(eval $(call mirage_lib,socket,$(SOCKET_SRCS),unix asan))
CFLAGS_platform/socket/ += -Iplatform
