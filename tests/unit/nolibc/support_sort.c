/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's sort.c for the host, under its mirage__nolibc_ names. */
#include "nolibc/sort.c"
