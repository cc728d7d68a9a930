/* SPDX-License-Identifier: ISC */
/* nolibc: the str* functions of string.h and strings.h. */
#include "nolibc_impl.h"

#include <stdlib.h>

size_t mirage__nolibc_strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t mirage__nolibc_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

char *mirage__nolibc_strcpy(char *restrict dst, const char *restrict src)
{
    char *d = dst;
    while ((*d++ = *src++))
        ;
    return dst;
}

char *mirage__nolibc_strncpy(char *restrict dst, const char *restrict src,
                             size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = '\0';
    return dst;
}

char *mirage__nolibc_strcat(char *restrict dst, const char *restrict src)
{
    mirage__nolibc_strcpy(dst + mirage__nolibc_strlen(dst), src);
    return dst;
}

char *mirage__nolibc_strncat(char *restrict dst, const char *restrict src,
                             size_t n)
{
    char *d = dst + mirage__nolibc_strlen(dst);
    while (n-- && *src)
        *d++ = *src++;
    *d = '\0';
    return dst;
}

int mirage__nolibc_strcmp(const char *a, const char *b)
{
    const unsigned char *x = (const void *)a, *y = (const void *)b;
    while (*x && *x == *y)
        x++, y++;
    return (*x > *y) - (*x < *y);
}

int mirage__nolibc_strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const void *)a, *y = (const void *)b;
    for (; n; n--, x++, y++) {
        if (*x != *y || !*x)
            return (*x > *y) - (*x < *y);
    }
    return 0;
}

int mirage__nolibc_strcoll(const char *a, const char *b)
{
    return mirage__nolibc_strcmp(a, b);
}

int mirage__nolibc_strcasecmp(const char *a, const char *b)
{
    return mirage__nolibc_strncasecmp(a, b, (size_t)-1);
}

int mirage__nolibc_strncasecmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        int x = mirage__nolibc_tolower((unsigned char)*a);
        int y = mirage__nolibc_tolower((unsigned char)*b);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

char *mirage__nolibc_strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *mirage__nolibc_strrchr(const char *s, int c)
{
    const char *last = NULL;
    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (!*s)
            return (char *)last;
    }
}

char *mirage__nolibc_strstr(const char *haystack, const char *needle)
{
    size_t n = mirage__nolibc_strlen(needle);
    if (n == 0)
        return (char *)haystack;
    for (; *haystack; haystack++) {
        if (*haystack == *needle &&
            mirage__nolibc_strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    }
    return NULL;
}

size_t mirage__nolibc_strspn(const char *s, const char *accept)
{
    size_t n = 0;
    while (s[n] && mirage__nolibc_strchr(accept, s[n]))
        n++;
    return n;
}

size_t mirage__nolibc_strcspn(const char *s, const char *reject)
{
    size_t n = 0;
    while (s[n] && !mirage__nolibc_strchr(reject, s[n]))
        n++;
    return n;
}

char *mirage__nolibc_strpbrk(const char *s, const char *accept)
{
    s += mirage__nolibc_strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

char *mirage__nolibc_strtok_r(char *restrict s, const char *restrict delim,
                              char **restrict save)
{
    if (!s)
        s = *save;
    if (!s)
        return NULL;
    s += mirage__nolibc_strspn(s, delim);
    if (!*s) {
        *save = NULL;
        return NULL;
    }
    char *end = s + mirage__nolibc_strcspn(s, delim);
    if (*end)
        *end++ = '\0';
    else
        end = NULL;
    *save = end;
    return s;
}

char *mirage__nolibc_strtok(char *restrict s, const char *restrict delim)
{
    static char *save;
    return mirage__nolibc_strtok_r(s, delim, &save);
}

char *mirage__nolibc_strndup(const char *s, size_t n)
{
    n = mirage__nolibc_strnlen(s, n);
    char *d = malloc(n + 1);
    if (d) {
        mirage__nolibc_memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *mirage__nolibc_strdup(const char *s)
{
    return mirage__nolibc_strndup(s, (size_t)-1);
}

MIRAGE__NOLIBC_ALIAS(strlen);
MIRAGE__NOLIBC_ALIAS(strnlen);
MIRAGE__NOLIBC_ALIAS(strcpy);
MIRAGE__NOLIBC_ALIAS(strncpy);
MIRAGE__NOLIBC_ALIAS(strcat);
MIRAGE__NOLIBC_ALIAS(strncat);
MIRAGE__NOLIBC_ALIAS(strcmp);
MIRAGE__NOLIBC_ALIAS(strncmp);
MIRAGE__NOLIBC_ALIAS(strcoll);
MIRAGE__NOLIBC_ALIAS(strcasecmp);
MIRAGE__NOLIBC_ALIAS(strncasecmp);
MIRAGE__NOLIBC_ALIAS(strchr);
MIRAGE__NOLIBC_ALIAS(strrchr);
MIRAGE__NOLIBC_ALIAS(strstr);
MIRAGE__NOLIBC_ALIAS(strspn);
MIRAGE__NOLIBC_ALIAS(strcspn);
MIRAGE__NOLIBC_ALIAS(strpbrk);
MIRAGE__NOLIBC_ALIAS(strtok);
MIRAGE__NOLIBC_ALIAS(strtok_r);
MIRAGE__NOLIBC_ALIAS(strdup);
MIRAGE__NOLIBC_ALIAS(strndup);
