/* SPDX-License-Identifier: ISC */
/* Configuration of noop: one job that takes no device at all. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(), MIRAGE_ARGS());

    return mirage_register(argc, argv, "noop", job);
}
