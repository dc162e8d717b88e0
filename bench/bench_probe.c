/*
 * Cost of the probe on the syscalls it watches, per event family: ns per
 * syscall with no probe, with the probe attached but the family's events
 * not selected (filtered in the kernel), and with them emitted and
 * drained by a reader thread every 2 ms, as lanner-capture drains. A
 * workload whose events the probe drops by their arguments (mmap without
 * PROT_EXEC, fcntl F_GETFL) shows that check's cost in the emitted
 * column. Median of 5 runs. Needs root.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <liburing.h>

#include "syscall_abi.h"
#include "log.h"
#include "probe_load.h"

#define RUNS 5
#define MAX_TYPES 16

/* One workload: a loop body making `syscalls` calls of its family. */
struct family {
	const char *name;
	int loops;			    /* per run */
	int syscalls;			    /* per loop */
	enum lnr_evt_type types[MAX_TYPES]; /* the family, NONE-ended */
	void (*setup)(void);
	void (*body)(void);
	void (*teardown)(void);
	double ns[3];		 /* none, filtered, emitted */
	uint64_t drops;		 /* kernel drops while emitted */
	unsigned long long recs; /* records read while emitted */
};

static struct probe_ctx probe;
static atomic_int reading;
static atomic_ullong records;

static int count(void *arg, const void *rec, size_t len)
{
	records++;
	return 0;
}

static void *reader(void *arg)
{
	while (atomic_load(&reading)) {
		poll(NULL, 0, 2);
		probe_poll(&probe, 0);
	}
	return NULL;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void open_close(void)
{
	close((int)syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY));
}

/* Network: a UDP pair on loopback, a TCP listener, one socket for
 * getsockopt. */
static int udp_a = -1, udp_b = -1, tcp_srv = -1;
static struct sockaddr_in tcp_addr;

static void __attribute__((noreturn)) die(const char *what)
{
	perror(what);
	exit(1);
}

static int loopback_socket(int type, struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a->sin_port = 0;
	if (fd < 0 || bind(fd, (struct sockaddr *)a, sizeof(*a)) != 0 ||
	    getsockname(fd, (struct sockaddr *)a, &len) != 0)
		die("bench_probe: loopback socket");
	return fd;
}

static void net_setup(void)
{
	struct sockaddr_in a, b;

	udp_a = loopback_socket(SOCK_DGRAM, &a);
	udp_b = loopback_socket(SOCK_DGRAM, &b);
	if (connect(udp_a, (struct sockaddr *)&b, sizeof(b)) != 0)
		die("bench_probe: connect");
	tcp_srv = loopback_socket(SOCK_STREAM, &tcp_addr);
	if (listen(tcp_srv, 64) != 0)
		die("bench_probe: listen");
}

static void net_teardown(void)
{
	close(udp_a);
	close(udp_b);
	close(tcp_srv);
}

static void udp_send_recv(void)
{
	char c = 'x';

	if (sendto(udp_a, &c, 1, 0, NULL, 0) != 1 ||
	    recvfrom(udp_b, &c, 1, 0, NULL, NULL) != 1)
		die("bench_probe: UDP");
}

static void so_error(void)
{
	int err;
	socklen_t len = sizeof(err);

	if (getsockopt(udp_a, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		die("bench_probe: getsockopt");
}

/* socket, connect, accept4 and two closes (close is not a network
 * event: emitted in both modes). */
static void tcp_connect_accept(void)
{
	int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), s;

	if (connect(c, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr)) != 0)
		die("bench_probe: TCP connect");
	s = accept4(tcp_srv, NULL, NULL, SOCK_CLOEXEC);
	if (s < 0)
		die("bench_probe: accept4");
	close(s);
	close(c);
}

#define NET_TYPES                                                              \
	{                                                                      \
		LNR_EVT_SOCKET, LNR_EVT_SOCKETPAIR, LNR_EVT_CONNECT,           \
		    LNR_EVT_ACCEPT, LNR_EVT_ACCEPT4, LNR_EVT_BIND,             \
		    LNR_EVT_LISTEN, LNR_EVT_SHUTDOWN, LNR_EVT_SENDTO,          \
		    LNR_EVT_SENDMSG, LNR_EVT_RECVFROM, LNR_EVT_RECVMSG,        \
		    LNR_EVT_GETSOCKOPT                                         \
	}

/* Files: a mode change on a file of our own. */
static char tmpfile_[] = "/tmp/bench_probe.XXXXXX";

static void file_setup(void)
{
	int fd = mkstemp(tmpfile_);

	if (fd < 0)
		die("bench_probe: mkstemp");
	close(fd);
}

static void file_teardown(void)
{
	unlink(tmpfile_);
	snprintf(tmpfile_, sizeof(tmpfile_), "/tmp/bench_probe.XXXXXX");
}

static void chmod_file(void)
{
	syscall(SYS_fchmodat, AT_FDCWD, tmpfile_, 0600, 0);
}

/* Identity: a query that changes nothing. */
static void setresuid_query(void)
{
	syscall(SYS_setresuid, -1, -1, -1);
}

/* 32-bit: open+close through int $0x80, with the path below 4 GiB. */
static char *low_path;

static void low_setup(void)
{
	low_path = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low_path == MAP_FAILED)
		die("bench_probe: mmap");
	snprintf(low_path, 4096, "/etc/hostname");
}

static void low_teardown(void)
{
	munmap(low_path, 4096);
}

static void open_close32(void)
{
	syscall_abi_int80(
	    6 /* close */,
	    syscall_abi_int80(5 /* open */, (long)low_path, O_RDONLY, 0, 0), 0,
	    0, 0);
}

/* io_uring: openat and close submitted through a ring. */
static struct io_uring ring;

static void ring_setup(void)
{
	if (io_uring_queue_init(8, &ring, 0) != 0)
		die("bench_probe: io_uring_queue_init");
}

static void ring_teardown(void)
{
	io_uring_queue_exit(&ring);
}

/* Submits what was prepared and waits for its result. */
static int ring_run(void)
{
	struct io_uring_cqe *cqe = NULL;
	int res;

	if (io_uring_submit(&ring) != 1 || io_uring_wait_cqe(&ring, &cqe))
		die("bench_probe: io_uring");
	res = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	return res;
}

static void ring_open_close(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	int fd;

	io_uring_prep_openat(sqe, AT_FDCWD, "/etc/hostname", O_RDONLY, 0);
	fd = ring_run();
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_close(sqe, fd);
	ring_run();
}

/* io_uring: a read of a small file through a ring, its data included
 * when emitted. */
static int ring_file = -1;

static void ring_read_setup(void)
{
	ring_setup();
	ring_file = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	if (ring_file < 0)
		die("bench_probe: open");
}

static void ring_read_teardown(void)
{
	close(ring_file);
	ring_teardown();
}

static void ring_read(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	char buf[64];

	io_uring_prep_read(sqe, ring_file, buf, sizeof(buf), 0);
	if (ring_run() < 0)
		die("bench_probe: io_uring read");
}

/* Descriptors and memory: dup2 onto one fd again and again, fcntl on a
 * file, an anonymous mapping made and removed. */
#define DUP_TARGET 900
static int bench_fd = -1;

static void fd_setup(void)
{
	bench_fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	if (bench_fd < 0)
		die("bench_probe: open");
}

static void fd_teardown(void)
{
	close(DUP_TARGET);
	close(bench_fd);
}

static void dup2_loop(void)
{
	syscall(SYS_dup2, bench_fd, DUP_TARGET);
}

static void fcntl_setfl(void)
{
	syscall(SYS_fcntl, bench_fd, F_SETFL, O_NONBLOCK);
}

static void fcntl_getfl(void)
{
	syscall(SYS_fcntl, bench_fd, F_GETFL);
}

static void map_unmap(int prot)
{
	long len = getpagesize();

	syscall(
	    SYS_munmap,
	    syscall(SYS_mmap, 0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
	    len);
}

static void mmap_exec(void)
{
	map_unmap(PROT_READ | PROT_EXEC);
}

static void mmap_read(void)
{
	map_unmap(PROT_READ);
}

#define FAMILY(n, l, c, t, s, b, d)                                            \
	{                                                                      \
		.name = n, .loops = l, .syscalls = c, .types = t, .setup = s,  \
		.body = b, .teardown = d                                       \
	}
#define OPEN_CLOSE_TYPES                                                       \
	{                                                                      \
		LNR_EVT_OPEN, LNR_EVT_OPENAT, LNR_EVT_CLOSE                    \
	}
#define OPEN_CLOSE_IOU_TYPES                                                   \
	{                                                                      \
		LNR_EVT_IOU_OPENAT, LNR_EVT_IOU_CLOSE                          \
	}

static struct family families[] = {
    FAMILY("open+close", 300000, 2, OPEN_CLOSE_TYPES, NULL, open_close, NULL),
    FAMILY("network: UDP sendto+recvfrom", 300000, 2, NET_TYPES, net_setup,
	   udp_send_recv, net_teardown),
    FAMILY("network: getsockopt(SO_ERROR)", 300000, 1, NET_TYPES, net_setup,
	   so_error, net_teardown),
    FAMILY("network: TCP socket+connect+accept4+2 close", 5000, 5, NET_TYPES,
	   net_setup, tcp_connect_accept, net_teardown),
    FAMILY("descriptors: dup2", 300000, 1, {LNR_EVT_DUP2}, fd_setup, dup2_loop,
	   fd_teardown),
    FAMILY("descriptors: fcntl F_SETFL", 300000, 1, {LNR_EVT_FCNTL}, fd_setup,
	   fcntl_setfl, fd_teardown),
    FAMILY("descriptors: fcntl F_GETFL (dropped)", 300000, 1, {LNR_EVT_FCNTL},
	   fd_setup, fcntl_getfl, fd_teardown),
    FAMILY("memory: mmap PROT_EXEC + munmap", 100000, 2, {LNR_EVT_MMAP}, NULL,
	   mmap_exec, NULL),
    FAMILY("memory: mmap PROT_READ + munmap (dropped)", 100000, 2,
	   {LNR_EVT_MMAP}, NULL, mmap_read, NULL),
    FAMILY("files: fchmodat", 300000, 1, {LNR_EVT_FCHMODAT}, file_setup,
	   chmod_file, file_teardown),
    FAMILY("identity: setresuid(-1, -1, -1)", 300000, 1, {LNR_EVT_SETRESUID},
	   NULL, setresuid_query, NULL),
    FAMILY("32-bit: open+close (int $0x80)", 300000, 2, OPEN_CLOSE_TYPES,
	   low_setup, open_close32, low_teardown),
    FAMILY("io_uring: openat+close (2 enter calls)", 100000, 2,
	   OPEN_CLOSE_IOU_TYPES, ring_setup, ring_open_close, ring_teardown),
    FAMILY("io_uring: read (1 enter call)", 300000, 1, {LNR_EVT_IOU_READ},
	   ring_read_setup, ring_read, ring_read_teardown),
};
#define NFAMILIES (sizeof(families) / sizeof(families[0]))
static size_t nfamilies = NFAMILIES; /* those this kernel can run */

/* The 32-bit family goes where the kernel has no int $0x80. */
static void families_here(void)
{
	size_t n = 0;

	for (size_t i = 0; i < NFAMILIES; i++)
		if (families[i].body != open_close32 || syscall_abi_ia32() == 1)
			families[n++] = families[i];
		else
			printf("skipped: %s (no 32-bit syscalls in this "
			       "kernel)\n",
			       families[i].name);
	nfamilies = n;
}

/* ns per syscall of one run. */
static double once(const struct family *f)
{
	double t0;

	if (f->setup)
		f->setup();
	t0 = now_ns();
	for (int i = 0; i < f->loops; i++)
		f->body();
	t0 = (now_ns() - t0) / ((double)f->loops * f->syscalls);
	if (f->teardown)
		f->teardown();
	return t0;
}

static double median(double *t)
{
	qsort(t, RUNS, sizeof(*t), cmp);
	return t[RUNS / 2];
}

static void select_family(const struct family *f, int on)
{
	for (int i = 0; i < MAX_TYPES && f->types[i] != LNR_EVT_NONE; i++)
		probe_set_event(&probe, f->types[i], on);
}

/* One emitted run, with the records and drops it saw. */
static double once_emitted(struct family *f)
{
	uint64_t drops = probe_kernel_drops(&probe, NULL, NULL);
	unsigned long long recs = atomic_load(&records);
	double ns;

	select_family(f, 1);
	ns = once(f);
	f->drops += probe_kernel_drops(&probe, NULL, NULL) - drops;
	f->recs += atomic_load(&records) - recs;
	return ns;
}

/*
 * Filtered and emitted runs alternate, so load from elsewhere on the
 * host weighs on both alike; the reader drains throughout, as it does
 * in lanner-capture.
 */
static void run_attached(void)
{
	double t[NFAMILIES][2][RUNS];
	pthread_t th;

	atomic_store(&reading, 1);
	pthread_create(&th, NULL, reader, NULL);
	for (int r = 0; r < RUNS; r++)
		for (size_t i = 0; i < nfamilies; i++) {
			select_family(&families[i], 0);
			t[i][0][r] = once(&families[i]);
			t[i][1][r] = once_emitted(&families[i]);
		}
	atomic_store(&reading, 0);
	pthread_join(th, NULL);
	probe_poll(&probe, 0);
	for (size_t i = 0; i < nfamilies; i++) {
		families[i].ns[1] = median(t[i][0]);
		families[i].ns[2] = median(t[i][1]);
	}
}

int main(void)
{
	double none[NFAMILIES][RUNS];

	log_init("bench_probe", LOG_LVL_WARN);
	families_here();
	for (int r = 0; r < RUNS; r++)
		for (size_t i = 0; i < nfamilies; i++)
			none[i][r] = once(&families[i]);
	for (size_t i = 0; i < nfamilies; i++)
		families[i].ns[0] = median(none[i]);
	if (probe_load(&probe, 0, count, NULL) != 0) {
		fprintf(stderr, "cannot load the probe (root needed)\n");
		return 77;
	}
	run_attached();
	/* Records and drops are the whole host's while the family was
	 * emitted: every process's events of every enabled family. */
	printf("ns per syscall (median of %d runs; filtered and emitted "
	       "runs alternate)\n",
	       RUNS);
	printf("  %-44s %8s %9s %8s %10s %8s\n", "workload", "no probe",
	       "filtered", "emitted", "records", "drops");
	for (size_t i = 0; i < nfamilies; i++)
		printf("  %-44s %8.0f %9.0f %8.0f %10llu %8llu\n",
		       families[i].name, families[i].ns[0], families[i].ns[1],
		       families[i].ns[2], families[i].recs,
		       (unsigned long long)families[i].drops);
	probe_unload(&probe);
	return 0;
}
