/* SPDX-License-Identifier: ISC */
/* Configuration of udp_echo: a UDP echo server on a stack chosen by --net. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *port =
        mirage_key_int("port", 7, "The UDP port to echo on.", .docv = "PORT");
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(port),
                       MIRAGE_ARGS(mirage_arg_stack(stack)));

    return mirage_register(argc, argv, "udp_echo", job);
}
