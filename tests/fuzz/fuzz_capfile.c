/*
 * Fuzzes the capture-file reader: the preamble, the header block, block
 * checksums and framing, resynchronisation, and each record's decoder.
 * Seeded with the fixtures in tests/captures.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/capfile.h"
#include "common/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *arg, const char *msg)
{
	(void)arg;
	(void)strlen(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct capfile_reader r;
	enum capfile_kind kind;
	const void *rec;
	size_t len;

	if (fd < 0)
		fd = memfd_create("fuzz_capfile", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, 0) < 0 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) != 0)
		return 0;
	if (capfile_reader_open(&r, fd, "fuzz", ignore, NULL) == 0)
		while (capfile_next(&r, &rec, &len, &kind) == 1) {
			struct lnr_evt evt;
			const char *why;

			if (lnr_evt_decode(rec, len, &evt, &why) == 0)
				(void)lnr_evt_get_str(&evt, 0);
		}
	capfile_reader_close(&r);
	return 0;
}
