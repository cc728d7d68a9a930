/* SPDX-License-Identifier: ISC */
/* The table of acquired devices shared by net and block handles. */
#include "unix_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct mirage__unix_dev mirage__unix_devs[MIRAGE__UNIX_MAX_DEVS];

int mirage__unix_dev_reserve(const char *name, enum mirage__unix_kind kind)
{
    int free_h = -1;

    for (int h = 0; h < MIRAGE__UNIX_MAX_DEVS; h++) {
        struct mirage__unix_dev *d = &mirage__unix_devs[h];
        if (d->kind == MIRAGE__UNIX_FREE) {
            if (free_h < 0)
                free_h = h;
        } else if (d->kind == kind && strcmp(d->name, name) == 0) {
            return -EBUSY;
        }
    }
    if (free_h < 0)
        return -ENOMEM;
    mirage__unix_devs[free_h].name = strdup(name);
    if (!mirage__unix_devs[free_h].name)
        return -ENOMEM;
    mirage__unix_devs[free_h].kind = kind;
    mirage__unix_devs[free_h].fd = -1;
    return free_h;
}

void mirage__unix_dev_release(unsigned h)
{
    struct mirage__unix_dev *d = &mirage__unix_devs[h];

    free(d->name);
    memset(d, 0, sizeof(*d));
}

struct mirage__unix_dev *mirage__unix_dev_get(mirage_plat_handle_t h,
                                              enum mirage__unix_kind kind)
{
    if (h >= MIRAGE__UNIX_MAX_DEVS || mirage__unix_devs[h].kind != kind)
        return NULL;
    return &mirage__unix_devs[h];
}
