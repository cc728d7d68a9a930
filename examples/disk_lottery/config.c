/* SPDX-License-Identifier: ISC */
/* Configuration of disk_lottery: a block device (disk.img on unix, the
 * Solo5 device "storage" on hvt and spt), the random device and the keys
 * --slot, --reset and --reset-all. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *slot = mirage_key_int64(
        "slot", 0, "Sector to read and write game state to.", .docv = "N");
    struct mirage_key *reset = mirage_key_bool(
        "reset", false,
        "Reset the state on disk at the slot given by --slot (default 0) "
        "and quit.");
    struct mirage_key *reset_all = mirage_key_bool(
        "reset-all", false, "Reset all state on disk and quit.");
    const char *name =
        mirage_target() == MIRAGE_TARGET_UNIX ? "disk.img" : "storage";
    struct mirage_block_impl *disk = mirage_block_of_file(name);
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(slot, reset, reset_all),
                       MIRAGE_ARGS(mirage_arg_block(disk),
                                   mirage_arg_random(mirage_default_random())));

    return mirage_register(argc, argv, "lottery", job);
}
