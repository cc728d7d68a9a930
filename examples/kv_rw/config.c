/* SPDX-License-Identifier: ISC */
/* Configuration of kv_rw: a read-write store chosen by --store: ring (the
 * default: a crash-safe log on a block device, the file disk.img on unix
 * and the Solo5 device "storage" on hvt and spt), dir (the host folder
 * state/, which must exist; unix) or mem (in memory: forgotten at exit). */
#include <mirage/config.h>

#include <stdio.h>
#include <string.h>

static struct mirage_kv_rw_impl *store(const char *which)
{
    if (strcmp(which, "dir") == 0)
        return mirage_direct_kv_rw("state");
    if (strcmp(which, "mem") == 0)
        return mirage_kv_rw_mem();
    if (strcmp(which, "ring") != 0)
        return NULL;
    return mirage_kv_ring(mirage_block_of_file(
        mirage_target() == MIRAGE_TARGET_UNIX ? "disk.img" : "storage"));
}

int main(int argc, char **argv)
{
    const char *which = mirage_conf_string(
        "store", "ring", "The store: ring (on a block device), dir or mem.");
    struct mirage_kv_rw_impl *kv = store(which);

    if (!kv) {
        fprintf(stderr, "mirage: --store=%s: expected ring, dir or mem\n",
                which);
        return 1;
    }
    struct mirage_job *job = mirage_foreign("unikernel_start", MIRAGE_KEYS(),
                                            MIRAGE_ARGS(mirage_arg_kv_rw(kv)));

    return mirage_register(argc, argv, "kv_rw", job);
}
