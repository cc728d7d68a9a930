/* SPDX-License-Identifier: ISC */
/* Messages, errors and reading the image file. */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tender.h"

const char *tender_prog = "mirage-tender";

int tender_errf(struct tender_err *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

void tender_die(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", tender_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    tender_net_release();
    _exit(TENDER_EXIT_ERROR);
}

void tender_warn(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: warning: ", tender_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int read_all(int fd, uint8_t *buf, size_t size)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

int tender_file_read(const char *path, uint8_t **data, size_t *size,
                     struct tender_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return tender_errf(e, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return tender_errf(e, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > TENDER_MAX_IMAGE_SIZE) {
        close(fd);
        return tender_errf(e, "%s: image too large (%lld bytes)", path,
                           (long long)st.st_size);
    }
    *size = (size_t)st.st_size;
    *data = malloc(*size ? *size : 1);
    if (*data == NULL || read_all(fd, *data, *size) < 0) {
        close(fd);
        free(*data);
        *data = NULL;
        return tender_errf(e, "%s: cannot read the image", path);
    }
    close(fd);
    return 0;
}
