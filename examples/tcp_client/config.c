/* SPDX-License-Identifier: ISC */
/* Configuration of tcp_client: connects out over a stack chosen by --net. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *remote = mirage_key_pair(
        "remote", MIRAGE_KEY_STRING, MIRAGE_KEY_INT, "10.0.0.1:8080",
        "The server to connect to.", .docv = "IP:PORT", .sep = ':');
    struct mirage_key *message = mirage_key_string(
        "message", "hello from mirage", "The line to send.", .docv = "TEXT");
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(remote, message),
                       MIRAGE_ARGS(mirage_arg_stack(stack)));

    return mirage_register(argc, argv, "tcp_client", job);
}
