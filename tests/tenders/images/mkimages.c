/* SPDX-License-Identifier: ISC */
/* Writes the test images: mkimages DIR hvt|spt -> DIR/NAME.TARGET + cases. */

#include <stdio.h>
#include <string.h>

#include "images.h"
#include "solo5/solo5_abi.h"

static int write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static struct img im;
    char path[4096];
    if (argc != 3 ||
        (strcmp(argv[2], "hvt") != 0 && strcmp(argv[2], "spt") != 0)) {
        fprintf(stderr, "usage: mkimages DIR hvt|spt\n");
        return 2;
    }
    uint32_t target = strcmp(argv[2], "hvt") == 0 ? SOLO5_ABI_TARGET_HVT
                                                  : SOLO5_ABI_TARGET_SPT;
    snprintf(path, sizeof path, "%s/cases.%s", argv[1], argv[2]);
    FILE *list = fopen(path, "w");
    if (list == NULL) {
        perror(path);
        return 1;
    }
    for (size_t i = 0; i < img_ncases; i++) {
        const struct img_case *c = &img_cases[i];
        img_base(&im, target);
        c->mutate(&im);
        snprintf(path, sizeof path, "%s/%s.%s", argv[1], c->name, argv[2]);
        if (write_file(path, im.buf, im.size) < 0)
            return 1;
        fprintf(list, "%s\t%s\n", c->name, c->expect ? c->expect : "");
    }
    return fclose(list) == 0 ? 0 : 1;
}
