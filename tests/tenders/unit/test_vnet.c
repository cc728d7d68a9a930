/* SPDX-License-Identifier: ISC */
/* The NET1 note read from an image, and which net devices get vnet offered. */

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "images.h"
#include "tender.h"

/* Parses the base image changed by the case named name. */
static int parse_case(const char *name, struct img *im, struct tender_image *ti)
{
    struct tender_err e;
    img_base(im, SOLO5_ABI_TARGET_HVT);
    for (size_t i = 0; i < img_ncases; i++)
        if (strcmp(img_cases[i].name, name) == 0)
            img_cases[i].mutate(im);
    return tender_elf_parse(ti, im->buf, im->size, &e);
}

static void note_read(void)
{
    static struct img im;
    struct tender_image ti;
    CHECK_INT_EQ(parse_case("valid", &im, &ti), 0);
    CHECK(!ti.mirage_net1);
    CHECK_UINT_EQ(ti.mirage_net, 0);
    CHECK_INT_EQ(parse_case("mirage_net1_note", &im, &ti), 0);
    CHECK(ti.mirage_net1);
    CHECK_UINT_EQ(ti.mirage_net, MIRAGE_NET_GRANT_VNET);
    CHECK_INT_EQ(parse_case("mirage_unknown_note", &im, &ti), 0);
    CHECK(!ti.mirage_net1);
}

/* Entry 1 net, 2 block, 3 net. */
static struct solo5_mft *manifest(void)
{
    struct solo5_mft *m = calloc(1, sizeof *m + 4 * sizeof m->e[0]);
    m->version = SOLO5_MFT_VERSION;
    m->entries = 4;
    m->e[0].type = SOLO5_MFT_RESERVED_FIRST;
    m->e[1].type = SOLO5_MFT_DEV_NET_BASIC;
    m->e[2].type = SOLO5_MFT_DEV_BLOCK_BASIC;
    m->e[3].type = SOLO5_MFT_DEV_NET_BASIC;
    m->e[1].u.net_basic.mtu = 1500;
    return m;
}

static unsigned offered(bool note, bool off, bool allowed)
{
    struct solo5_mft *m = manifest();
    struct tender_dev devs[4] = {{0}};
    struct tender_opts o = {.net_offload_off = off};
    struct tender_image ti = {.mirage_net = note ? MIRAGE_NET_GRANT_VNET : 0};
    tender_net_offer(&o, &ti, m, devs, allowed);
    CHECK(!devs[0].vnet_offer && !devs[2].vnet_offer);
    CHECK_INT_EQ(devs[1].vnet_offer, devs[3].vnet_offer);
    free(m);
    return devs[1].vnet_offer;
}

static void offer(void)
{
    CHECK_INT_EQ(offered(true, false, true), 1);
    CHECK_INT_EQ(offered(false, false, true), 0);
    CHECK_INT_EQ(offered(true, true, true), 0);
    CHECK_INT_EQ(offered(true, false, false), 0);
}

static void frame_max(void)
{
    struct solo5_mft *m = manifest();
    struct tender_dev d = {.vnet = false};
    CHECK_UINT_EQ(tender_net_frame_max(&m->e[1], &d), 1514);
    d.vnet = true;
    CHECK_UINT_EQ(tender_net_frame_max(&m->e[1], &d), 10 + 14 + 65535);
    free(m);
}

static void option(void)
{
    struct tender_opts o = {.target = SOLO5_ABI_TARGET_HVT};
    struct tender_err e;
    char *a[] = {"t", "--net-offload=off", "k", NULL};
    CHECK_INT_EQ(tender_args_parse(&o, 3, a, &e), 0);
    CHECK(o.net_offload_off);
    a[1] = "--net-offload=on";
    CHECK_INT_EQ(tender_args_parse(&o, 3, a, &e), 0);
    CHECK(!o.net_offload_off);
    a[1] = "--net-offload=yes";
    CHECK_INT_EQ(tender_args_parse(&o, 3, a, &e), -1);
    CHECK(strstr(e.msg, "'yes' is not on or off") != NULL);
}

int main(void)
{
    RUN(note_read);
    RUN(offer);
    RUN(frame_max);
    RUN(option);
    CHECK_DONE();
}
