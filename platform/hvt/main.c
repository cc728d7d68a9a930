/* SPDX-License-Identifier: ISC */
/* hvt boot: from the tender's boot info to the shared boot sequence. */
#include <string.h>

#include "hvt/hvt_priv.h"
#include "nolibc/nolibc_impl.h"

uintptr_t mirage__hvt_mem_size;
bool mirage__hvt_print_stats;

/* Is the word at s (up to a blank or NUL) exactly w? */
static bool word_is(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncmp(s, w, n) == 0 && (s[n] == 0 || s[n] == ' ' || s[n] == '\t');
}

/*
 * Platform options among the leading --solo5:* words (dropped before the
 * application sees argv): --solo5:noring keeps the net ring off,
 * --solo5:stats prints the ring's counters at exit.  Guest code runs slowly
 * on some KVMs (every instruction counts at boot), so a command line that
 * does not start with "--" costs one comparison.
 */
static void options(const struct hvt_boot_info *bi)
{
    const char *s = (const char *)(uintptr_t)bi->cmdline;
    bool ring = true;
    while (s[0] == '-' && s[1] == '-' && strncmp(s, "--solo5:", 8) == 0) {
        if (word_is(s, "--solo5:noring"))
            ring = false;
        else if (word_is(s, "--solo5:stats"))
            mirage__hvt_print_stats = true;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        while (*s == ' ' || *s == '\t')
            s++;
    }
    if (ring)
        mirage__hvt_ring_init(bi);
}

_Noreturn void mirage__hvt_start(const struct hvt_boot_info *bi);

/* Not stack-protected: it changes the guard that protection checks. */
__attribute__((no_stack_protector)) _Noreturn void
mirage__hvt_start(const struct hvt_boot_info *bi)
{
    mirage__hvt_cpu_init(); /* traps are reported from here on */
    mirage__nolibc_ssp_seed(mirage__solo5_early_seed());
    mirage__hvt_mem_size = bi->mem_size;
    mirage__hvt_time_init(bi->cpu_cycle_freq);
    options(bi);
    struct mirage__solo5_boot b = {
        .cmdline = (const char *)(uintptr_t)bi->cmdline,
        .mft = (const struct solo5_mft *)(uintptr_t)bi->mft,
        .mem_size = bi->mem_size,
    };
    mirage__solo5_boot(&b);
}
