/* SPDX-License-Identifier: ISC */
/* The runtime tests' helpers (fork, capture, run as main fiber), shared. */
#include "../runtime/support_run.c"
