/* SPDX-License-Identifier: ISC */
/* nolibc: assert() aborts with the expression, file and line. */
/* No include guard: assert.h may be included again with NDEBUG changed. */
#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) \
    ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef _NOLIBC_ASSERT_DECL
#define _NOLIBC_ASSERT_DECL
_Noreturn void __assert_fail(const char *expr, const char *file, int line,
                             const char *func);
#endif

#ifndef __cplusplus
#undef static_assert
#define static_assert _Static_assert
#endif
