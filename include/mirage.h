/* SPDX-License-Identifier: ISC */
/* Everything a unikernel includes: the runtime API and the device interfaces.
 */
#ifndef MIRAGE_H
#define MIRAGE_H

#include <mirage/clock.h>
#include <mirage/console.h>
#include <mirage/error.h>
#include <mirage/fiber.h>
#include <mirage/hooks.h>
#include <mirage/io.h>
#include <mirage/key.h>
#include <mirage/log.h>
#include <mirage/main.h>
#include <mirage/random.h>
#include <mirage/time.h>
#include <mirage/timer.h>

#endif
