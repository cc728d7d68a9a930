/* SPDX-License-Identifier: ISC */
/* Fiber stacks: mmap with an unmapped guard page below, and overflow reports.
 */
#include "unix_priv.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * A fiber running off the bottom of its stack touches the PROT_NONE guard
 * page and gets SIGSEGV.  The handler runs on an alternate signal stack
 * (the fiber's is exhausted), looks the faulting page up among the guard
 * pages, and if it is one, says so and exits 255.  Any other fault goes to
 * the handler that was there before (ASan's, or the default).
 */

#define ALT_STACK_SIZE (64 * 1024)

static uintptr_t *guards; /* guard page addresses */
static size_t nguards, guards_cap;
static size_t page_size;
static struct sigaction previous;
static bool handler_installed;
static void *alt_stack;

static bool is_guard(uintptr_t addr)
{
    uintptr_t page = addr & ~(uintptr_t)(page_size - 1);

    for (size_t i = 0; i < nguards; i++)
        if (guards[i] == page)
            return true;
    return false;
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    static const char msg[] = "fiber stack overflow\n";

    (void)uc;
    if (is_guard((uintptr_t)si->si_addr)) {
        (void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
        _exit(255);
    }
    /* Not ours: let the previous handler (or the default) see it again. */
    sigaction(sig, &previous, NULL);
}

static void install_handler(void)
{
    stack_t ss = {0};
    struct sigaction sa;

    if (!alt_stack)
        alt_stack = malloc(ALT_STACK_SIZE);
    ss.ss_sp = alt_stack;
    ss.ss_size = ALT_STACK_SIZE;
    if (!ss.ss_sp || sigaltstack(&ss, NULL) < 0)
        return;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, &previous) == 0)
        handler_installed = true;
}

static bool add_guard(uintptr_t page)
{
    if (nguards == guards_cap) {
        size_t cap = guards_cap ? guards_cap * 2 : 64;
        uintptr_t *g = realloc(guards, cap * sizeof(*g));
        if (!g)
            return false;
        guards = g;
        guards_cap = cap;
    }
    guards[nguards++] = page;
    return true;
}

static void remove_guard(uintptr_t page)
{
    for (size_t i = nguards; i-- > 0;) {
        if (guards[i] == page) {
            guards[i] = guards[--nguards];
            return;
        }
    }
}

static size_t round_up(size_t size)
{
    if (page_size == 0)
        page_size = (size_t)sysconf(_SC_PAGESIZE);
    return (size + page_size - 1) & ~(page_size - 1);
}

void *mirage_plat_stack_alloc(size_t size)
{
    size_t len = round_up(size) + page_size;
    char *base;

    if (!handler_installed)
        install_handler();
    base = mmap(NULL, len, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    if (mprotect(base, page_size, PROT_NONE) < 0 ||
        !add_guard((uintptr_t)base)) {
        munmap(base, len);
        return NULL;
    }
    return base + page_size;
}

void mirage_plat_stack_free(void *stack, size_t size)
{
    char *base = (char *)stack - page_size;

    if (!stack)
        return;
    remove_guard((uintptr_t)base);
    munmap(base, round_up(size) + page_size);
}
