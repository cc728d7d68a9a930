/* SPDX-License-Identifier: ISC */
/* The shared loader, note and manifest reader fed every generated image. */

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "images.h"
#include "tender.h"

/* The checks a tender makes before it maps anything, in its order. */
static int inspect(const struct img *im, struct tender_err *e)
{
    struct tender_image ti;
    struct solo5_mft *m = NULL;
    struct tender_opts o = {.target = im->target};
    int rc = tender_elf_parse(&ti, im->buf, im->size, e);
    if (rc == 0)
        rc = tender_mft_load(ti.mft, ti.mft_size, &m, e);
    if (rc == 0)
        rc = tender_elf_check_abi(&ti, im->target, e);
    if (rc == 0) {
        struct tender_dev *devs = calloc(m->entries, sizeof *devs);
        rc = tender_devices_config(&o, m, devs, e);
        free(devs);
    }
    if (rc == 0)
        rc = tender_elf_check_mem(&ti, (uint64_t)IMG_MEM_MIB << 20, e);
    free(m);
    return rc;
}

static void run_cases(uint32_t target)
{
    static struct img im;
    for (size_t i = 0; i < img_ncases; i++) {
        const struct img_case *c = &img_cases[i];
        struct tender_err e = {""};
        img_base(&im, target);
        c->mutate(&im);
        /* An exact-size heap copy, so ASan sees any read past the end. */
        struct img *copy = malloc(sizeof *copy);
        memcpy(copy, &im, sizeof im);
        int rc = inspect(copy, &e);
        free(copy);
        if (c->expect == NULL) {
            if (rc != 0)
                CHECK__FAIL("%s: refused: %s", c->name, e.msg);
        } else if (rc == 0) {
            CHECK__FAIL("%s: accepted, want '%s'", c->name, c->expect);
        } else if (strstr(e.msg, c->expect) == NULL) {
            CHECK__FAIL("%s: '%s' lacks '%s'", c->name, e.msg, c->expect);
        }
    }
}

static void cases_hvt(void)
{
    run_cases(SOLO5_ABI_TARGET_HVT);
}

static void cases_spt(void)
{
    run_cases(SOLO5_ABI_TARGET_SPT);
}

/* Every truncation of a valid image is refused cleanly. */
static void truncations(void)
{
    static struct img im;
    img_base(&im, SOLO5_ABI_TARGET_HVT);
    for (size_t n = 0; n < im.size; n++) {
        uint8_t *p = malloc(n ? n : 1);
        memcpy(p, im.buf, n);
        struct tender_image ti;
        struct tender_err e;
        if (tender_elf_parse(&ti, p, n, &e) == 0)
            CHECK__FAIL("truncated to %zu bytes: accepted", n);
        free(p);
    }
}

/* A valid image loads at its addresses with bss zeroed. */
static void load(void)
{
    static struct img im;
    img_base(&im, SOLO5_ABI_TARGET_HVT);
    struct tender_image ti;
    struct tender_err e;
    CHECK_INT_EQ(tender_elf_parse(&ti, im.buf, im.size, &e), 0);
    uint64_t size = 4 << 20;
    struct tender_guest g = {.base = malloc(size), .size = size};
    memset(g.base, 0xaa, size);
    tender_elf_load(&ti, &g);
    CHECK_MEM_EQ(g.base + 0x100000, im.buf + 0x1000, 11);
    CHECK_INT_EQ(g.base[0x101008], 7);
    CHECK_INT_EQ(g.nro, 2);
    CHECK_UINT_EQ(ti.kernel_end, 0x102000);
    CHECK_UINT_EQ(ti.need_end, 0x103000);
    free(g.base);
}

int main(void)
{
    RUN(cases_hvt);
    RUN(cases_spt);
    RUN(truncations);
    RUN(load);
    CHECK_DONE();
}
