/* SPDX-License-Identifier: ISC */
/* The tender's command line, split into argv. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "solo5/solo5_priv.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copies the word starting at *src into dst (unescaped); returns its end in
 * the source and writes the word's length in *n. */
static const char *take_word(const char *src, char *dst, size_t *n)
{
    size_t k = 0;
    while (*src && !is_blank(*src)) {
        if (*src == '\\' && src[1])
            src++;
        if (dst)
            dst[k] = *src;
        k++;
        src++;
    }
    *n = k;
    return src;
}

static const char *skip_blanks(const char *s)
{
    while (is_blank(*s))
        s++;
    return s;
}

/* Skips the leading --solo5:* words. */
static const char *skip_solo5_words(const char *s)
{
    for (;;) {
        s = skip_blanks(s);
        if (strncmp(s, "--solo5:", 8) != 0)
            return s;
        size_t n;
        s = take_word(s, NULL, &n);
    }
}

int mirage__solo5_split_cmdline(const char *cmdline, char ***argv_out)
{
    const char *start = skip_solo5_words(cmdline ? cmdline : "");
    size_t words = 0, chars = 0, n;
    for (const char *s = skip_blanks(start); *s; s = skip_blanks(s)) {
        s = take_word(s, NULL, &n);
        words++;
        chars += n + 1;
    }
    /* One block: the pointer array, "mirage", then the words. */
    size_t ptrs = (words + 2) * sizeof(char *);
    char **argv = malloc(ptrs + sizeof "mirage" + chars);
    if (!argv)
        return -ENOMEM;
    char *out = (char *)argv + ptrs;
    memcpy(out, "mirage", sizeof "mirage");
    argv[0] = out;
    out += sizeof "mirage";
    size_t argc = 1;
    for (const char *s = skip_blanks(start); *s; s = skip_blanks(s)) {
        s = take_word(s, out, &n);
        out[n] = '\0';
        argv[argc++] = out;
        out += n + 1;
    }
    argv[argc] = NULL;
    *argv_out = argv;
    return (int)argc;
}
