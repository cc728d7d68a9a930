/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's format.c for the host, under its mirage__nolibc_ names. */
#include "nolibc/format.c"
