/* SPDX-License-Identifier: ISC */
/* Building, sorting and freeing dictionary listings. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/kv.h>

int mirage_kv_list_add(struct mirage_kv_list *l, const char *key, size_t klen,
                       enum mirage_kv_kind kind)
{
    struct mirage_kv_entry *e;
    char *copy;

    /* The capacity is 8, then doubles: it is full when n is 0 or a power
     * of two of at least 8. */
    if (l->n == 0 || (l->n >= 8 && (l->n & (l->n - 1)) == 0)) {
        size_t cap = l->n ? l->n * 2 : 8;
        e = realloc(l->entries, cap * sizeof *e);
        if (!e)
            return -ENOMEM;
        l->entries = e;
    }
    copy = malloc(klen + 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, key, klen);
    copy[klen] = '\0';
    l->entries[l->n].key = copy;
    l->entries[l->n].kind = kind;
    l->n++;
    return 0;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct mirage_kv_entry *x = a, *y = b;

    return strcmp(x->key, y->key);
}

void mirage_kv_list_sort(struct mirage_kv_list *l)
{
    if (l->n > 1)
        qsort(l->entries, l->n, sizeof *l->entries, entry_cmp);
}

void mirage_kv_list_free(struct mirage_kv_list *l)
{
    assert(l);
    for (size_t i = 0; i < l->n; i++)
        free(l->entries[i].key);
    free(l->entries);
    l->entries = NULL;
    l->n = 0;
}
