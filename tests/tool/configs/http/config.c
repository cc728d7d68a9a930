/* SPDX-License-Identifier: ISC */
/* An HTTP server on --port of a stack chosen by --net, for the tests of
 * the http_server device. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *port =
        mirage_key_int("port", 8080, "The HTTP port.", .docv = "PORT");
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(),
        MIRAGE_ARGS(mirage_arg_http(mirage_http_server(port, stack))));

    return mirage_register(argc, argv, "http", job);
}
