/* SPDX-License-Identifier: ISC */
/* The default CONSOLE device: the platform console. */
#include "runtime_priv.h"

#include "platform.h"

#include <stdio.h>
#include <stdlib.h>

static ssize_t console_write(struct mirage_console *c, const void *buf,
                             size_t len)
{
    (void)c;
    if (len > (size_t)PTRDIFF_MAX)
        return -EINVAL;
    mirage_plat_console_write(buf, len);
    return (ssize_t)len;
}

static const struct mirage_console_ops console_ops = {
    .write = console_write,
};
static struct mirage_console console = {&console_ops};

int mirage_console_default_connect(struct mirage_console **out)
{
    *out = &console;
    return 0;
}

ssize_t mirage_console_printf(struct mirage_console *c, const char *fmt, ...)
{
    char small[256], *buf = small;
    va_list ap;
    ssize_t r;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return -EINVAL;
    if ((size_t)n >= sizeof(small)) {
        buf = malloc((size_t)n + 1);
        if (!buf)
            return -ENOMEM;
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    r = mirage_console_write(c, buf, (size_t)n);
    if (buf != small)
        free(buf);
    return r;
}

/* Console output of the runtime itself (--help, argument errors). */
void mirage__vprintf(const char *fmt, va_list ap)
{
    char small[512], *buf = small;
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    if (n >= (int)sizeof(small)) {
        buf = malloc((size_t)n + 1);
        if (buf) {
            vsnprintf(buf, (size_t)n + 1, fmt, ap2);
        } else {
            buf = small; /* truncated rather than lost */
            n = (int)sizeof(small) - 1;
        }
    }
    va_end(ap2);
    if (n > 0)
        mirage_plat_console_write(buf, (size_t)n);
    if (buf != small)
        free(buf);
}

void mirage__printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    mirage__vprintf(fmt, ap);
    va_end(ap);
}
