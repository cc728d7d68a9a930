/* SPDX-License-Identifier: ISC */
/* Configuration of block: one block device, a file on unix and the Solo5
 * device "storage" on hvt and spt. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    const char *name =
        mirage_target() == MIRAGE_TARGET_UNIX ? "disk.img" : "storage";
    struct mirage_block_impl *disk = mirage_block_of_file(name);
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(), MIRAGE_ARGS(mirage_arg_block(disk)));

    return mirage_register(argc, argv, "block", job);
}
