/* SPDX-License-Identifier: ISC */
/* Configuration of kv_ro: a read-only store of the folder t/, chosen by
 * --kv-ro (crunch: in the image; direct: the host folder, unix), or with
 * --tar a tar archive on a block device. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    bool tar = mirage_conf_bool(
        "tar", false, "Read the store from a tar archive on a block device.");
    bool unix_target = mirage_target() == MIRAGE_TARGET_UNIX;
    struct mirage_kv_ro_impl *kv = tar ? mirage_tar_kv_ro(mirage_block_of_file(
                                             unix_target ? "t.tar" : "storage"))
                                       : mirage_generic_kv_ro("t");
    struct mirage_job *job = mirage_foreign("unikernel_start", MIRAGE_KEYS(),
                                            MIRAGE_ARGS(mirage_arg_kv_ro(kv)));

    return mirage_register(argc, argv, "kv_ro", job);
}
