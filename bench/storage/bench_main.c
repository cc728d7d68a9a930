/* SPDX-License-Identifier: ISC */
/* Storage benchmark: usage bench_storage TMPDIR (holding disk.img and
 * ring.img, and an empty folder tree/), as run.sh prepares them. */
#include <stdio.h>

#include "bench_storage.h"

int main(int argc, char **argv)
{
    char disk[512], ring[512], tree[512];

    if (argc != 2) {
        fprintf(stderr, "usage: bench_storage TMPDIR\n");
        return 2;
    }
    snprintf(disk, sizeof disk, "%s/disk.img", argv[1]);
    snprintf(ring, sizeof ring, "%s/ring.img", argv[1]);
    snprintf(tree, sizeof tree, "%s/tree", argv[1]);
    bench_block(disk, 256);
    bench_kv(ring, tree, argv[1]);
    return 0;
}
