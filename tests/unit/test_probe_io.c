/*
 * Reads and writes: off until selected, then each with its data (up to
 * the snap length), descriptor, size and, for pread and pwrite, the
 * position; failed calls carry their errno and no data.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"
#include "probe.h"
#include "test_probe_util.h"

static const enum lnr_evt_type io_types[] = {
    LNR_EVT_READ,     LNR_EVT_WRITE, LNR_EVT_PREAD64,
    LNR_EVT_PWRITE64, LNR_EVT_READV, LNR_EVT_WRITEV,
};
#define NIO (sizeof(io_types) / sizeof(io_types[0]))

static int data_is(const struct lnr_evt *e, const void *want, size_t n)
{
	uint16_t len = 0;
	const uint8_t *p = e ? tp_param(e, "data", &len) : NULL;

	return p && len == n && !memcmp(p, want, n);
}

/* Off at load: a write before selection leaves no record. */
static void test_off_by_default(int rfd, int fd)
{
	uint64_t t0 = tp_boot_ns();
	char buf[8];

	CHECK(write(fd, "unseen", 6) == 6);
	CHECK(read(rfd, buf, sizeof(buf)) == 6);
	/* A marker after it: once it is in, the write would be too. */
	CHECK(syscall(SYS_setresuid, -1, -1, -1) == 0);
	CHECK(tp_own(LNR_EVT_SETRESUID, t0) != NULL);
	CHECK(tp_wait(LNR_EVT_WRITE, gettid()) == NULL);
}

static void test_read_write(int rfd, int wfd)
{
	static const char msg[] = "lanner reads this";
	char big[200], buf[64];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	CHECK(write(wfd, msg, sizeof(msg)) == sizeof(msg));
	e = tp_own(LNR_EVT_WRITE, t0);
	CHECK(e && tp_s64(e, "res") == sizeof(msg) && tp_s64(e, "fd") == wfd);
	CHECK(e && tp_s64(e, "size") == sizeof(msg));
	CHECK(data_is(e, msg, sizeof(msg)));

	CHECK(read(rfd, buf, sizeof(buf)) == sizeof(msg));
	e = tp_own(LNR_EVT_READ, t0);
	CHECK(e && tp_s64(e, "res") == sizeof(msg) && tp_s64(e, "size") == 64);
	CHECK(data_is(e, msg, sizeof(msg)));

	/* Longer than the snap length: cut. */
	memset(big, 'z', sizeof(big));
	CHECK(write(wfd, big, sizeof(big)) == sizeof(big));
	e = tp_own(LNR_EVT_WRITE, t0);
	CHECK(data_is(e, big, LNR_PROBE_SNAPLEN));
	CHECK(read(rfd, big, sizeof(big)) == sizeof(big));
	CHECK(tp_own(LNR_EVT_READ, t0) != NULL);

	/* The failing form. */
	CHECK(read(-1, buf, 1) < 0 && errno == EBADF);
	e = tp_own(LNR_EVT_READ, t0);
	CHECK(e && tp_s64(e, "res") == -EBADF && tp_empty(e, "data"));
}

static void test_positioned_and_vectors(void)
{
	char path[128], buf[16];
	struct iovec iov[2] = {{(void *)"vec-one", 7}, {(void *)"vec-two", 7}};
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	int fd;

	tp_in_dir(path, "io");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK(pwrite(fd, "at-five", 7, 5) == 7);
	e = tp_own(LNR_EVT_PWRITE64, t0);
	CHECK(e && tp_s64(e, "res") == 7 && tp_s64(e, "pos") == 5);
	CHECK(data_is(e, "at-five", 7));
	CHECK(pread(fd, buf, 7, 5) == 7);
	e = tp_own(LNR_EVT_PREAD64, t0);
	CHECK(e && tp_s64(e, "pos") == 5 && data_is(e, "at-five", 7));

	CHECK(writev(fd, iov, 2) == 14);
	e = tp_own(LNR_EVT_WRITEV, t0);
	CHECK(e && tp_s64(e, "res") == 14 && tp_s64(e, "iovcnt") == 2);
	CHECK(data_is(e, "vec-one", 7));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	iov[0].iov_base = buf;
	iov[0].iov_len = 4;
	CHECK(readv(fd, iov, 1) == 4);
	e = tp_own(LNR_EVT_READV, t0);
	CHECK(e && tp_s64(e, "res") == 4 && data_is(e, "vec-", 4));
	close(fd);
	unlink(path);
}

void tp_io_run(void)
{
	int p[2];

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	test_off_by_default(p[0], p[1]);
	for (size_t i = 0; i < NIO; i++)
		CHECK(tp_select(io_types[i], 1) == 0);
	test_read_write(p[0], p[1]);
	test_positioned_and_vectors();
	for (size_t i = 0; i < NIO; i++)
		tp_select(io_types[i], 0);
	close(p[0]);
	close(p[1]);
}
