/* SPDX-License-Identifier: ISC */
/* mirage-hvt: runs an hvt unikernel image as a KVM virtual machine. */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvt.h"

#ifndef MIRAGE_VERSION
#define MIRAGE_VERSION "dev"
#endif

static struct tender_opts opts = {.target = SOLO5_ABI_TARGET_HVT};
static struct hvt hvt;
static char cmdline[SOLO5_CMDLINE_SIZE];

static void check(int rc, const struct tender_err *e)
{
    if (rc < 0)
        tender_die("%s", e->msg);
}

static uint64_t mem_size(void)
{
    uint64_t mib = opts.mem_mib;
    if (mib > HVT_MEM_MAX >> 20)
        tender_die("--mem=%llu: at most %llu MiB", (unsigned long long)mib,
                   HVT_MEM_MAX >> 20);
    if (mib < 2)
        tender_die("--mem=%llu: at least 2 MiB", (unsigned long long)mib);
    if (mib % 2 != 0) {
        tender_warn("adjusting memory to %llu MiB (2 MiB steps)",
                    (unsigned long long)(mib & ~1ULL));
        mib &= ~1ULL;
    }
    return mib << 20;
}

/* Boot info at 0x10000, then the manifest copy, then the command line. */
static void write_boot_info(struct hvt *h, const struct tender_image *img)
{
    uint64_t mft_gpa = HVT_BOOT_INFO_BASE + sizeof(struct hvt_boot_info);
    size_t mft_size = tender_mft_size(h->mft);
    uint64_t cmd_gpa = mft_gpa + mft_size;
    struct hvt_boot_info bi = {
        .mem_size = h->mem.size,
        .kernel_end = img->kernel_end,
        .cpu_cycle_freq = h->tsc_hz,
        .cmdline = cmd_gpa,
        .mft = mft_gpa,
        .host_features = h->ring.on ? HVT_FEATURE_RING_IO : 0,
        .net_ring = h->ring.on ? h->mem.size : 0,
    };
    memcpy(h->mem.base + HVT_BOOT_INFO_BASE, &bi, sizeof bi);
    memcpy(h->mem.base + mft_gpa, h->mft, mft_size);
    memcpy(h->mem.base + cmd_gpa, cmdline, strlen(cmdline) + 1);
}

static void configure(struct tender_image *img, uint64_t *mem)
{
    struct tender_err e;
    hvt.devs = calloc(hvt.mft->entries, sizeof *hvt.devs);
    if (hvt.devs == NULL)
        tender_die("out of memory");
    check(tender_devices_config(&opts, hvt.mft, hvt.devs, &e), &e);
    *mem = mem_size();
    hvt.ring.reserved = hvt_ring_wanted(&hvt);
    /* The ring's slots hold plain frames: no vnet framing with it. */
    tender_net_offer(&opts, img, hvt.mft, hvt.devs, !hvt.ring.reserved);
    if (hvt.ring.reserved && *mem > HVT_MEM_MAX - HVT_RING_REGION_SIZE) {
        *mem = HVT_MEM_MAX - HVT_RING_REGION_SIZE; /* the ring fits too */
        tender_warn("adjusting memory to %llu MiB (net ring)",
                    (unsigned long long)(*mem >> 20));
    }
    check(tender_elf_check_mem(img, *mem, &e), &e);
    check(tender_cmdline_build(&opts, cmdline, sizeof cmdline, &e), &e);
    check(tender_devices_attach(hvt.mft, hvt.devs, &e), &e);
}

int main(int argc, char **argv)
{
    struct tender_err e;
    struct tender_image img;
    uint64_t mem;
    tender_prog = "mirage-hvt";
    if (tender_args_parse(&opts, argc, argv, &e) < 0)
        tender_die("%s", e.msg);
    if (opts.version) {
        printf("mirage-hvt %s (Solo5 hvt ABI 2, manifest version 1)\n",
               MIRAGE_VERSION);
        return 0;
    }
    if (opts.help && opts.kernel == NULL) {
        tender_usage(stdout, opts.target);
        return 0;
    }
    tender_load_image(&opts, &img, &hvt.mft);
    configure(&img, &mem);
    hvt_vm_create(&hvt, mem);
    hvt_signals_install(&hvt);
    tender_elf_load(&img, &hvt.mem);
    hvt_protect_segments(&hvt, &img);
    hvt_vcpu_init(&hvt, img.entry);
    hvt_io_setup(&hvt);
    hvt_ring_setup(&hvt);
    write_boot_info(&hvt, &img);
    hvt_seccomp_install(&hvt);
    int status = hvt_run(&hvt);
    hvt_ring_stop(&hvt);
    fflush(stdout);
    hvt_stats_print(&hvt);
    tender_net_release();
    _exit(status);
}
