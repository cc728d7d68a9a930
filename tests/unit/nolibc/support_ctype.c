/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's ctype.c for the host, under its mirage__nolibc_ names. */
#include "nolibc/ctype.c"
