/* SPDX-License-Identifier: ISC */
/* Guest code shared by the hvt and spt platforms, and what each provides. */
#ifndef MIRAGE_SOLO5_PRIV_H
#define MIRAGE_SOLO5_PRIV_H

/*
 * platform/solo5 is linked into both libmirage_plat_hvt and
 * libmirage_plat_spt: boot sequence, command line, manifest, heap, fiber
 * stacks, entropy, exit and abort.  The target folder provides the entry
 * point (_start, which also carries the ABI1 note), the console, clocks,
 * waiting, device I/O and the final halt, below.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "solo5/solo5_abi.h"

/* What the target's entry point found in its boot info. */
struct mirage__solo5_boot {
    const char *cmdline;         /* NUL-terminated; may be read-only */
    const struct solo5_mft *mft; /* the tender's manifest copy */
    uintptr_t mem_size;          /* bytes of guest memory (top of stack) */
};

/* boot.c: sets up the heap, the manifest and argv, runs mirage_app_main
 * and exits with its status.  The caller has seeded the stack guard. */
_Noreturn void mirage__solo5_boot(const struct mirage__solo5_boot *b);
/* A 64-bit seed for the stack guard; usable before anything is set up. */
uint64_t mirage__solo5_early_seed(void);

/* cmdline.c: splits at unescaped blanks; a backslash keeps the next
 * character as it is.  Leading --solo5:* words (log levels meant for Solo5's
 * own bindings) are dropped.  argv[0] is "mirage", argv[argc] is NULL.
 * Returns argc, or -ENOMEM. */
int mirage__solo5_split_cmdline(const char *cmdline, char ***argv_out);

/* manifest.c */
/* Checks the manifest's shape; false if it cannot be used. */
bool mirage__solo5_mft_init(const struct solo5_mft *mft);
/* The attached entry named name of the given type, with its index in *h;
 * NULL if none. */
const struct solo5_mft_entry *
mirage__solo5_mft_find(const char *name, uint32_t type, uint64_t *h);
/* The attached entry with index h and the given type, or NULL. */
const struct solo5_mft_entry *mirage__solo5_mft_get(uint64_t h, uint32_t type);

/* heap.c: the heap is [start, end); the boot stack lies above end. */
void mirage__solo5_heap_init(uintptr_t start, uintptr_t end);
/* Aborts with a message if any stack's canary was overwritten. */
void mirage__solo5_stacks_check(void);
/* Where the boot stack ends (its lowest address) for a given memory size
 * and heap start. */
uintptr_t mirage__solo5_stack_bottom(uintptr_t heap_start, uintptr_t top);

/* net.c: the Mirage NET1 note, declaring that the guest's network stack
 * takes virtio-net framing, is emitted only when MIRAGE_SOLO5_VNET is 1
 * (compile-time switch; on since lib/netif handles MIRAGE_PLAT_NET_VNET;
 * `make MIRAGE_SOLO5_VNET=0` turns it off).  Without the note a grant is
 * never used. */
#ifndef MIRAGE_SOLO5_VNET
#define MIRAGE_SOLO5_VNET 1
#endif
/* Whether the tender granted virtio-net framing on this net device. */
static inline bool mirage__solo5_net_vnet(const struct solo5_mft_entry *e)
{
    return MIRAGE_SOLO5_VNET &&
           (e->u.net_basic.mirage_grant & MIRAGE_NET_GRANT_VNET) != 0;
}
/* The largest frame the device takes or gives (header included). */
static inline size_t
mirage__solo5_net_frame_max(const struct solo5_mft_entry *e)
{
    return mirage__solo5_net_vnet(e) ? (size_t)MIRAGE_NET_VNET_FRAME_MAX
                                     : (size_t)e->u.net_basic.mtu + 14;
}

/* Block request checks shared by both targets: 0 or -EINVAL. */
int mirage__solo5_block_check(const struct solo5_mft_entry *e, uint64_t offset,
                              size_t len);
/* solo5_result_t to a negative errno value. */
int mirage__solo5_result(int32_t r);

/* Provided by the target. */
_Noreturn void mirage__solo5_halt(int status, void *cookie);
void mirage__solo5_console_raw(const char *buf, size_t len);

/* Linker-script symbols. */
extern char _stext[], _etext[], _erodata[], _edata[], _end[];

#endif
