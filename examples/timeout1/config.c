/* SPDX-License-Identifier: ISC */
/* Configuration of timeout1: one job that gets time and randomness. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_time_impl *time = mirage_default_time();
    struct mirage_random_impl *random = mirage_default_random();
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(),
        MIRAGE_ARGS(mirage_arg_time(time), mirage_arg_random(random)));

    return mirage_register(argc, argv, "timeout1", job);
}
