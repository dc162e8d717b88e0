/*
 * iou_open PATH [async]: opens PATH for reading and reads its first
 * bytes through io_uring only, never through open(2) or read(2), for
 * iouring.sh. "async" forces the work onto a kernel worker thread.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include <liburing.h>

static int run(struct io_uring *ring, struct io_uring_sqe *sqe, int async)
{
	struct io_uring_cqe *cqe;
	int res;

	if (async)
		io_uring_sqe_set_flags(sqe, IOSQE_ASYNC);
	if (io_uring_submit(ring) != 1 || io_uring_wait_cqe(ring, &cqe))
		return -1;
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

int main(int argc, char **argv)
{
	int async = argc > 2 && !strcmp(argv[2], "async");
	struct io_uring_sqe *sqe;
	struct io_uring ring;
	char buf[64];
	int fd, n;

	if (argc < 2 || io_uring_queue_init(4, &ring, 0)) {
		fprintf(stderr,
			"usage: iou_open PATH [async] (needs io_uring)\n");
		return 2;
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, argv[1], O_RDONLY, 0);
	fd = run(&ring, sqe, async);
	if (fd < 0) {
		fprintf(stderr, "iou_open: %s: %s\n", argv[1], strerror(-fd));
		return 1;
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fd, buf, sizeof(buf), 0);
	n = run(&ring, sqe, async);
	io_uring_queue_exit(&ring);
	return n < 0;
}
