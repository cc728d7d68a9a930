/* SPDX-License-Identifier: ISC */
/* --help text, and the device list of an image for `--help KERNEL`. */

#include <stdlib.h>
#include <string.h>

#include "tender.h"

void tender_usage(FILE *f, uint32_t target)
{
    bool hvt = target == SOLO5_ABI_TARGET_HVT;
    fprintf(f, "usage: %s [OPTIONS] [--] KERNEL [ARGS...]\n\n", tender_prog);
    fprintf(f,
            "Runs the %s unikernel KERNEL %s;\nARGS become its command "
            "line.\n",
            hvt ? "hvt" : "spt",
            hvt ? "in a KVM virtual machine" : "in a seccomp sandbox");
    fprintf(f,
            "\nOptions (before KERNEL):\n"
            "  --mem=MB                    guest memory in MiB (default "
            "%d)\n%s",
            TENDER_DEFAULT_MEM_MIB,
            hvt ? "                              (in 2 MiB steps, at most "
                  "4096)\n"
                : "");
    fputs("  --net:NAME=TAP              attach net device NAME to tap "
          "interface TAP\n"
          "  --net:NAME=@FD              ... or to the open tap file "
          "descriptor FD\n"
          "  --net-mac:NAME=MAC          MAC address of NAME, "
          "xx:xx:xx:xx:xx:xx\n"
          "                              (default: random, locally "
          "administered)\n"
          "  --net-offload=on|off        virtio-net headers and TSO/checksum "
          "offloads\n"
          "                              on the taps of a guest that declares "
          "it takes\n"
          "                              them (Mirage NET1 note; default "
          "on); off: plain\n"
          "                              frames of at most MTU + 14 bytes\n"
          "  --block:NAME=FILE           attach block device NAME to FILE\n"
          "  --block-sector-size:NAME=N  block size of NAME: a power of "
          "two,\n"
          "                              512 to 32768 (default 512)\n"
          "  --help                      this text; with KERNEL, also the "
          "devices\n"
          "                              KERNEL declares (nothing is "
          "attached)\n"
          "  --version                   version and ABI\n"
          "\nEvery device the image declares must be attached.\n",
          f);
    fprintf(f,
            "Exit status: the guest's own; 255 when it aborts; 1 when %s\n"
            "refuses the image or stops the guest%s.\n",
            tender_prog,
            hvt ? "" : ";\n128+N when the guest is killed by signal N");
}

static void print_device(FILE *f, const struct solo5_mft_entry *ent)
{
    const char *n = ent->name;
    if (ent->type == SOLO5_MFT_DEV_NET_BASIC)
        fprintf(f, "  %-16s NET_BASIC    --net:%s=TAP  or  --net:%s=@FD\n", n,
                n, n);
    else
        fprintf(f, "  %-16s BLOCK_BASIC  --block:%s=FILE\n", n, n);
}

void tender_help_image(FILE *f, const char *path,
                       const struct tender_image *img,
                       const struct solo5_mft *m)
{
    unsigned ndev = m->entries - 1;
    fprintf(f, "\nKERNEL %s: %s image (Solo5 ABI %u), ", path,
            tender_target_name(img->abi_target), img->abi_version);
    if (ndev == 0) {
        fprintf(f, "declares no devices.\n");
        return;
    }
    fprintf(f, "declares %u device%s:\n", ndev, ndev == 1 ? "" : "s");
    fprintf(f, "  %-16s %-12s %s\n", "NAME", "TYPE", "ATTACH WITH");
    for (unsigned i = 1; i < m->entries; i++)
        print_device(f, &m->e[i]);
    if (img->mirage_net & MIRAGE_NET_GRANT_VNET)
        fprintf(f, "Its net devices take virtio-net framing (Mirage NET1 "
                   "note; see --net-offload).\n");
}

void tender_load_image(const struct tender_opts *o, struct tender_image *img,
                       struct solo5_mft **mft)
{
    struct tender_err e;
    uint8_t *data;
    size_t size;
    int rc = tender_file_read(o->kernel, &data, &size, &e);
    if (rc == 0)
        rc = tender_elf_parse(img, data, size, &e);
    if (rc == 0)
        rc = tender_mft_load(img->mft, img->mft_size, mft, &e);
    if (o->help) {
        tender_usage(stdout, o->target);
        if (rc == 0)
            tender_help_image(stdout, o->kernel, img, *mft);
        fflush(stdout);
        if (rc < 0)
            tender_die("%s", e.msg);
        exit(0);
    }
    if (rc < 0)
        tender_die("%s: %s", o->kernel, e.msg);
    if (tender_elf_check_abi(img, o->target, &e) < 0)
        tender_die("%s: %s", o->kernel, e.msg);
}
