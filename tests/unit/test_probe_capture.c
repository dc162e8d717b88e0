/*
 * lanner-capture as the broker runs it: given a ring, an eventfd and a
 * nanomsg channel, it says HELLO, takes its configuration, fills the ring
 * with the /proc snapshot and live events in epoch time, reports
 * statistics, and exits 0 on SHUTDOWN. Needs root; skips otherwise.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "event.h"
#include "ipc.h"
#include "msg.h"
#include "ring.h"

#define WAIT_MS 10000

static struct ring ring;
static int sock;
static char url[96], path[96];
static int seen_snapshot, seen_open, seen_drop_or_stats;
static uint64_t open_ts;
static const char *capture_log = "warning";

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t epoch_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void send_empty(enum msg_type type)
{
	uint8_t buf[64];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), type, 1);
	CHECK(msg_finish(&m) > 0);
	CHECK(ipc_send(sock, &m, 0) == 0);
}

static void send_config(void)
{
	uint8_t buf[256];
	struct msg_out m;

	send_empty(MSG_CONFIG_START);
	msg_begin(&m, buf, sizeof(buf), MSG_CONFIG_ITEM, 2);
	msg_add_str(&m, "log_level");
	msg_add_str(&m, "info");
	CHECK(msg_finish(&m) > 0);
	CHECK(ipc_send(sock, &m, 0) == 0);
	send_empty(MSG_CONFIG_END);
}

static int expect_msg(enum msg_type type)
{
	int64_t deadline = now_ms() + WAIT_MS;

	while (now_ms() < deadline) {
		const char *why;
		struct msg_in m;
		void *raw;
		unsigned t;

		if (ipc_recv(sock, &m, &raw, 100, &why) != 0)
			continue;
		t = m.hdr.type;
		ipc_free(raw);
		if (t == type)
			return 1;
	}
	return 0;
}

static void drain_ring(void)
{
	static _Alignas(8) uint8_t rec[LNR_EVT_MAX_SIZE];
	uint32_t len;
	int err;

	while ((err = ring_read(&ring, rec, sizeof(rec), &len)) == 1) {
		struct lnr_evt e;
		const char *why;
		const char *name;
		int i;

		CHECK(lnr_evt_decode(rec, len, &e, &why) == 0);
		if (e.hdr->type == LNR_EVT_PROC_SNAPSHOT &&
		    e.hdr->tid == (uint32_t)getpid())
			seen_snapshot++;
		if (e.hdr->type == LNR_EVT_OPEN &&
		    e.hdr->pid == (uint32_t)getpid()) {
			i = lnr_evt_param_index(LNR_EVT_OPEN, "name");
			name = lnr_evt_get_str(&e, (unsigned)i);
			if (name && strcmp(name, path) == 0) {
				seen_open++;
				open_ts = e.hdr->ts;
			}
		}
		if (e.hdr->type == LNR_EVT_DROP)
			seen_drop_or_stats++;
	}
	CHECK(err == 0);
}

/* Waits for records until cond holds or the time runs out. */
static int wait_ring(int wake, int *cond)
{
	int64_t deadline = now_ms() + WAIT_MS;

	while (!*cond && now_ms() < deadline) {
		struct pollfd p = {.fd = wake, .events = POLLIN};
		uint64_t v;

		if (poll(&p, 1, 100) > 0)
			CHECK(read(wake, &v, sizeof(v)) == sizeof(v));
		drain_ring();
	}
	return *cond;
}

/* The status line starting with key, or "" . */
static void status_line(pid_t pid, const char *key, char *out, size_t n)
{
	char file[64], buf[4096], *line, *save = NULL;
	FILE *f;
	size_t len;

	out[0] = '\0';
	snprintf(file, sizeof(file), "/proc/%d/status", pid);
	f = fopen(file, "r");
	if (!f)
		return;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, key, strlen(key)) == 0)
			snprintf(out, n, "%s", line);
}

/* Once capturing, it has no capability, is not root, and is sealed. */
static void check_confined(pid_t pid)
{
	char line[256];

	status_line(pid, "CapEff:", line, sizeof(line));
	CHECK(strcmp(line, "CapEff:\t0000000000000000") == 0);
	status_line(pid, "CapPrm:", line, sizeof(line));
	CHECK(strcmp(line, "CapPrm:\t0000000000000000") == 0);
	status_line(pid, "Uid:", line, sizeof(line));
	CHECK(line[0] && strncmp(line, "Uid:\t0\t", 7) != 0);
	status_line(pid, "NoNewPrivs:", line, sizeof(line));
	CHECK(strcmp(line, "NoNewPrivs:\t1") == 0);
	status_line(pid, "Seccomp:", line, sizeof(line));
	CHECK(strcmp(line, "Seccomp:\t2") == 0);
}

static pid_t spawn(const char *bin, int ring_fd, int wake)
{
	char rfd[16], wfd[16];
	pid_t pid;

	snprintf(rfd, sizeof(rfd), "%d", ring_fd);
	snprintf(wfd, sizeof(wfd), "%d", wake);
	pid = fork();
	if (pid == 0) {
		fcntl(ring_fd, F_SETFD, 0);
		fcntl(wake, F_SETFD, 0);
		execl(bin, bin, "--ring-fd", rfd, "--wake-fd", wfd, "--ctl",
		      url, "--log-level", capture_log, NULL);
		_exit(126);
	}
	return pid;
}

static int wait_exit_(pid_t pid, int *status);
static int wait_exit(pid_t pid, int *status)
{
	int r = wait_exit_(pid, status);

	if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
		fprintf(stderr, "  lanner-capture ended with status 0x%x\n",
			*status);
	return r;
}

static int wait_exit_(pid_t pid, int *status)
{
	int64_t deadline = now_ms() + WAIT_MS;

	while (now_ms() < deadline) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		poll(NULL, 0, 20);
	}
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return 0;
}

int main(void)
{
	const char *bin = getenv("LNR_CAPTURE_BIN");

#ifdef LNR_SANITIZERS
	/* The sanitizer runtime's exit work is not in capture's allowlist. */
	printf("SKIP: a sandboxed lanner-capture cannot host the sanitizer "
	       "runtime\n");
	return 77;
#endif

	if (getenv("LNR_CAPTURE_LOG"))
		capture_log = getenv("LNR_CAPTURE_LOG");
	int ring_fd, wake, status, fd;
	uint64_t t0;
	pid_t pid;

	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		printf("SKIP: needs root and kernel BTF\n");
		return 77;
	}
	if (!bin)
		bin = "capture/lanner-capture";
	snprintf(url, sizeof(url), "ipc:///tmp/lnr-cap-test-%d.ipc", getpid());
	snprintf(path, sizeof(path), "/tmp/lnr-cap-test-%d", getpid());
	ring_fd = ring_create(1u << 22);
	CHECK(ring_fd >= 0 && ring_map(&ring, ring_fd, 0) == 0);
	wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	sock = ipc_listen(url);
	CHECK(wake >= 0 && sock >= 0);

	pid = spawn(bin, ring_fd, wake);
	CHECK(expect_msg(MSG_HELLO));
	send_config();
	CHECK(wait_ring(wake, &seen_snapshot));
	CHECK(seen_snapshot == 1);

	/* A live event, in epoch time. */
	t0 = epoch_ns();
	fd = (int)syscall(SYS_open, path, O_WRONLY | O_CREAT, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(wait_ring(wake, &seen_open));
	CHECK(open_ts >= t0 && open_ts <= epoch_ns());
	CHECK(expect_msg(MSG_STATS));
	check_confined(pid);

	send_empty(MSG_SHUTDOWN);
	CHECK(wait_exit(pid, &status));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* SIGTERM ends it cleanly too. */
	pid = spawn(bin, ring_fd, wake);
	CHECK(expect_msg(MSG_HELLO));
	send_config();
	seen_snapshot = 0;
	CHECK(wait_ring(wake, &seen_snapshot));
	kill(pid, SIGTERM);
	CHECK(wait_exit(pid, &status));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	unlink(path);
	ipc_close(sock);
	ring_unmap(&ring);
	return check_done();
}
