/* SPDX-License-Identifier: ISC */
/* The log source of the connect functions (its own file: every other file
 * of the library may be linked without the rest). */
#include "connect_priv.h"

MIRAGE_LOG_SRC(mirage__connect_log, "devices",
               "connecting the devices of config.c");
