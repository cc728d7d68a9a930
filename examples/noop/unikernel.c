/* SPDX-License-Identifier: ISC */
/* noop: boots, parses its arguments and exits with status 0. */
#include <mirage.h>

#include "mirage/keys.h"

int unikernel_start(void)
{
    return 0;
}
