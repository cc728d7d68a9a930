/* SPDX-License-Identifier: ISC */
/* The catalogue: every device implementation config.c can choose. */
#include "cfg_priv.h"

/*
 * One line per implementation.  Each is defined in its own dev_*.c with a
 * struct mirage__cfg_impl named mirage__cfg_impl_NAME and the public
 * constructor config.c calls (declared in <mirage/config.h>).
 */
#define MIRAGE__CATALOGUE(X)   \
    X(default_time)            \
    X(default_monotonic_clock) \
    X(default_posix_clock)     \
    X(default_console)         \
    X(default_random)          \
    X(app_info)

#define MIRAGE__DECLARE(name) \
    extern const struct mirage__cfg_impl mirage__cfg_impl_##name;
#define MIRAGE__ENTRY(name) &mirage__cfg_impl_##name,

MIRAGE__CATALOGUE(MIRAGE__DECLARE)

const struct mirage__cfg_impl *const mirage__cfg_catalogue[] = {
    MIRAGE__CATALOGUE(MIRAGE__ENTRY)};
const size_t mirage__cfg_catalogue_len =
    sizeof mirage__cfg_catalogue / sizeof mirage__cfg_catalogue[0];
