/* SPDX-License-Identifier: ISC */
/* spt boot: from the tender's boot info to the shared boot sequence. */
#include "nolibc/nolibc_impl.h"
#include "spt/spt_priv.h"

_Noreturn void mirage__spt_start(const struct spt_boot_info *bi);

/* Not stack-protected: it changes the guard that protection checks. */
__attribute__((no_stack_protector)) _Noreturn void
mirage__spt_start(const struct spt_boot_info *bi)
{
    mirage__nolibc_ssp_seed(mirage__solo5_early_seed());
    /* The stack guard is a global, so TLS is not needed: FS base 0 makes
     * any stray %fs access fault on the unmapped zero page. */
    mirage__spt_syscall(SPT_SYS_ARCH_PRCTL, SPT_ARCH_SET_FS, 0, 0, 0, 0, 0);
    mirage__spt_time_init(bi->epollfd, bi->timerfd);
    struct mirage__solo5_boot b = {
        .cmdline = (const char *)(uintptr_t)bi->cmdline,
        .mft = (const struct solo5_mft *)(uintptr_t)bi->mft,
        .mem_size = bi->mem_size,
    };
    mirage__solo5_boot(&b);
}
