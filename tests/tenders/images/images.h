/* SPDX-License-Identifier: ISC */
/* Generator of tiny hvt/spt images, good and malformed, for loader tests. */
#ifndef MIRAGE_TEST_IMAGES_H
#define MIRAGE_TEST_IMAGES_H

/*
 * img_base() builds a minimal valid image in memory: text (code that exits
 * with status IMG_STATUS through HALT on hvt or exit_group on spt), a
 * read-only segment holding the HALT argument and both Solo5 notes, and a
 * bss segment.  Each case in img_cases[] starts from it and changes one
 * thing; `expect` is a substring of the refusal message, or NULL when the
 * image must still be accepted (and exit with IMG_STATUS).
 */

#include <stddef.h>
#include <stdint.h>

#define IMG_MAX 0x4000
#define IMG_STATUS 7
#define IMG_MEM_MIB 8 /* run the cases with --mem=8 */

struct img {
    uint8_t buf[IMG_MAX];
    size_t size;
    uint32_t target;
};

struct img_case {
    const char *name;
    const char *expect; /* NULL: accepted */
    void (*mutate)(struct img *im);
};

void img_base(struct img *im, uint32_t target);
extern const struct img_case img_cases[];
extern const size_t img_ncases;

#endif
