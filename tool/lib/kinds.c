/* SPDX-License-Identifier: ISC */
/* Device kinds: the module types of MirageOS, one C type each. */
#include "cfg_priv.h"

/*
 * One line per kind: its name (variables in main.c are NAME0, NAME1...),
 * the runtime type its devices connect to and the job receives, and the
 * header that declares that type.
 */
const struct mirage__cfg_kind mirage__cfg_kinds[MIRAGE__K_COUNT] = {
    [MIRAGE__K_TIME] = {"time", "struct mirage_time *", "mirage/time.h"},
    [MIRAGE__K_MCLOCK] = {"mclock", "struct mirage_mclock *", "mirage/clock.h"},
    [MIRAGE__K_PCLOCK] = {"pclock", "struct mirage_pclock *", "mirage/clock.h"},
    [MIRAGE__K_CONSOLE] = {"console", "struct mirage_console *",
                           "mirage/console.h"},
    [MIRAGE__K_RANDOM] = {"random", "struct mirage_random *",
                          "mirage/random.h"},
    [MIRAGE__K_INFO] = {"info", "const struct mirage_app *", "mirage/main.h"},
};

/* A job argument is the device itself; the kind is checked again here in
 * case config.c cast a pointer. */
static struct mirage_arg *arg_of(enum mirage__cfg_kind_id k, void *d)
{
    struct mirage__cfg_dev *dev = d;

    if (!dev)
        mirage__cfg_die("mirage_arg_%s(NULL)", mirage__cfg_kinds[k].name);
    if (dev->impl->kind != k)
        mirage__cfg_die_at(dev->file, dev->line,
                           "%s is a %s device, passed as a %s", dev->impl->name,
                           mirage__cfg_kinds[dev->impl->kind].name,
                           mirage__cfg_kinds[k].name);
    return (struct mirage_arg *)d;
}

struct mirage_arg *mirage_arg_time(struct mirage_time_impl *d)
{
    return arg_of(MIRAGE__K_TIME, d);
}

struct mirage_arg *mirage_arg_mclock(struct mirage_mclock_impl *d)
{
    return arg_of(MIRAGE__K_MCLOCK, d);
}

struct mirage_arg *mirage_arg_pclock(struct mirage_pclock_impl *d)
{
    return arg_of(MIRAGE__K_PCLOCK, d);
}

struct mirage_arg *mirage_arg_console(struct mirage_console_impl *d)
{
    return arg_of(MIRAGE__K_CONSOLE, d);
}

struct mirage_arg *mirage_arg_random(struct mirage_random_impl *d)
{
    return arg_of(MIRAGE__K_RANDOM, d);
}

struct mirage_arg *mirage_arg_info(struct mirage_info_impl *d)
{
    return arg_of(MIRAGE__K_INFO, d);
}
