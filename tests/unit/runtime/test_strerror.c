/* SPDX-License-Identifier: ISC */
/* mirage_strerror: names for negative and positive codes, and unknown ones. */
#include "check.h"

#include <mirage.h>
#include <string.h>

int main(void)
{
    CHECK_STR_EQ(mirage_strerror(-ENOMEM), "Cannot allocate memory");
    CHECK_STR_EQ(mirage_strerror(ENOMEM), "Cannot allocate memory");
    CHECK_STR_EQ(mirage_strerror(-ECONNRESET), "Connection reset by peer");
    CHECK_STR_EQ(mirage_strerror(-ETIMEDOUT), "Connection timed out");
    CHECK_STR_EQ(mirage_strerror(-ECANCELED), "Operation canceled");
    CHECK_STR_EQ(mirage_strerror(-EINVAL), "Invalid argument");
    CHECK_STR_EQ(mirage_strerror(0), "Success");
    CHECK_STR_EQ(mirage_strerror(-4000), "Unknown error");
    CHECK_STR_EQ(mirage_strerror(-2147483647 - 1), "Unknown error");
    /* Every code glibc names is named the same way here, where we name it. */
    for (int e = 1; e < 134; e++) {
        const char *ours = mirage_strerror(-e);
        if (strcmp(ours, "Unknown error") != 0)
            CHECK_STR_EQ(ours, strerror(e));
    }
    CHECK_DONE();
}
