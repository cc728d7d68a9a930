/* SPDX-License-Identifier: ISC */
/* Entropy for seeding the DRBG: the kernel's getrandom(). */
#include "unix_priv.h"

#include <errno.h>
#include <sys/random.h>

int mirage_plat_entropy(void *buf, size_t len)
{
    unsigned char *p = buf;

    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
