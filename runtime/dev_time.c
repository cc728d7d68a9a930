/* SPDX-License-Identifier: ISC */
/* The default TIME device: sleeps on the runtime's timers. */
#include "runtime_priv.h"

static int time_sleep(struct mirage_time *t, uint64_t ns)
{
    (void)t;
    return mirage_sleep_ns(ns);
}

static const struct mirage_time_ops time_ops = {
    .sleep_ns = time_sleep,
};
static struct mirage_time time_dev = {&time_ops};

int mirage_time_default_connect(struct mirage_time **out)
{
    *out = &time_dev;
    return 0;
}
