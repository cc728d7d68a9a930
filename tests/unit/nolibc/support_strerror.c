/* SPDX-License-Identifier: ISC */
/* Compiles nolibc's strerror.c for the host, under its mirage__nolibc_ names.
 */
#include "nolibc/strerror.c"
