/*
 * The probe's open filter (capture/probe_open.bpf.h) against its model,
 * openfilter_match: paths whose dots, double slashes and last component
 * fall at every byte of the probe's 8-byte scan are opened for real, and
 * each must be recorded exactly when the model says so. A record the
 * model does not want is a cost; a missing one would hide an alert. A
 * directory judged barren under one filter is not under the next.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "log.h"
#include "openfilter.h"
#include "probe_load.h"

#define MAX_PATHS 1024
#define WAIT_MS 3000

static struct probe_ctx probe;
static char dir[32];
static char *paths[MAX_PATHS];
static unsigned char want_write[MAX_PATHS], seen[MAX_PATHS];
static size_t npaths;
static int sentinel_seen, reload_seen;

/* The sentinel is relative: every filter records it. */
#define SENTINEL "lanner-openfilter-sentinel"
/* A file opened through a directory fd across a filter change. */
#define RELOAD_NAME "lanner-reload"

static int keep(void *arg, const void *rec, size_t len)
{
	struct lnr_evt e;
	const char *why, *name;
	int i;

	(void)arg;
	if (lnr_evt_decode(rec, len, &e, &why) != 0 ||
	    e.hdr->type != LNR_EVT_OPENAT || e.hdr->pid != (uint32_t)getpid())
		return 0;
	i = lnr_evt_param_index(LNR_EVT_OPENAT, "name");
	name = i < 0 ? NULL : lnr_evt_get_str(&e, (unsigned)i);
	if (!name)
		return 0;
	if (strcmp(name, SENTINEL) == 0)
		sentinel_seen = 1;
	if (strcmp(name, RELOAD_NAME) == 0)
		reload_seen++;
	for (size_t k = 0; k < npaths; k++)
		if (strcmp(name, paths[k]) == 0)
			seen[k] = 1;
	return 0;
}

static void add(int write, const char *fmt, const char *a, const char *b)
{
	char p[512];

	if (npaths >= MAX_PATHS)
		return;
	snprintf(p, sizeof(p), fmt, dir, a, b);
	want_write[npaths] = (unsigned char)write;
	paths[npaths++] = strdup(p);
}

/* Creates every directory on the way to path, then the file. */
static void make_file(const char *path)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	if (fd >= 0)
		close(fd);
}

/* Paths of every shape, the interesting byte at each offset mod 8; no
 * path is opened twice, so each record names its open. */
static void corpus(void)
{
	static const char *const tails[] = {
	    "f",	 "id_rsa",  "id_rsa.pub", "k",	  "kk",
	    "./f",	 "/f",	    "../w/f",	  ".h",	  "a..b",
	    "x/../e/ex", "e/exact", "w/f",	  "wr/f", "x.y/f",
	    "f.",	 "..f",	    "x/id_rsa",	  "x/.k"};
	char pad[24], wpad[24], long_dir[300] = "";

	for (size_t n = 1; n <= 16; n++) {
		memset(pad, 'p', n);
		pad[n] = '\0';
		memset(wpad, 'q', n); /* the same shapes, opened to write */
		wpad[n] = '\0';
		for (size_t t = 0; t < sizeof(tails) / sizeof(*tails); t++) {
			add(0, "%s/%s/%s", pad, tails[t]);
			add(1, "%s/%s/%s", wpad, tails[t]);
		}
		add(0, "%s/w/%s/%s", pad, "f");
		add(0, "%s/e/%sexact", pad, "");
		add(1, "%s/wr/%s/f", pad, "");
	}
	add(0, "%s/e/exact%s%s", "", "");
	add(0, "%s/e/exactx%s%s", "", "");
	add(0, "%s/w%s%s", "", "");
	add(1, "%s/wr/f%s%s", "", "");
	add(0, "%s/wr/g%s%s", "", "");
	/* Too long to compare: recorded. */
	memset(long_dir, 'l', sizeof(long_dir) - 1);
	for (size_t i = 16; i < sizeof(long_dir) - 1; i += 16)
		long_dir[i] = '/';
	add(0, "%s/%s/%s", long_dir, "f");
}

/* Entries below base: the corpus's own folder, or one elsewhere so that
 * no path of the corpus starts as an entry does (then only basenames and
 * unplain paths are recorded, without a lookup of the path map). */
static void set_filter(struct openfilter *f, const char *base)
{
	char s[128];

	openfilter_init(f);
	snprintf(s, sizeof(s), "%s/w/", base);
	openfilter_add(f, OPENFILTER_PREFIX, OPENFILTER_ANY, s, strlen(s));
	snprintf(s, sizeof(s), "%s/wr/", base);
	openfilter_add(f, OPENFILTER_PREFIX, OPENFILTER_WRITE, s, strlen(s));
	snprintf(s, sizeof(s), "%s/e/exact", base);
	openfilter_add(f, OPENFILTER_EXACT, OPENFILTER_ANY, s, strlen(s));
	openfilter_add(f, OPENFILTER_BASENAME, OPENFILTER_ANY, "id_rsa", 6);
	openfilter_add(f, OPENFILTER_BASENAME, OPENFILTER_ANY, "k", 1);
	CHECK(probe_openfilter_set(&probe, f) == 0);
}

/* Waits for the sentinel's record: every record before it is in. */
static void sync_records(void)
{
	sentinel_seen = 0;
	close(open(SENTINEL, O_RDONLY | O_CREAT, 0600));
	for (int waited = 0; !sentinel_seen && waited < WAIT_MS; waited += 10)
		probe_poll(&probe, 10);
	CHECK(sentinel_seen);
	unlink(SENTINEL);
}

static void open_all(void)
{
	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < npaths; i++) {
		int fd = open(paths[i], want_write[i] ? O_WRONLY : O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
	sync_records();
}

/*
 * A directory left out as barren (nothing below it named) stays open
 * while the filter changes to name a file in it: the file's open
 * through it is recorded, the mark of the old filter void.
 */
static void test_reload(void)
{
	char sub[64], file[96];
	struct openfilter f;
	int dfd;

	snprintf(sub, sizeof(sub), "%s/ppp", dir);
	snprintf(file, sizeof(file), "%s/" RELOAD_NAME, sub);
	make_file(file);
	set_filter(&f, "/var/lanner-none");
	openfilter_free(&f);
	dfd = open(sub, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	close(openat(dfd, RELOAD_NAME, O_RDONLY | O_NOFOLLOW));
	sync_records();
	CHECK(reload_seen == 0); /* judged by its name: left out */
	openfilter_init(&f);
	openfilter_add(&f, OPENFILTER_EXACT, OPENFILTER_ANY, file,
		       strlen(file));
	CHECK(probe_openfilter_set(&probe, &f) == 0);
	openfilter_free(&f);
	close(openat(dfd, RELOAD_NAME, O_RDONLY | O_NOFOLLOW));
	sync_records();
	CHECK(reload_seen == 1);
	close(dfd);
}

/* Every path of the corpus opened under the filter of entries below
 * base, each recorded exactly when the model says so. */
static void run(const char *base)
{
	struct openfilter f;
	size_t kept = 0, left = 0;

	set_filter(&f, base);
	open_all();
	for (size_t i = 0; i < npaths; i++) {
		int want = openfilter_match(&f, paths[i], want_write[i]);

		if (want != seen[i])
			fprintf(stderr, "%s (%s): %s, the model says %s\n",
				paths[i], want_write[i] ? "write" : "read",
				seen[i] ? "recorded" : "left out",
				want ? "recorded" : "left out");
		CHECK(want == seen[i]);
		kept += seen[i];
		left += !seen[i];
	}
	printf("entries below %s: %zu opens, %zu recorded, %zu left out\n",
	       base, npaths, kept, left);
	/* Both kinds are there: the filter was on. */
	CHECK(kept > 0 && left > 0);
	openfilter_free(&f);
}

int main(void)
{
	char cmd[64];

	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		printf("SKIP: needs root and kernel BTF\n");
		return 77;
	}
	log_init("test_probe_openfilter", LOG_LVL_WARN);
	snprintf(dir, sizeof(dir), "/tmp/lnr-pof.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	CHECK(chdir(dir) == 0);
	corpus();
	for (size_t i = 0; i < npaths; i++)
		make_file(paths[i]);
	CHECK(probe_load(&probe, 0, keep, NULL) == 0);
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		probe_set_event(&probe, t, t == LNR_EVT_OPENAT);
	run(dir);
	run("/var/lanner-none");
	test_reload();
	probe_unload(&probe);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	return check_done();
}
