/* SPDX-License-Identifier: ISC */
/* Configuration of network: a TCP server on a stack chosen by --net. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *port = mirage_key_int(
        "port", 8080, "The TCP port on which to listen for connections.",
        .docv = "PORT");
    /* --net=direct: TCP/IP in the unikernel over default_network (a tap on
     * unix); --net=socket (the unix default): the host's sockets. */
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(port),
                       MIRAGE_ARGS(mirage_arg_stack(stack)));

    return mirage_register(argc, argv, "network", job);
}
