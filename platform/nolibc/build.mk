# SPDX-License-Identifier: ISC
# nolibc: the freestanding C library linked into hvt and spt guests.
NOLIBC_SRCS := $(addprefix platform/nolibc/,mem.c string.c strerror.c ctype.c \
    strto.c format.c sort.c malloc.c stdio.c stdlib.c ssp.c setjmp.S)
$(eval $(call mirage_lib,nolibc,$(NOLIBC_SRCS),guest))
# The compiler must not turn our memcpy/memset loops into calls to
# memcpy/memset: those are these very functions.
CFLAGS_platform/nolibc/ += -fno-tree-loop-distribute-patterns

# The host unit tests in tests/unit/nolibc compile these sources in (under
# their mirage__nolibc_ names): rebuild them when the sources change.
NOLIBC_TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,\
    $(wildcard tests/unit/nolibc/test_*.c))
$(NOLIBC_TEST_BINS): $(wildcard platform/nolibc/*.[ch] platform/solo5/*.[ch]) \
    tests/unit/nolibc/nolibc_test.h
