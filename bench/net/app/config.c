/* SPDX-License-Identifier: ISC */
/* Configuration of the network benchmark unikernel (bench/net/run.sh). */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(), MIRAGE_ARGS(mirage_arg_stack(stack)));

    return mirage_register(argc, argv, "netbench", job);
}
