/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's string.c for the host, under its mirage__nolibc_ names. */
#include "nolibc/string.c"
