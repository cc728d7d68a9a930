/* SPDX-License-Identifier: ISC */
/* Runtime benchmark: runs each measurement next to its host peer. */
#include "bench.h"

#include <mirage.h>
#include <stdio.h>

#define SWITCHES 1000000L
#define PTHREAD_SWITCHES 200000L /* a condvar hand-off is far slower */
#define SPAWNS 100000L
#define PTHREAD_SPAWNS 20000L

static void switches(void)
{
    double fiber = bench_fiber_switch(SWITCHES);
    double uc = bench_swapcontext(SWITCHES);
    double pt = bench_pthread_switch(PTHREAD_SWITCHES);

    printf("switch: fiber yield ping-pong      %9.1f ns  (%ld switches)\n",
           fiber, SWITCHES);
    printf("        glibc swapcontext ping-pong %8.1f ns  (%ld switches)  "
           "ratio %.1fx\n",
           uc, SWITCHES, uc / fiber);
    printf("        pthread condvar ping-pong  %9.1f ns  (%ld switches)  "
           "ratio %.1fx\n",
           pt, PTHREAD_SWITCHES, pt / fiber);
}

static void spawns(void)
{
    double fiber = bench_fiber_spawn(SPAWNS);
    double pt = bench_pthread_spawn(PTHREAD_SPAWNS);

    printf("spawn:  fiber create+join          %9.1f ns  (%ld)\n", fiber,
           SPAWNS);
    printf("        pthread_create+join        %9.1f ns  (%ld)  ratio "
           "%.1fx\n",
           pt, PTHREAD_SPAWNS, pt / fiber);
}

static void sleeps(void)
{
    static const struct {
        uint64_t ns;
        int count;
    } cases[] = {{1000000, 200}, {10000000, 50}, {100000000, 10}};

    for (int i = 0; i < 3; i++) {
        struct bench_late f = bench_fiber_sleep(cases[i].ns, cases[i].count);
        struct bench_late n = bench_nanosleep(cases[i].ns, cases[i].count);
        printf("sleep %3llu ms x%-3d  fiber: mean late %7.1f us, max %7.1f "
               "us | nanosleep: mean %7.1f us, max %7.1f us\n",
               (unsigned long long)(cases[i].ns / 1000000), cases[i].count,
               f.mean_us, f.max_us, n.mean_us, n.max_us);
    }
}

static int bench_main(void)
{
    switches();
    spawns();
    sleeps();
    return 0;
}

int main(void)
{
    static char arg0[] = "bench_runtime";
    char *argv[] = {arg0, NULL};
    static const struct mirage_app app = {"bench_runtime", NULL, 0, NULL, 0,
                                          bench_main};

    setvbuf(stdout, NULL, _IOLBF, 0);
    return mirage_main(&app, 1, argv);
}
