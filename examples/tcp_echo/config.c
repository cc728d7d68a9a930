/* SPDX-License-Identifier: ISC */
/* Configuration of tcp_echo: a TCP echo server on a stack chosen by --net. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *port =
        mirage_key_int("port", 7, "The TCP port to echo on.", .docv = "PORT");
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(port),
                       MIRAGE_ARGS(mirage_arg_stack(stack)));

    return mirage_register(argc, argv, "tcp_echo", job);
}
