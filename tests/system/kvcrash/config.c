/* SPDX-License-Identifier: ISC */
/* Configuration of kvcrash: a kv_ring store on the block device "storage"
 * (the file storage.img on unix), written to or verified by kv_crash.t. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *verify = mirage_key_bool(
        "verify", false, "Check the store instead of writing to it.");
    struct mirage_key *start = mirage_key_int(
        "start", 1, "The sequence number of the first set.", .docv = "SEQ");
    struct mirage_key *count =
        mirage_key_int("count", 100000, "How many sets to do.", .docv = "N");
    struct mirage_kv_rw_impl *kv = mirage_kv_ring(mirage_block_of_file(
        mirage_target() == MIRAGE_TARGET_UNIX ? "storage.img" : "storage"));
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(verify, start, count),
                       MIRAGE_ARGS(mirage_arg_kv_rw(kv)));

    return mirage_register(argc, argv, "kvcrash", job);
}
