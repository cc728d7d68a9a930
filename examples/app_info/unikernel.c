/* SPDX-License-Identifier: ISC */
/* app_info: lists the libraries linked into the unikernel, with versions. */
#include <mirage.h>

#include "mirage/keys.h"

int unikernel_start(const struct mirage_app *info)
{
    mirage_log_info(&mirage_log_app, "%s links %zu libraries:", info->name,
                    info->nlibs);
    for (size_t i = 0; i < info->nlibs; i++)
        mirage_log_info(&mirage_log_app, "  %s %s", info->libs[i].name,
                        info->libs[i].version);
    return 0;
}
