/*
 * lanner-snapshot --ring-fd N: writes what /proc shows of every process,
 * thread and open file into the ring memfd N and exits. The broker runs it
 * for each engine it restarts, so the new engine knows the processes that
 * ran before it while capture goes on capturing. It runs as root to read
 * every process, under its own seccomp table: it can read /proc and write
 * the ring, nothing else. 0 on success, 1 if /proc could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "log.h"
#include "proc_snapshot.h"
#include "pump.h"
#include "ring.h"
#include "sandbox.h"

static const struct sc_rule snapshot_allow[] = {
    SC_ALLOW(openat), /* relative to /proc and each process's folder */
    SC_ALLOW(getdents64),
    SC_ALLOW(readlinkat),
    SC_ALLOW(newfstatat),
    SC_ALLOW(fstat),
    SC_ALLOW(fstatfs),
    SC_ALLOW(lseek),
    SC_ALLOW_MASK(fcntl, 1, ~0ul, F_SETFD), /* fdopendir marks close-on-exec */
};

static int parse_args(int argc, char **argv)
{
	char *end;
	long fd;

	if (argc != 3 || strcmp(argv[1], "--ring-fd") != 0)
		fatal("usage: lanner-snapshot --ring-fd N");
	fd = strtol(argv[2], &end, 10);
	if (!*argv[2] || *end || fd <= 2 || fd > 65535)
		fatal("not a descriptor: %s", argv[2]);
	return (int)fd;
}

int main(int argc, char **argv)
{
	struct proc_snapshot_stats st;
	struct ring ring;
	struct pump pump;
	int fd, err;

	log_init("lanner-snapshot", LOG_LVL_INFO);
	fd = parse_args(argc, argv);
	if ((err = ring_map(&ring, fd, RING_PRODUCER)) < 0)
		fatal("cannot map the ring: %s", strerror(-err));
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	err = sandbox_apply_process(
	    snapshot_allow, sizeof(snapshot_allow) / sizeof(*snapshot_allow),
	    sandbox_debug_requested());
	if (err < 0)
		fatal("seccomp: %s", strerror(-err));
	pump_init(&pump, &ring, -1);
	if (proc_snapshot("/proc", pump_record, &pump, &st) < 0)
		fatal("cannot read /proc: %s", strerror(errno));
	log_info("snapshot: %llu threads, %llu files, %llu vanished, "
		 "%llu did not fit",
		 (unsigned long long)st.threads, (unsigned long long)st.fds,
		 (unsigned long long)st.failed,
		 (unsigned long long)pump.ring_drops);
	ring_unmap(&ring);
	return 0;
}
