/* SPDX-License-Identifier: ISC */
/* The heap, and fiber stacks taken from it with a canary below each. */
#include <stdlib.h>
#include <string.h>

#include "../platform.h"
#include "nolibc/nolibc_impl.h"
#include "solo5/solo5_priv.h"

/*
 * Guests have no page tables of their own, so a stack cannot get an
 * unmapped guard page.  Instead the 64 bytes under each stack (and under
 * the boot stack) hold a canary derived from a boot-time secret and the
 * address; an overflow that runs into them is reported the next time the
 * platform looks: whenever the event loop waits, when the stack is freed
 * and at exit.
 */

#define CANARY_WORDS 8
#define CANARY_BYTES (CANARY_WORDS * sizeof(uint64_t))
#define BOOT_STACK_MAX (512u * 1024)

struct stack_rec {
    uintptr_t base; /* the canary; the stack starts CANARY_BYTES above */
    size_t size;
};

static uint64_t secret;
static uintptr_t boot_canary;
static struct stack_rec *stacks;
static size_t n_stacks, cap_stacks;

static uint64_t canary_word(uintptr_t at, unsigned i)
{
    return (secret ^ at) * 0x9e3779b97f4a7c15ull + i;
}

static void canary_set(uintptr_t at)
{
    uint64_t *w = (uint64_t *)at;
    for (unsigned i = 0; i < CANARY_WORDS; i++)
        w[i] = canary_word(at, i);
}

static bool canary_ok(uintptr_t at)
{
    const uint64_t *w = (const uint64_t *)at;
    for (unsigned i = 0; i < CANARY_WORDS; i++)
        if (w[i] != canary_word(at, i))
            return false;
    return true;
}

uintptr_t mirage__solo5_stack_bottom(uintptr_t heap_start, uintptr_t top)
{
    uintptr_t room = top > heap_start ? top - heap_start : 0;
    uintptr_t reserve = room >= 8 * BOOT_STACK_MAX ? BOOT_STACK_MAX : room / 8;
    return (top - reserve) & ~(uintptr_t)15;
}

void mirage__solo5_heap_init(uintptr_t start, uintptr_t end)
{
    uint64_t seed;
    if (mirage_plat_entropy(&seed, sizeof seed) < 0)
        seed = mirage__solo5_early_seed();
    secret = seed;
    boot_canary = end - CANARY_BYTES;
    canary_set(boot_canary);
    mirage__nolibc_heap_init((void *)start, boot_canary - start);
}

void mirage__solo5_stacks_check(void)
{
    if (boot_canary && !canary_ok(boot_canary))
        mirage_plat_abort("the boot stack overflowed into the heap");
    for (size_t i = 0; i < n_stacks; i++)
        if (!canary_ok(stacks[i].base))
            mirage_plat_abort("a fiber stack overflowed");
}

static bool remember(uintptr_t base, size_t size)
{
    if (n_stacks == cap_stacks) {
        size_t cap = cap_stacks ? 2 * cap_stacks : 16;
        struct stack_rec *s = realloc(stacks, cap * sizeof *s);
        if (!s)
            return false;
        stacks = s;
        cap_stacks = cap;
    }
    stacks[n_stacks++] = (struct stack_rec){base, size};
    return true;
}

void *mirage_plat_stack_alloc(size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0 || size > SIZE_MAX / 2)
        return NULL;
    char *block = aligned_alloc(16, CANARY_BYTES + size);
    if (!block)
        return NULL;
    if (!remember((uintptr_t)block, size)) {
        free(block);
        return NULL;
    }
    canary_set((uintptr_t)block);
    return block + CANARY_BYTES;
}

void mirage_plat_stack_free(void *stack, size_t size)
{
    if (!stack)
        return;
    uintptr_t base = (uintptr_t)stack - CANARY_BYTES;
    for (size_t i = 0; i < n_stacks; i++) {
        if (stacks[i].base != base)
            continue;
        if (!canary_ok(base))
            mirage_plat_abort("a fiber stack overflowed");
        stacks[i] = stacks[--n_stacks];
        free((void *)base);
        return;
    }
    (void)size;
    mirage_plat_abort("mirage_plat_stack_free: not a stack");
}
