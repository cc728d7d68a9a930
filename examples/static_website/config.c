/* SPDX-License-Identifier: ISC */
/* Configuration of static_website: serves a read-only store over HTTP. */
#include <mirage/config.h>
#include <stdbool.h>

int main(int argc, char **argv)
{
    struct mirage_key *port = mirage_key_int(
        "port", 8080, "The TCP port to serve HTTP on.", .docv = "PORT");
    bool tar = mirage_conf_bool(
        "tar", false,
        "Serve a tar archive read from the block device 'tarball' instead "
        "of the folder htdocs (see --kv-ro for that folder).");
    struct mirage_kv_ro_impl *kv =
        tar ? mirage_tar_kv_ro(mirage_block_of_file("tarball"))
            : mirage_generic_kv_ro("htdocs");
    struct mirage_stack_impl *stack =
        mirage_generic_stackv4v6(mirage_default_network());
    struct mirage_http_impl *http = mirage_http_server(port, stack);
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(),
        MIRAGE_ARGS(mirage_arg_http(http), mirage_arg_kv_ro(kv),
                    mirage_arg_pclock(mirage_default_posix_clock())));

    return mirage_register(argc, argv, "static_website", job);
}
