/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's strto.c for the host, under its mirage__nolibc_ names. */
#include "nolibc/strto.c"
