/* SPDX-License-Identifier: ISC */
/* Tender command line, device options, MAC parsing and the guest accessor. */

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tender.h"

static struct tender_opts o;

static int parse(struct tender_err *e, int argc, const char **argv)
{
    o.target = SOLO5_ABI_TARGET_HVT;
    return tender_args_parse(&o, argc, (char **)argv, e);
}

static void options(void)
{
    struct tender_err e;
    const char *a[] = {"t",
                       "--mem=64",
                       "--block:storage=d.img",
                       "--net:service=@3",
                       "--",
                       "--k.hvt",
                       "x",
                       "--y"};
    CHECK_INT_EQ(parse(&e, 8, a), 0);
    CHECK_UINT_EQ(o.mem_mib, 64);
    CHECK_STR_EQ(o.kernel, "--k.hvt");
    CHECK_INT_EQ(o.kargc, 2);
    CHECK_INT_EQ(o.ndev, 2);
    CHECK_STR_EQ(o.dev[0].name, "storage");
    CHECK_STR_EQ(o.dev[1].value, "@3");
    char cmd[16];
    CHECK_INT_EQ(tender_cmdline_build(&o, cmd, sizeof cmd, &e), 0);
    CHECK_STR_EQ(cmd, "x --y");
    CHECK_INT_EQ(tender_cmdline_build(&o, cmd, 5, &e), -1);
}

static void refused(void)
{
    struct tender_err e;
    const char *bad[][2] = {
        {"--mem=0", "not a size"},         {"--mem=12x", "not a size"},
        {"--mem=", "not a size"},          {"--frob", "unknown option"},
        {"--net:=tap0", "1 to 67"},        {"--net:a-b=tap0", "A-Z"},
        {"--block:storage", "NAME=VALUE"}, {"--block:storage=", "NAME=VALUE"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *a[] = {"t", bad[i][0], "k.hvt"};
        e.msg[0] = '\0';
        if (parse(&e, 3, a) != -1 || strstr(e.msg, bad[i][1]) == NULL)
            CHECK__FAIL("%s: got '%s', want '%s'", bad[i][0], e.msg, bad[i][1]);
    }
    const char *none[] = {"t", "--mem=8"};
    CHECK_INT_EQ(parse(&e, 2, none), -1);
    const char *help[] = {"t", "--help"};
    CHECK_INT_EQ(parse(&e, 2, help), 0);
    CHECK(o.help && o.kernel == NULL);
}

static struct solo5_mft *manifest(void)
{
    struct solo5_mft *m = calloc(1, sizeof *m + 3 * sizeof m->e[0]);
    m->version = 1;
    m->entries = 3;
    m->e[0].type = SOLO5_MFT_RESERVED_FIRST;
    strcpy(m->e[1].name, "service");
    m->e[1].type = SOLO5_MFT_DEV_NET_BASIC;
    strcpy(m->e[2].name, "storage");
    m->e[2].type = SOLO5_MFT_DEV_BLOCK_BASIC;
    return m;
}

static void config_case(const char *opt, const char *want)
{
    struct tender_err e = {""};
    struct tender_dev devs[3];
    struct solo5_mft *m = manifest();
    const char *a[] = {"t", "--net:service=tap0", "--block:storage=f", opt,
                       "k"};
    int argc = opt ? 5 : 4;
    if (!opt)
        a[3] = "k";
    CHECK_INT_EQ(parse(&e, argc, a), 0);
    int rc = tender_devices_config(&o, m, devs, &e);
    if (want == NULL && rc != 0)
        CHECK__FAIL("%s: refused: %s", opt, e.msg);
    if (want != NULL && (rc == 0 || strstr(e.msg, want) == NULL))
        CHECK__FAIL("%s: got '%s', want '%s'", opt, e.msg, want);
    free(m);
}

static void devices(void)
{
    config_case(NULL, NULL);
    config_case("--block-sector-size:storage=4096", NULL);
    config_case("--net-mac:service=02:00:00:00:00:01", NULL);
    config_case("--block:nope=f", "no device named 'nope'");
    config_case("--net:storage=tap1", "is BLOCK_BASIC, not NET_BASIC");
    config_case("--block:storage=g", "attached twice");
    config_case("--block-sector-size:storage=1000", "power of two");
    config_case("--block-sector-size:storage=256", "power of two");
    config_case("--block-sector-size:storage=65536", "power of two");
    config_case("--net-mac:service=01:00:00:00:00:01", "unicast MAC");
    struct tender_err e;
    struct tender_dev devs[3];
    struct solo5_mft *m = manifest();
    const char *a[] = {"t", "--net:service=tap0", "k"};
    CHECK_INT_EQ(parse(&e, 3, a), 0);
    CHECK_INT_EQ(tender_devices_config(&o, m, devs, &e), -1);
    CHECK_STR_EQ(e.msg, "device 'storage' (BLOCK_BASIC) declared but not "
                        "attached; use --block:storage=FILE");
    free(m);
}

static void mac(void)
{
    uint8_t m[6];
    CHECK_INT_EQ(tender_mac_parse("02:aB:cd:EF:01:23", m), 0);
    CHECK_INT_EQ(m[1], 0xab);
    CHECK_INT_EQ(m[5], 0x23);
    CHECK_INT_EQ(tender_mac_parse("02:ab:cd:ef:01", m), -1);
    CHECK_INT_EQ(tender_mac_parse("02:ab:cd:ef:01:23:45", m), -1);
    CHECK_INT_EQ(tender_mac_parse("02-ab-cd-ef-01-23", m), -1);
    CHECK_INT_EQ(tender_mac_parse("0g:ab:cd:ef:01:23", m), -1);
}

static void accessor(void)
{
    static uint8_t mem[0x300000];
    struct tender_guest g = {
        .base = mem, .size = sizeof mem, .low_ro = 0x100000, .nro = 1};
    g.ro[0].start = 0x100000;
    g.ro[0].end = 0x101000;
    enum tender_access R = TENDER_GUEST_READ, W = TENDER_GUEST_WRITE;
    CHECK(tender_guest_ptr(&g, 0x200000, 16, W) == mem + 0x200000);
    CHECK(tender_guest_ptr(&g, sizeof mem - 16, 16, R) != NULL);
    CHECK(tender_guest_ptr(&g, sizeof mem - 15, 16, R) == NULL);
    CHECK(tender_guest_ptr(&g, sizeof mem, 0, R) == NULL);
    CHECK(tender_guest_ptr(&g, 16, UINT64_MAX, R) == NULL);
    CHECK(tender_guest_ptr(&g, UINT64_MAX, 2, R) == NULL);
    CHECK(tender_guest_ptr(&g, 0x10000, 16, R) != NULL);
    CHECK(tender_guest_ptr(&g, 0x10000, 16, W) == NULL);
    CHECK(tender_guest_ptr(&g, 0x100ff0, 16, R) != NULL);
    CHECK(tender_guest_ptr(&g, 0x100ff8, 16, W) == NULL);
    CHECK(tender_guest_ptr(&g, 0x101000, 16, W) != NULL);
    struct tender_guest spt = {
        .base = mem, .first = 0x10000, .size = 0x10000 + sizeof mem};
    CHECK(tender_guest_ptr(&spt, 0x10000, 1, R) == mem);
    CHECK(tender_guest_ptr(&spt, 0xffff, 1, R) == NULL);
}

int main(void)
{
    RUN(options);
    RUN(refused);
    RUN(devices);
    RUN(mac);
    RUN(accessor);
    CHECK_DONE();
}
