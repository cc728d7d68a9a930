/* SPDX-License-Identifier: ISC */
/* Device default_time: sleeping on the runtime's timers (TIME). */
#include "cfg_priv.h"

const struct mirage__cfg_impl mirage__cfg_impl_default_time = {
    .name = "default_time",
    .kind = MIRAGE__K_TIME,
    .connect = "mirage_time_default_connect",
    .targets = MIRAGE__T_ALL,
    .doc = "sleep on the runtime's monotonic timers",
};

struct mirage_time_impl *mirage__default_time(const char *file, int line)
{
    return (struct mirage_time_impl *)mirage__cfg_dev_simple(
        &mirage__cfg_impl_default_time, file, line);
}
