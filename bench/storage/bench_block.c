/* SPDX-License-Identifier: ISC */
/* Sequential block throughput: lib/block on a file against Linux's own
 * pread/pwrite on the same file, request for request. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mirage/block.h>

#include "bench_storage.h"

/* One pass over the file in requests of chunk bytes; returns MB/s. */
static double pass_ours(struct mirage_block *b, unsigned char *buf,
                        size_t total, size_t chunk, int write)
{
    uint64_t t0 = bench_now();

    for (size_t off = 0; off < total; off += chunk) {
        int err = write ? mirage_block_write(b, off / 512, buf, chunk)
                        : mirage_block_read(b, off / 512, buf, chunk);
        if (err < 0) {
            fprintf(stderr, "block I/O failed: %d\n", err);
            exit(1);
        }
    }
    return (double)total / ((double)(bench_now() - t0) / 1e9) / 1e6;
}

static double pass_linux(int fd, unsigned char *buf, size_t total, size_t chunk,
                         int write)
{
    uint64_t t0 = bench_now();

    for (size_t off = 0; off < total; off += chunk) {
        ssize_t n = write ? pwrite(fd, buf, chunk, (off_t)off)
                          : pread(fd, buf, chunk, (off_t)off);
        if (n != (ssize_t)chunk) {
            perror("linux I/O");
            exit(1);
        }
    }
    return (double)total / ((double)(bench_now() - t0) / 1e9) / 1e6;
}

/* Best of three, alternating ours and Linux's so both see the same cache. */
void bench_block(const char *image, size_t mib)
{
    static const size_t chunks[] = {4096, 65536, 1 << 20};
    size_t total = mib << 20;
    unsigned char *buf = aligned_alloc(4096, 1 << 20);
    struct mirage_block *b;
    int fd = open(image, O_RDWR);

    memset(buf, 0xa5, 1 << 20);
    if (fd < 0 || mirage_block_connect(image, &b) < 0) {
        perror(image);
        exit(1);
    }
    printf("block: sequential, %zu MiB file %s (page cache warm)\n", mib,
           image);
    for (size_t c = 0; c < 3; c++)
        for (int write = 1; write >= 0; write--) {
            double ours = 0, lin = 0;
            for (int rep = 0; rep < 3; rep++) {
                double o = pass_ours(b, buf, total, chunks[c], write);
                double l = pass_linux(fd, buf, total, chunks[c], write);
                ours = o > ours ? o : ours;
                lin = l > lin ? l : lin;
            }
            printf("  %-5s %7zu B requests: mirage %8.0f MB/s  linux %8.0f "
                   "MB/s  ratio %.2f\n",
                   write ? "write" : "read", chunks[c], ours, lin, ours / lin);
        }
    mirage_block_disconnect(b);
    close(fd);
    free(buf);
}
