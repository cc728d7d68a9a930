/* SPDX-License-Identifier: ISC */
/* Exit and iteration hooks (last registered runs first), and mirage_exit. */
#include "runtime_priv.h"

#include "platform.h"

#include <stdlib.h>

struct hook {
    struct hook *next;
    void (*fn)(void *arg);
    void *arg;
};

static struct hook *exit_hooks, *enter_hooks, *leave_hooks;
static bool exiting;

static int push(struct hook **list, void (*fn)(void *arg), void *arg)
{
    struct hook *h = malloc(sizeof(*h));

    if (!h)
        return -ENOMEM;
    h->fn = fn;
    h->arg = arg;
    h->next = *list;
    *list = h;
    return 0;
}

int mirage_at_exit(void (*fn)(void *arg), void *arg)
{
    return push(&exit_hooks, fn, arg);
}

int mirage_at_enter_iter(void (*fn)(void *arg), void *arg)
{
    return push(&enter_hooks, fn, arg);
}

int mirage_at_leave_iter(void (*fn)(void *arg), void *arg)
{
    return push(&leave_hooks, fn, arg);
}

/* Hooks pushed while these run go before `h`, so they wait for the next
 * iteration. */
static void run_list(struct hook *h)
{
    for (; h; h = h->next)
        h->fn(h->arg);
}

void mirage__hooks_run_enter(void)
{
    run_list(enter_hooks);
}

void mirage__hooks_run_leave(void)
{
    run_list(leave_hooks);
}

/* Runs (and forgets) the exit hooks in rounds: the hooks registered by a
 * round run in the next.  Called in a fiber: hooks may block. */
void mirage__hooks_run_exit(void)
{
    exiting = true;
    while (exit_hooks) {
        struct hook *round = exit_hooks;
        exit_hooks = NULL;
        while (round) {
            struct hook *h = round;
            void (*fn)(void *) = h->fn;
            void *arg = h->arg;
            round = h->next;
            free(h);
            fn(arg);
        }
    }
}

static void free_list(struct hook **list)
{
    while (*list) {
        struct hook *h = *list;
        *list = h->next;
        free(h);
    }
}

void mirage__hooks_reset(void)
{
    free_list(&exit_hooks);
    free_list(&enter_hooks);
    free_list(&leave_hooks);
    exiting = false;
}

static void exit_fiber(void *arg)
{
    (void)arg;
    mirage__hooks_run_exit();
}

_Noreturn void mirage_exit(int status)
{
    struct mirage_fiber *f;

    if (exiting) /* from an exit hook: the rest are skipped */
        mirage_plat_exit(status);
    if (mirage__current) {
        mirage__hooks_run_exit();
    } else if (mirage__fiber_new(&f, NULL, exit_fiber, NULL, false) == 0) {
        /* From the loop or before it: the hooks need a fiber. */
        mirage__loop_run(f);
    }
    mirage_plat_exit(status);
}
