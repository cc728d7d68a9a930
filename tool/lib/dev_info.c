/* SPDX-License-Identifier: ISC */
/* Device app_info: the unikernel's name and linked libraries (INFO). */
#include "cfg_priv.h"

const struct mirage__cfg_impl mirage__cfg_impl_app_info = {
    .name = "app_info",
    .kind = MIRAGE__K_INFO,
    .expr = "mirage_app_self()",
    .targets = MIRAGE__T_ALL,
    .doc = "the unikernel's name and the libraries linked, with versions",
};

struct mirage_info_impl *mirage__app_info(const char *file, int line)
{
    return (struct mirage_info_impl *)mirage__cfg_dev_simple(
        &mirage__cfg_impl_app_info, file, line);
}
