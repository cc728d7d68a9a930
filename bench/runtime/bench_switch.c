/* SPDX-License-Identifier: ISC */
/* Switch cost: fiber yield ping-pong vs swapcontext vs a pthread condvar. */
#include "bench.h"

#include <mirage.h>
#include <pthread.h>
#include <ucontext.h>

static long yields_each;

static void yielder(void *arg)
{
    (void)arg;
    for (long i = 0; i < yields_each; i++)
        mirage_yield();
}

double bench_fiber_switch(long switches)
{
    struct mirage_fiber *a, *b;
    uint64_t t0;

    yields_each = switches / 2;
    mirage_fiber_create(&a, NULL, yielder, NULL);
    mirage_fiber_create(&b, NULL, yielder, NULL);
    t0 = bench_now();
    mirage_fiber_join(a);
    mirage_fiber_join(b);
    return (double)(bench_now() - t0) / (double)switches;
}

static ucontext_t uc_main, uc_a, uc_b;
static long uc_rounds;

static void uc_a_fn(void)
{
    for (long i = 0; i < uc_rounds; i++)
        swapcontext(&uc_a, &uc_b);
}

static void uc_b_fn(void)
{
    for (;;)
        swapcontext(&uc_b, &uc_a);
}

double bench_swapcontext(long switches)
{
    static char stack_a[65536], stack_b[65536];
    uint64_t t0;

    uc_rounds = switches / 2;
    getcontext(&uc_a);
    uc_a.uc_stack.ss_sp = stack_a;
    uc_a.uc_stack.ss_size = sizeof(stack_a);
    uc_a.uc_link = &uc_main;
    makecontext(&uc_a, uc_a_fn, 0);
    getcontext(&uc_b);
    uc_b.uc_stack.ss_sp = stack_b;
    uc_b.uc_stack.ss_size = sizeof(stack_b);
    makecontext(&uc_b, uc_b_fn, 0);
    t0 = bench_now();
    swapcontext(&uc_main, &uc_a);
    return (double)(bench_now() - t0) / (double)switches;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn;
static long pt_rounds;

static void *pt_player(void *arg)
{
    int me = (int)(intptr_t)arg;

    pthread_mutex_lock(&mu);
    for (long i = 0; i < pt_rounds; i++) {
        while (turn != me)
            pthread_cond_wait(&cv, &mu);
        turn = !me;
        pthread_cond_signal(&cv);
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

double bench_pthread_switch(long switches)
{
    pthread_t a, b;
    uint64_t t0;

    pt_rounds = switches / 2;
    turn = 0;
    t0 = bench_now();
    pthread_create(&a, NULL, pt_player, (void *)0);
    pthread_create(&b, NULL, pt_player, (void *)1);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return (double)(bench_now() - t0) / (double)switches;
}
