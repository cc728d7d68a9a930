/* SPDX-License-Identifier: ISC */
/* Devices default_monotonic_clock (MCLOCK) and default_posix_clock (PCLOCK). */
#include "cfg_priv.h"

const struct mirage__cfg_impl mirage__cfg_impl_default_monotonic_clock = {
    .name = "default_monotonic_clock",
    .kind = MIRAGE__K_MCLOCK,
    .connect = "mirage_mclock_default_connect",
    .targets = MIRAGE__T_ALL,
    .doc = "the platform's monotonic clock",
};

const struct mirage__cfg_impl mirage__cfg_impl_default_posix_clock = {
    .name = "default_posix_clock",
    .kind = MIRAGE__K_PCLOCK,
    .connect = "mirage_pclock_default_connect",
    .targets = MIRAGE__T_ALL,
    .doc = "the platform's wall clock (POSIX time)",
};

struct mirage_mclock_impl *mirage__default_monotonic_clock(const char *file,
                                                           int line)
{
    return (struct mirage_mclock_impl *)mirage__cfg_dev_simple(
        &mirage__cfg_impl_default_monotonic_clock, file, line);
}

struct mirage_pclock_impl *mirage__default_posix_clock(const char *file,
                                                       int line)
{
    return (struct mirage_pclock_impl *)mirage__cfg_dev_simple(
        &mirage__cfg_impl_default_posix_clock, file, line);
}
