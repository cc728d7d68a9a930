/* SPDX-License-Identifier: ISC */
/* hvt boot: from the tender's boot info to the shared boot sequence. */
#include "hvt/hvt_priv.h"
#include "nolibc/nolibc_impl.h"

uintptr_t mirage__hvt_mem_size;

_Noreturn void mirage__hvt_start(const struct hvt_boot_info *bi);

/* Not stack-protected: it changes the guard that protection checks. */
__attribute__((no_stack_protector)) _Noreturn void
mirage__hvt_start(const struct hvt_boot_info *bi)
{
    mirage__hvt_cpu_init(); /* traps are reported from here on */
    mirage__nolibc_ssp_seed(mirage__solo5_early_seed());
    mirage__hvt_mem_size = bi->mem_size;
    mirage__hvt_time_init(bi->cpu_cycle_freq);
    struct mirage__solo5_boot b = {
        .cmdline = (const char *)(uintptr_t)bi->cmdline,
        .mft = (const struct solo5_mft *)(uintptr_t)bi->mft,
        .mem_size = bi->mem_size,
    };
    mirage__solo5_boot(&b);
}
