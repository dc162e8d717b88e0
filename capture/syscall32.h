/*
 * The i386 syscall numbers of an event type, for the probe's 32-bit
 * syscall map.
 */
#ifndef LNR_SYSCALL32_H
#define LNR_SYSCALL32_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* Up to max numbers into nrs; returns how many (0: none on i386). */
size_t syscall32_numbers(enum lnr_evt_type type, uint32_t *nrs, size_t max);
/* The i386 socketcall call number that makes this event, or -1. */
int syscall32_socketcall(enum lnr_evt_type type);

#endif
