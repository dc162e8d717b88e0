/*
 * CRC-32C, see crc32c.h: a 256-entry table for the reflected polynomial
 * 0x82F63B78, built once, and the crc32 instruction on x86-64 CPUs that
 * have it (both give the same value; tests/unit/test_capfile.c checks
 * the standard check value).
 */
#include "crc32c.h"

#define CRC32C_POLY 0x82f63b78u

static uint32_t table[256];

__attribute__((constructor)) static void crc32c_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ CRC32C_POLY : c >> 1;
		table[i] = c;
	}
}

static uint32_t crc32c_soft(uint32_t crc, const uint8_t *p, size_t len)
{
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t
crc32c_hw(uint32_t crc, const uint8_t *p, size_t len)
{
	uint64_t c = crc;

	for (; len >= 8; len -= 8, p += 8) {
		uint64_t v;

		__builtin_memcpy(&v, p, 8);
		c = __builtin_ia32_crc32di(c, v);
	}
	crc = (uint32_t)c;
	while (len--)
		crc = __builtin_ia32_crc32qi(crc, *p++);
	return crc;
}

static int have_hw(void)
{
	static int known, hw;

	if (!known) {
		hw = __builtin_cpu_supports("sse4.2");
		known = 1;
	}
	return hw;
}
#endif

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
	crc = ~crc;
#if defined(__x86_64__)
	if (have_hw())
		return ~crc32c_hw(crc, buf, len);
#endif
	return ~crc32c_soft(crc, buf, len);
}
