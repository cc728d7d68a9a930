/* SPDX-License-Identifier: ISC */
/* platform/solo5's command-line splitting and manifest lookup, on the host. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "solo5/cmdline.c"
#include "solo5/manifest.c"

/* Splits cmdline and checks the words after argv[0]. */
static void split_is(const char *cmdline, int n, const char *const *want)
{
    char **argv = NULL;
    int argc = mirage__solo5_split_cmdline(cmdline, &argv);
    CHECK_INT_EQ(argc, n + 1);
    if (argc != n + 1 || !argv)
        return;
    CHECK_STR_EQ(argv[0], "mirage");
    for (int i = 0; i < n; i++)
        CHECK_STR_EQ(argv[i + 1], want[i]);
    CHECK(argv[argc] == NULL);
    free(argv);
}

static void test_cmdline(void)
{
    split_is(NULL, 0, NULL);
    split_is("", 0, NULL);
    split_is(" \t ", 0, NULL);
    split_is("  a  b\tc ", 3, (const char *[]){"a", "b", "c"});
    split_is("a\\ b", 1, (const char *[]){"a b"});
    split_is("x\\\\y \\\\", 2, (const char *[]){"x\\y", "\\"});
    split_is("end\\", 1, (const char *[]){"end\\"});
    split_is("\\-\\-q \\a", 2, (const char *[]){"--q", "a"});
    split_is("--solo5:quiet --solo5:debug --port=80", 1,
             (const char *[]){"--port=80"});
    split_is("a --solo5:quiet", 2, (const char *[]){"a", "--solo5:quiet"});
    split_is("--solo5:quiet", 0, NULL);
    static char big[8192];
    for (int i = 0; i < 8190; i += 2)
        big[i] = 'w', big[i + 1] = ' ';
    char **argv;
    CHECK_INT_EQ(mirage__solo5_split_cmdline(big, &argv), 4096);
    CHECK_STR_EQ(argv[4095], "w");
    free(argv);
}

static struct {
    struct solo5_mft m;
    struct solo5_mft_entry e[4];
} tmft;

static void make_mft(void)
{
    memset(&tmft, 0, sizeof tmft);
    tmft.m.version = SOLO5_MFT_VERSION;
    tmft.m.entries = 4;
    tmft.e[0].type = SOLO5_MFT_RESERVED_FIRST;
    strcpy(tmft.e[1].name, "service");
    tmft.e[1].type = SOLO5_MFT_DEV_NET_BASIC;
    tmft.e[1].attached = 1;
    strcpy(tmft.e[2].name, "storage");
    tmft.e[2].type = SOLO5_MFT_DEV_BLOCK_BASIC;
    tmft.e[2].attached = 1;
    strcpy(tmft.e[3].name, "other");
    tmft.e[3].type = SOLO5_MFT_DEV_BLOCK_BASIC;
}

static void test_manifest(void)
{
    uint64_t h = 99;
    make_mft();
    CHECK(mirage__solo5_mft_init(&tmft.m));
    CHECK(mirage__solo5_mft_find("service", SOLO5_MFT_DEV_NET_BASIC, &h) ==
          &tmft.e[1]);
    CHECK_INT_EQ(h, 1);
    CHECK(mirage__solo5_mft_find("storage", SOLO5_MFT_DEV_BLOCK_BASIC, &h) ==
          &tmft.e[2]);
    CHECK_INT_EQ(h, 2);
    CHECK(!mirage__solo5_mft_find("storage", SOLO5_MFT_DEV_NET_BASIC, &h));
    CHECK(!mirage__solo5_mft_find("other", SOLO5_MFT_DEV_BLOCK_BASIC, &h));
    CHECK(!mirage__solo5_mft_find("", SOLO5_MFT_RESERVED_FIRST, &h));
    CHECK(!mirage__solo5_mft_find("nope", SOLO5_MFT_DEV_NET_BASIC, &h));
    CHECK(!mirage__solo5_mft_find(NULL, SOLO5_MFT_DEV_NET_BASIC, &h));
    CHECK(mirage__solo5_mft_get(1, SOLO5_MFT_DEV_NET_BASIC) == &tmft.e[1]);
    CHECK(!mirage__solo5_mft_get(1, SOLO5_MFT_DEV_BLOCK_BASIC));
    CHECK(!mirage__solo5_mft_get(0, SOLO5_MFT_RESERVED_FIRST));
    CHECK(!mirage__solo5_mft_get(3, SOLO5_MFT_DEV_BLOCK_BASIC));
    CHECK(!mirage__solo5_mft_get(4, SOLO5_MFT_DEV_BLOCK_BASIC));
    CHECK(!mirage__solo5_mft_get(UINT64_MAX, SOLO5_MFT_DEV_BLOCK_BASIC));
    /* A name that fills its field with no terminator never matches. */
    memset(tmft.e[1].name, 'n', sizeof tmft.e[1].name);
    char long_name[SOLO5_MFT_NAME_SIZE + 1];
    memset(long_name, 'n', SOLO5_MFT_NAME_SIZE);
    long_name[SOLO5_MFT_NAME_SIZE] = '\0';
    CHECK(!mirage__solo5_mft_find(long_name, SOLO5_MFT_DEV_NET_BASIC, &h));
}

static void test_manifest_rejected(void)
{
    make_mft();
    tmft.m.version = 2;
    CHECK(!mirage__solo5_mft_init(&tmft.m));
    make_mft();
    tmft.m.entries = 0;
    CHECK(!mirage__solo5_mft_init(&tmft.m));
    tmft.m.entries = SOLO5_MFT_MAX_ENTRIES + 1;
    CHECK(!mirage__solo5_mft_init(&tmft.m));
    make_mft();
    tmft.e[0].type = SOLO5_MFT_DEV_NET_BASIC;
    CHECK(!mirage__solo5_mft_init(&tmft.m));
    CHECK(!mirage__solo5_mft_init(NULL));
    uint64_t h;
    CHECK(!mirage__solo5_mft_find("service", SOLO5_MFT_DEV_NET_BASIC, &h));
    CHECK(!mirage__solo5_mft_get(1, SOLO5_MFT_DEV_NET_BASIC));
}

int main(void)
{
    RUN(test_cmdline);
    RUN(test_manifest);
    RUN(test_manifest_rejected);
    CHECK_DONE();
}
