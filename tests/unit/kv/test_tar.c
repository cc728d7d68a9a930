/* SPDX-License-Identifier: ISC */
/* tar_kv_ro on archives written by GNU tar, and on damaged ones. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kv_suite.h"

static char dir[64];

static struct mirage_kv_ro *mount(const char *tarfile, const char *disk,
                                  struct mirage_block **b, int *err)
{
    struct mirage_kv_ro *kv = NULL;

    *b = kv_test_file_disk(tarfile, disk);
    *err = *b ? mirage_kv_tar_connect(*b, &kv) : -EIO;
    if (*err < 0 && *b) {
        mirage_block_disconnect(*b);
        *b = NULL;
    }
    return *err == 0 ? kv : NULL;
}

static void unmount(struct mirage_kv_ro *kv, struct mirage_block *b)
{
    if (kv)
        mirage_kv_disconnect(kv);
    if (b)
        mirage_block_disconnect(b);
}

/* The fixture archived in each format GNU tar writes reads back exactly. */
static void test_formats(void)
{
    static const char *const formats[] = {"gnu", "pax", "oldgnu", "posix"};

    for (size_t i = 0; i < 4; i++) {
        struct mirage_block *b;
        struct mirage_kv_tar_stats st;
        struct mirage_kv_ro *kv;
        char tarfile[128];
        int err;

        snprintf(tarfile, sizeof tarfile, "%s/%s.tar", dir, formats[i]);
        CHECK_INT_EQ(kv_test_sh("tar -C %s/tree --format=%s -cf %s .", dir,
                                formats[i], tarfile),
                     0);
        kv = mount(tarfile, formats[i], &b, &err);
        CHECK_INT_EQ(err, 0);
        if (!kv)
            continue;
        kv_suite_ctx = formats[i];
        kv_suite_ro(kv);
        CHECK_INT_EQ(mirage_kv_tar_stats(kv, &st), 0);
        CHECK_INT_EQ(st.refused + st.bad_names + st.conflicts, 0);
        unmount(kv, b);
    }
    kv_suite_ctx = "";
}

/* Hard and symbolic links, and empty directories. */
static void test_links_and_dirs(void)
{
    struct mirage_block *b;
    struct mirage_kv_tar_stats st;
    struct mirage_kv_list l;
    struct mirage_ptime t;
    struct mirage_kv_ro *kv;
    void *v;
    size_t n;
    int err;

    CHECK_INT_EQ(kv_test_sh("cd %s && mkdir -p l/emptydir && echo data > "
                            "l/file && ln l/file l/hard && ln -s file l/soft "
                            "&& touch -d @1234567890.25 l/file && tar "
                            "--format=pax -cf l.tar l",
                            dir),
                 0);
    {
        char path[128];
        snprintf(path, sizeof path, "%s/l.tar", dir);
        kv = mount(path, "links", &b, &err);
    }
    CHECK_INT_EQ(err, 0);
    if (!kv)
        return;
    CHECK_INT_EQ(mirage_kv_tar_stats(kv, &st), 0);
    CHECK_INT_EQ(st.refused, 2);
    CHECK_INT_EQ(mirage_kv_exists(kv, "/l/hard"), MIRAGE_KV_NONE);
    CHECK_INT_EQ(mirage_kv_get(kv, "/l/hard", &v, &n), -ENOTSUP);
    CHECK_INT_EQ(mirage_kv_get(kv, "/l/soft", &v, &n), -ENOTSUP);
    CHECK_INT_EQ(mirage_kv_size(kv, "/l/file"), 5);
    CHECK_INT_EQ(mirage_kv_last_modified(kv, "/l/file", &t), 0);
    CHECK_INT_EQ(t.sec, 1234567890);
    CHECK_INT_EQ(t.nsec, 250000000);
    CHECK_INT_EQ(mirage_kv_exists(kv, "/l/emptydir"), MIRAGE_KV_DICTIONARY);
    CHECK_INT_EQ(mirage_kv_list(kv, "/l/emptydir", &l), 0);
    CHECK_INT_EQ(l.n, 0);
    mirage_kv_list_free(&l);
    CHECK_INT_EQ(mirage_kv_list(kv, "/l", &l), 0);
    CHECK_INT_EQ(l.n, 2); /* emptydir and file; the links are not listed */
    mirage_kv_list_free(&l);
    unmount(kv, b);
}

/* Writes a one-file archive by hand, with GNU base-256 numbers. */
static void test_base256(void)
{
    unsigned char ar[4 * 512] = {0};
    unsigned sum = 0;
    struct mirage_block *b;
    struct mirage_kv_ro *kv;
    struct mirage_ptime t;

    strcpy((char *)ar, "b256");
    memcpy(ar + 100, "0000644", 8);
    ar[124] = 0x80; /* size 5 */
    ar[135] = 5;
    memset(ar + 136, 0xff, 12); /* mtime -1 */
    ar[156] = '0';
    memcpy(ar + 257, "ustar  ", 8);
    memset(ar + 148, ' ', 8);
    for (int i = 0; i < 512; i++)
        sum += ar[i];
    snprintf((char *)ar + 148, 8, "%06o", sum);
    memcpy(ar + 512, "hello", 5);
    CHECK_INT_EQ(mirage_block_ramdisk_connect("b256", sizeof ar, &b), 0);
    CHECK_INT_EQ(mirage_block_write(b, 0, ar, sizeof ar), 0);
    CHECK_INT_EQ(mirage_kv_tar_connect(b, &kv), 0);
    CHECK_INT_EQ(mirage_kv_size(kv, "/b256"), 5);
    CHECK_INT_EQ(mirage_kv_last_modified(kv, "/b256", &t), 0);
    CHECK_INT_EQ(t.sec, -1);
    mirage_kv_disconnect(kv);
    /* A wrong checksum: the archive is refused. */
    ar[0] = 'c';
    CHECK_INT_EQ(mirage_block_write(b, 0, ar, sizeof ar), 0);
    CHECK_INT_EQ(mirage_kv_tar_connect(b, &kv), -EUCLEAN);
    mirage_block_disconnect(b);
}

/* Damaged archives: every byte flipped in turn in the headers, and every
 * truncation at a block boundary; refused or read, never a crash, and
 * whatever is read matches the file it names when its header is intact. */
static void test_damage(void)
{
    char tarfile[128];
    FILE *f;
    unsigned char *orig;
    long len;
    int mounted = 0, refused = 0;

    snprintf(tarfile, sizeof tarfile, "%s/pax.tar", dir);
    f = fopen(tarfile, "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    orig = malloc((size_t)len);
    CHECK(fread(orig, 1, (size_t)len, f) == (size_t)len);
    fclose(f);
    for (long at = 0; at < len; at += at < 4096 ? 7 : 4099) {
        struct mirage_block *b;
        struct mirage_kv_ro *kv;
        unsigned char *img = malloc((size_t)len);
        memcpy(img, orig, (size_t)len);
        img[at] ^= 0x5a;
        CHECK_INT_EQ(mirage_block_ramdisk_connect("dmg", (uint64_t)len, &b), 0);
        mirage_block_write(b, 0, img, (size_t)len);
        if (mirage_kv_tar_connect(b, &kv) == 0) {
            struct mirage_kv_list l;
            mounted++;
            if (mirage_kv_list(kv, "/", &l) == 0)
                mirage_kv_list_free(&l);
            mirage_kv_disconnect(kv);
        } else {
            refused++;
        }
        mirage_block_disconnect(b);
        free(img);
    }
    for (long cut = 512; cut < len; cut += 512) {
        struct mirage_block *b;
        struct mirage_kv_ro *kv;
        CHECK_INT_EQ(mirage_block_ramdisk_connect("cut", (uint64_t)cut, &b), 0);
        mirage_block_write(b, 0, orig, (size_t)cut);
        if (mirage_kv_tar_connect(b, &kv) == 0) {
            struct mirage_kv_list l;
            if (mirage_kv_list(kv, "/", &l) == 0)
                mirage_kv_list_free(&l);
            mirage_kv_disconnect(kv);
        }
        mirage_block_disconnect(b);
    }
    fprintf(stderr, "damage: %d flips mounted, %d refused\n", mounted, refused);
    CHECK(refused > 0);
    free(orig);
}

int main(void)
{
    char tree[96];

    if (system("tar --version >/dev/null 2>&1") != 0) {
        printf("GNU tar is not installed\n");
        return 77;
    }
    strcpy(dir, "/tmp/kv-tar-test.XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(tree, sizeof tree, "%s/tree", dir);
    CHECK_INT_EQ(kv_fixture_write_dir(tree), 0);
    RUN(test_formats);
    RUN(test_links_and_dirs);
    RUN(test_base256);
    RUN(test_damage);
    kv_test_sh("rm -rf %s", dir);
    CHECK_INT_EQ(kv_suite_failures(), 0);
    CHECK_DONE();
}
