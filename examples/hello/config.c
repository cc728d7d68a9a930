/* SPDX-License-Identifier: ISC */
/* Configuration of hello: one job that gets the time device. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_time_impl *time = mirage_default_time();
    struct mirage_job *hello = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(), MIRAGE_ARGS(mirage_arg_time(time)));

    return mirage_register(argc, argv, "hello", hello);
}
