/*
 * CRC-32C (Castagnoli, the iSCSI and ext4 checksum): what capture files
 * put after each block. Debian 12 packages no C library for it, so this
 * is the usual reflected table, with the SSE4.2 instruction when the CPU
 * has one.
 */
#ifndef LNR_CRC32C_H
#define LNR_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continues crc (0 to start) over len bytes. */
uint32_t crc32c(uint32_t crc, const void *buf, size_t len);

#endif
