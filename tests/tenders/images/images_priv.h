/* SPDX-License-Identifier: ISC */
/* Layout of the generated test image and the helpers the cases use. */
#ifndef MIRAGE_TEST_IMAGES_PRIV_H
#define MIRAGE_TEST_IMAGES_PRIV_H

#include "images.h"

/* File layout: header, program headers, text page, read-only page. */
#define PH_OFF 0x40u
#define TEXT_OFF 0x1000u
#define RO_OFF 0x2000u
#define ABI_NOTE (RO_OFF + 0x10u) /* 36 bytes */
#define MFT_NOTE (RO_OFF + 0x38u) /* 8-aligned */
#define MFT_HDR (MFT_NOTE + 24u)  /* after header, name and padding */
#define MFT_ENTRY(i) (MFT_HDR + 8u + 104u * (i))

#define TEXT_VADDR 0x100000u
#define RO_VADDR 0x101000u
#define BSS_VADDR 0x102000u

/* Program headers: 0 text, 1 rodata, 2 bss, 3 ABI1 note, 4 MFT1 note. */
void img_phdr(struct img *im, unsigned i, uint32_t type, uint32_t flags,
              uint64_t off, uint64_t vaddr, uint64_t filesz, uint64_t memsz,
              uint64_t align);
void img_put(struct img *im, size_t off, const void *p, size_t n);
void img_put32(struct img *im, size_t off, uint32_t v);
void img_set_mft(struct img *im, unsigned n);

#endif
