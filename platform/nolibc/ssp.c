/* SPDX-License-Identifier: ISC */
/* nolibc: stack-protector guard (seeded at boot) and its failure handler. */
#include "nolibc_impl.h"

#include "../platform.h"

/* Guests are compiled with -mstack-protector-guard=global: the canary is
 * this variable, not %fs:0x28, so it works with no TLS set up. */
uintptr_t __stack_chk_guard = 0x00e1f5c0de5a1e00ul;

_Noreturn void __stack_chk_fail(void);

_Noreturn void __stack_chk_fail(void)
{
    mirage_plat_abort("stack smashing detected");
}

/* Called once, first thing at boot, by code that is not itself protected.
 * The low byte stays zero so string functions cannot read the canary out. */
void mirage__nolibc_ssp_seed(uint64_t seed)
{
    __stack_chk_guard = (uintptr_t)(seed & ~(uint64_t)0xff);
    if (__stack_chk_guard == 0)
        __stack_chk_guard = 0x00e1f5c0de5a1e00ul;
}
