/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: IP address and prefix text parsing (lib/ipaddr). */
#include <mirage/ipaddr.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A parsed address printed and parsed again is the same address. */
static void round_trip(const struct mirage_ipaddr *a)
{
    char text[MIRAGE_IPADDR_STRLEN];
    struct mirage_ipaddr b;
    mirage_ipaddr_format(a, text, sizeof(text));
    if (memchr(text, 0, sizeof(text)) == NULL ||
        mirage_ipaddr_parse(text, &b) < 0 || !mirage_ipaddr_equal(a, &b))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    struct mirage_ipaddr a;
    struct mirage_ipprefix p;
    if (mirage_ipaddr_parse(s, &a) == 0)
        round_trip(&a);
    if (mirage_ipprefix_parse(s, &p) == 0) {
        round_trip(&p.addr);
        if (p.len > (p.addr.family == MIRAGE_IPV4 ? 32 : 128) ||
            !mirage_ipprefix_contains(&p, &p.addr))
            abort();
    }
    free(s);
    return 0;
}
