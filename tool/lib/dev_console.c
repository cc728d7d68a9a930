/* SPDX-License-Identifier: ISC */
/* Device default_console: the platform console (CONSOLE). */
#include "cfg_priv.h"

const struct mirage__cfg_impl mirage__cfg_impl_default_console = {
    .name = "default_console",
    .kind = MIRAGE__K_CONSOLE,
    .connect = "mirage_console_default_connect",
    .targets = MIRAGE__T_ALL,
    .doc = "the platform console (stdout, the tender's stdout)",
};

struct mirage_console_impl *mirage__default_console(const char *file, int line)
{
    return (struct mirage_console_impl *)mirage__cfg_dev_simple(
        &mirage__cfg_impl_default_console, file, line);
}
