/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's malloc.c for the host, under its mirage__nolibc_ names. */
#include "nolibc/malloc.c"
