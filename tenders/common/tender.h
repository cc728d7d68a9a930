/* SPDX-License-Identifier: ISC */
/* Shared code of mirage-hvt and mirage-spt: image, manifest, options, devices.
 */
#ifndef MIRAGE_TENDER_H
#define MIRAGE_TENDER_H

/*
 * The tenders read a guest image (an ELF64 file carrying the Solo5 ABI1 and
 * MFT1 notes), check it completely before anything is mapped, parse the
 * command line against the image's manifest, attach the devices the
 * manifest declares and then hand over to the target-specific part
 * (tenders/hvt: a KVM virtual machine; tenders/spt: a seccomp sandbox).
 * docs/abi.md describes the ABI.
 *
 * Errors: everything that reads the image or the command line fills a
 * struct tender_err with a one-line reason and returns -1; the caller
 * prints it prefixed with the program name and exits 1.  Nothing here
 * trusts a size or offset read from the image.
 *
 * Guest memory is reached only through tender_guest_ptr(), which checks
 * that a guest address range lies inside guest memory without overflow
 * and, for writes, that it is memory the guest may write.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "solo5/solo5_abi.h"

#define TENDER_EXIT_ERROR 1

struct tender_err {
    char msg[320];
};

/* Formats a reason into e; returns -1 so callers can `return tender_errf()`. */
int tender_errf(struct tender_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Program name used in messages ("mirage-hvt"). */
extern const char *tender_prog;

/* Prints "PROG: message" on stderr and exits 1. */
_Noreturn void tender_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Prints "PROG: warning: message" on stderr. */
void tender_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- The image --------------------------------------------------------- */

#define TENDER_MAX_SEGS 16  /* loadable segments with file data */
#define TENDER_MAX_PHNUM 64 /* program headers */
#define TENDER_MAX_IMAGE_SIZE (1ULL << 30)
#define TENDER_PAGE 0x1000ULL

struct tender_seg {
    uint64_t vaddr, filesz, memsz, offset;
    uint64_t start, end; /* page-aligned range the segment covers */
    uint32_t flags;      /* PF_R | PF_W | PF_X */
};

struct tender_image {
    const uint8_t *data; /* the whole file, borrowed */
    size_t size;
    uint64_t entry;
    struct tender_seg seg[TENDER_MAX_SEGS];
    unsigned nseg;
    uint64_t kernel_end; /* highest aligned end of the loaded segments */
    uint64_t need_end;   /* highest end including zero-filled (bss) ones */
    uint32_t abi_target, abi_version;
    const uint8_t *mft; /* manifest bytes inside data (after the padding) */
    size_t mft_size;
    bool mirage_net1;    /* the image has Mirage's NET1 note */
    uint32_t mirage_net; /* its flags: MIRAGE_NET_GRANT_* the guest takes */
};

/* Checks the ELF header, the program headers and the Solo5 notes of the
 * file in data[0..size) (which must stay valid while img is used). */
int tender_elf_parse(struct tender_image *img, const void *data, size_t size,
                     struct tender_err *e);
/* Checks that the image fits in mem_size bytes of guest memory. */
int tender_elf_check_mem(const struct tender_image *img, uint64_t mem_size,
                         struct tender_err *e);
/* Checks the ABI1 note against the target this tender runs. */
int tender_elf_check_abi(const struct tender_image *img, uint32_t target,
                         struct tender_err *e);
/* Reads the notes of PT_NOTE segments (called by tender_elf_parse). */
int tender_notes_read(struct tender_image *img, struct tender_err *e);

const char *tender_target_name(uint32_t target);

/* Reads a whole image file into a malloc'd buffer (at most
 * TENDER_MAX_IMAGE_SIZE bytes). */
int tender_file_read(const char *path, uint8_t **data, size_t *size,
                     struct tender_err *e);

/* ---- Guest memory ------------------------------------------------------ */

enum tender_access { TENDER_GUEST_READ, TENDER_GUEST_WRITE };

struct tender_guest {
    uint8_t *base;   /* host address of guest address `first` */
    uint64_t first;  /* lowest guest address (hvt 0, spt 0x10000) */
    uint64_t size;   /* guest memory ends at this guest address */
    uint64_t low_ro; /* [0, low_ro) is never writable by the tender */
    struct {
        uint64_t start, end;
    } ro[TENDER_MAX_SEGS];
    unsigned nro;
};

/* The one accessor: the host address of guest range [gpa, gpa+len), or NULL
 * if any of it lies outside guest memory, or (for writes) in memory the
 * guest may not write. */
void *tender_guest_ptr(const struct tender_guest *g, uint64_t gpa, uint64_t len,
                       enum tender_access access);

/* Copies the segments into guest memory (zero-filling up to p_memsz) and
 * records the read-only ranges; tender_elf_check_mem must have passed. */
void tender_elf_load(const struct tender_image *img, struct tender_guest *g);

/* ---- The manifest ------------------------------------------------------ */

/* Validates the manifest bytes (the MFT1 descriptor after its padding) and
 * returns a malloc'd, aligned copy in *out. */
int tender_mft_load(const uint8_t *bytes, size_t size, struct solo5_mft **out,
                    struct tender_err *e);
size_t tender_mft_size(const struct solo5_mft *m);
int tender_mft_find(const struct solo5_mft *m, const char *name);
const char *tender_mft_type_name(uint32_t type);

/* ---- Command line ------------------------------------------------------ */

enum tender_optkind {
    TENDER_OPT_NET,
    TENDER_OPT_NET_MAC,
    TENDER_OPT_BLOCK,
    TENDER_OPT_SECTOR,
};

#define TENDER_MAX_DEVOPTS 256

struct tender_devopt {
    enum tender_optkind kind;
    char name[SOLO5_MFT_NAME_SIZE];
    const char *value;
};

struct tender_opts {
    uint32_t target; /* SOLO5_ABI_TARGET_HVT or _SPT */
    uint64_t mem_mib;
    bool mem_set, help, version;
    bool net_offload_off; /* --net-offload=off: never grant vnet framing */
    const char *kernel;
    int kargc; /* guest arguments after KERNEL */
    char **kargv;
    struct tender_devopt dev[TENDER_MAX_DEVOPTS];
    unsigned ndev;
};

#define TENDER_DEFAULT_MEM_MIB 512

/* Parses argv (syntax only; device names are checked against the manifest
 * by tender_devices_config). */
int tender_args_parse(struct tender_opts *o, int argc, char **argv,
                      struct tender_err *e);
/* Joins the guest arguments with single spaces into buf. */
int tender_cmdline_build(const struct tender_opts *o, char *buf, size_t size,
                         struct tender_err *e);
void tender_usage(FILE *f, uint32_t target);
/* Lists the devices of an image and the option that attaches each. */
void tender_help_image(FILE *f, const char *path,
                       const struct tender_image *img,
                       const struct solo5_mft *m);
/* Reads and checks o->kernel into img and its manifest into *mft; with
 * --help, prints the usage and the image's devices and exits.  Dies with a
 * message naming the image on any error. */
void tender_load_image(const struct tender_opts *o, struct tender_image *img,
                       struct solo5_mft **mft);

/* ---- Devices ----------------------------------------------------------- */

/* What the options say about one manifest entry. */
struct tender_dev {
    const char *attach; /* TAP name, "@FD" or FILE; NULL if not given */
    bool have_mac;
    uint8_t mac[6];
    unsigned sector_size; /* 0: default */
    bool vnet_offer;      /* the guest takes vnet frames; may grant them */
    int fd;               /* after attach */
    bool vnet;            /* after attach: granted, fd has IFF_VNET_HDR */
};

/* Resolves the device options against the manifest (unknown names, wrong
 * kinds, devices left unattached are errors). devs has m->entries slots. */
int tender_devices_config(const struct tender_opts *o,
                          const struct solo5_mft *m, struct tender_dev *devs,
                          struct tender_err *e);
/* Opens every device and fills the manifest entries (attached, hostfd, MAC,
 * MTU, capacity, block size). */
int tender_devices_attach(struct solo5_mft *m, struct tender_dev *devs,
                          struct tender_err *e);

/* Marks the net devices to which vnet framing may be granted: the image
 * declares it takes it (Mirage NET1 note), --net-offload=off was not
 * given and the caller allows it (hvt: not with the net ring).  Call
 * between tender_devices_config and tender_devices_attach. */
void tender_net_offer(const struct tender_opts *o,
                      const struct tender_image *img, const struct solo5_mft *m,
                      struct tender_dev *devs, bool allowed);
/* Sets a tap fd opened with IFF_VNET_HDR to the framing a granted guest
 * expects: 10-byte headers, checksum and TCPv4 segmentation offloads.
 * 0, or -1 with errno. */
int tender_vnet_setup(int fd);
/* Remembers the attached devices; tender_net_release (called on every
 * exit path, tender_die included) turns the offloads off again on the
 * vnet taps opened by name, so that the next plain user of a persistent
 * tap does not get partial checksums. */
void tender_net_remember(const struct solo5_mft *m,
                         const struct tender_dev *devs);
void tender_net_release(void);
/* The largest frame a device takes or gives: mtu + 14, or with vnet the
 * header and a 64 KiB IP packet. */
uint64_t tender_net_frame_max(const struct solo5_mft_entry *ent,
                              const struct tender_dev *d);
int tender_net_attach(struct solo5_mft_entry *ent, struct tender_dev *d,
                      struct tender_err *e);
int tender_block_attach(struct solo5_mft_entry *ent, struct tender_dev *d,
                        struct tender_err *e);
int tender_mac_parse(const char *s, uint8_t mac[6]);

#endif
