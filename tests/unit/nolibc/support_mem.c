/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's mem.c for the host, under its mirage__nolibc_ names. */
#include "nolibc/mem.c"
