/* SPDX-License-Identifier: ISC */
/* Configuration of app_info: the job gets the application's description. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_info_impl *info = mirage_app_info();
    struct mirage_job *job = mirage_foreign("unikernel_start", MIRAGE_KEYS(),
                                            MIRAGE_ARGS(mirage_arg_info(info)));

    return mirage_register(argc, argv, "app_info", job);
}
