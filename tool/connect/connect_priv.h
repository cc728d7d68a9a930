/* SPDX-License-Identifier: ISC */
/* Internals shared by the connect functions of config.c's devices. */
#ifndef MIRAGE_CONNECT_PRIV_H
#define MIRAGE_CONNECT_PRIV_H

#include <mirage/log.h>

/* The log source "devices": why a device could not connect. */
extern struct mirage_log_src mirage__connect_log;

#endif
