/* SPDX-License-Identifier: ISC */
/* nolibc: character classes of the "C" locale (ASCII only). */
#include "nolibc_impl.h"

int mirage__nolibc_isdigit(int c)
{
    return c >= '0' && c <= '9';
}

int mirage__nolibc_islower(int c)
{
    return c >= 'a' && c <= 'z';
}

int mirage__nolibc_isupper(int c)
{
    return c >= 'A' && c <= 'Z';
}

int mirage__nolibc_isalpha(int c)
{
    return mirage__nolibc_islower(c) || mirage__nolibc_isupper(c);
}

int mirage__nolibc_isalnum(int c)
{
    return mirage__nolibc_isalpha(c) || mirage__nolibc_isdigit(c);
}

int mirage__nolibc_isblank(int c)
{
    return c == ' ' || c == '\t';
}

int mirage__nolibc_iscntrl(int c)
{
    return (c >= 0 && c < 0x20) || c == 0x7f;
}

int mirage__nolibc_isgraph(int c)
{
    return c > 0x20 && c < 0x7f;
}

int mirage__nolibc_isprint(int c)
{
    return c >= 0x20 && c < 0x7f;
}

int mirage__nolibc_ispunct(int c)
{
    return mirage__nolibc_isgraph(c) && !mirage__nolibc_isalnum(c);
}

int mirage__nolibc_isspace(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

int mirage__nolibc_isxdigit(int c)
{
    return mirage__nolibc_isdigit(c) || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

int mirage__nolibc_tolower(int c)
{
    return mirage__nolibc_isupper(c) ? c + ('a' - 'A') : c;
}

int mirage__nolibc_toupper(int c)
{
    return mirage__nolibc_islower(c) ? c - ('a' - 'A') : c;
}

MIRAGE__NOLIBC_ALIAS(isalnum);
MIRAGE__NOLIBC_ALIAS(isalpha);
MIRAGE__NOLIBC_ALIAS(isblank);
MIRAGE__NOLIBC_ALIAS(iscntrl);
MIRAGE__NOLIBC_ALIAS(isdigit);
MIRAGE__NOLIBC_ALIAS(isgraph);
MIRAGE__NOLIBC_ALIAS(islower);
MIRAGE__NOLIBC_ALIAS(isprint);
MIRAGE__NOLIBC_ALIAS(ispunct);
MIRAGE__NOLIBC_ALIAS(isspace);
MIRAGE__NOLIBC_ALIAS(isupper);
MIRAGE__NOLIBC_ALIAS(isxdigit);
MIRAGE__NOLIBC_ALIAS(tolower);
MIRAGE__NOLIBC_ALIAS(toupper);
