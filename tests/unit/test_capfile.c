/*
 * Capture files: what the writer writes the reader reads back, record
 * for record; a newer schema or format is refused naming both versions;
 * damaged, cut and hostile files are skipped where they cannot be
 * trusted, counted, and reported with the byte offset and block.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "common/capfile.h"
#include "common/crc32c.h"
#include "common/event.h"

#define NSNAP 50
#define NEVT 4000

static char warned[4096];
static int nwarned;

static void on_warn(void *arg, const char *msg)
{
	(void)arg;
	size_t n = strlen(warned);

	/* Every warning, one a line. */
	nwarned++;
	snprintf(warned + n, sizeof(warned) - n, "%s\n", msg);
}

/* Record i: an OPENAT with a path whose length varies with i. */
static int make_record(uint8_t *buf, size_t cap, unsigned i)
{
	struct lnr_pval v[LNR_NPARAMS_OPENAT] = {0};
	struct lnr_evt_builder b;
	char path[300];

	snprintf(
	    path, sizeof(path), "/tmp/file-%u-%.*s", i, (int)(i % 200),
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	lnr_evtb_init(&b, buf, cap, LNR_EVT_OPENAT, 1000 + i, 100 + i, 100);
	v[LNR_PI_OPENAT_fd] = LNR_PV_NUM(3);
	v[LNR_PI_OPENAT_name] = LNR_PV_STR(path);
	lnr_evtb_add_vals(&b, v, LNR_NPARAMS_OPENAT);
	return lnr_evtb_finish(&b);
}

/* A memfd holding a file of NSNAP snapshot then NEVT event records;
 * the writer's stats in *w. */
static int make_file(struct capfile_writer *w, uint32_t schema)
{
	int fd = memfd_create("capfile", MFD_CLOEXEC);
	struct capfile_meta m;
	struct conf cf;
	uint8_t rec[1024];

	conf_init(&cf);
	conf_add(&cf, "capture.enabled", "true");
	conf_add(&cf, "rules_files.0", "/etc/lanner/rules.yaml");
	capfile_meta_local(&m);
	m.schema_version = schema;
	CHECK(capfile_writer_open(w, fd, &m, &cf) == 0);
	for (unsigned i = 0; i < NSNAP + NEVT; i++) {
		int len = make_record(rec, sizeof(rec), i);

		CHECK(len > 0);
		CHECK(capfile_write(
			  w, i < NSNAP ? CAPFILE_SNAPSHOT : CAPFILE_EVENTS, rec,
			  (size_t)len) == 0);
	}
	CHECK(capfile_writer_close(w) == 0);
	conf_free(&cf);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Reads fd to the end; the records in *n, how many were record i. */
static unsigned read_all(int fd, struct capfile_reader *r, unsigned *n)
{
	unsigned good = 0;
	const void *rec;
	enum capfile_kind kind;
	size_t len;
	int k;

	*n = 0;
	while ((k = capfile_next(r, &rec, &len, &kind)) == 1) {
		/* Records sit unaligned in a block: decoded from a copy. */
		static uint64_t copy[8192]; /* 64 KiB: more than a record */
		struct lnr_evt evt;
		const char *why;
		char want[300];

		(*n)++;
		if (len > sizeof(copy))
			continue;
		memcpy(copy, rec, len);
		if (lnr_evt_decode(copy, len, &evt, &why) != 0)
			continue;
		snprintf(want, sizeof(want), "/tmp/file-%u-",
			 (unsigned)(evt.hdr->tid - 100));
		if (strncmp(lnr_evt_get_str(&evt, LNR_PI_OPENAT_name), want,
			    strlen(want)) == 0 &&
		    evt.hdr->ts == 1000 + evt.hdr->tid - 100 &&
		    kind == (evt.hdr->tid - 100 < NSNAP ? CAPFILE_SNAPSHOT
							: CAPFILE_EVENTS))
			good++;
	}
	CHECK(k == 0);
	(void)fd;
	return good;
}

static void test_crc(void)
{
	/* The standard check value of CRC-32C. */
	CHECK(crc32c(0, "123456789", 9) == 0xe3069283u);
	CHECK(crc32c(crc32c(0, "1234", 4), "56789", 5) == 0xe3069283u);
	CHECK(crc32c(0, "", 0) == 0);
}

static void test_round_trip(void)
{
	struct capfile_writer w;
	struct capfile_reader r;
	int fd = make_file(&w, LNR_SCHEMA_VERSION);
	unsigned n;

	CHECK(w.blocks > 3); /* META, SNAPSHOT and several EVENTS */
	CHECK(w.records == NSNAP + NEVT);
	CHECK(capfile_reader_open(&r, fd, "t.lcap", on_warn, NULL) == 0);
	CHECK(r.meta.schema_version == LNR_SCHEMA_VERSION);
	CHECK(r.meta.format_version == CAPFILE_FORMAT_VERSION);
	CHECK(r.meta.hostname[0] != '\0' && r.meta.kernel[0] != '\0');
	CHECK(r.meta.boot_time_ns > 0 &&
	      r.meta.boot_time_ns < r.meta.created_ns);
	CHECK(strcmp(conf_get(&r.conf, "capture.enabled", ""), "true") == 0);
	CHECK(r.conf.n == 2);
	nwarned = 0;
	warned[0] = '\0';
	CHECK(read_all(fd, &r, &n) == NSNAP + NEVT);
	CHECK(n == NSNAP + NEVT);
	CHECK(r.st.corrupt_blocks == 0 && r.st.skipped_bytes == 0 &&
	      !r.st.truncated && nwarned == 0);
	CHECK(r.st.blocks == w.blocks - 1);
	capfile_reader_close(&r);
	close(fd);
}

/* The file's bytes, to damage and put back in a fresh memfd. */
static uint8_t *slurp(int fd, size_t *len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	uint8_t *p = malloc((size_t)end);

	*len = (size_t)end;
	CHECK(pread(fd, p, *len, 0) == (ssize_t)*len);
	return p;
}

static int memfd_of(const uint8_t *p, size_t len)
{
	int fd = memfd_create("damaged", MFD_CLOEXEC);

	CHECK(write(fd, p, len) == (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Byte offset of record block number seq (1, 2, ...). */
static size_t block_at(const uint8_t *p, size_t len, uint32_t seq)
{
	size_t off = sizeof(struct capfile_preamble);

	while (off + sizeof(struct capfile_block_hdr) <= len) {
		struct capfile_block_hdr h;

		memcpy(&h, p + off, sizeof(h));
		if (h.seq == seq && h.kind != CAPFILE_META)
			return off;
		off += sizeof(h) + ((h.len + 7u) & ~7u);
	}
	return 0;
}

static int open_damaged(const uint8_t *p, size_t len, struct capfile_reader *r)
{
	int fd = memfd_of(p, len);

	nwarned = 0;
	warned[0] = '\0';
	CHECK(capfile_reader_open(r, fd, "bad.lcap", on_warn, NULL) == 0);
	return fd;
}

static void test_corrupt_payload(void)
{
	struct capfile_writer w;
	struct capfile_reader r;
	size_t len, off;
	uint8_t *p = slurp(make_file(&w, LNR_SCHEMA_VERSION), &len);
	char want[96];
	unsigned n, good;
	int fd;

	off = block_at(p, len, 3);
	CHECK(off > 0);
	p[off + sizeof(struct capfile_block_hdr) + 100] ^= 0x40;
	fd = open_damaged(p, len, &r);
	good = read_all(fd, &r, &n);
	CHECK(r.st.corrupt_blocks == 1);
	CHECK(good == n && n < NSNAP + NEVT && n > NSNAP);
	snprintf(want, sizeof(want), "block 3 at byte %zu: checksum mismatch",
		 off);
	CHECK(strstr(warned, want) != NULL);
	CHECK(strstr(warned, "resumed at block 4") != NULL);
	CHECK(r.st.skipped_bytes > 0);
	capfile_reader_close(&r);
	close(fd);
	free(p);
}

static void test_bad_header_resync(void)
{
	struct capfile_writer w;
	struct capfile_reader r;
	size_t len, off;
	uint8_t *p = slurp(make_file(&w, LNR_SCHEMA_VERSION), &len);
	unsigned n, good;
	int fd;

	off = block_at(p, len, 2);
	CHECK(off > 0);
	memset(p + off, 0xee, 12); /* magic, kind, seq */
	fd = open_damaged(p, len, &r);
	good = read_all(fd, &r, &n);
	CHECK(r.st.corrupt_blocks == 1);
	CHECK(good == n && n > NSNAP && n < NSNAP + NEVT);
	CHECK(r.st.blocks == w.blocks - 2);
	CHECK(strstr(warned, "resumed at block 3") != NULL);
	capfile_reader_close(&r);
	close(fd);
	free(p);
}

static void test_truncated(void)
{
	struct capfile_writer w;
	struct capfile_reader r;
	size_t len;
	uint8_t *p = slurp(make_file(&w, LNR_SCHEMA_VERSION), &len);
	unsigned n, good;
	int fd;

	fd = open_damaged(p, len - 1000, &r);
	good = read_all(fd, &r, &n);
	CHECK(r.st.truncated == 1);
	CHECK(good == n && n > NSNAP && n < NSNAP + NEVT);
	CHECK(strstr(warned, "bad.lcap:") != NULL);
	capfile_reader_close(&r);
	close(fd);
	/* Cut inside the header block: refused. */
	fd = memfd_of(p, 30);
	CHECK(capfile_reader_open(&r, fd, "cut.lcap", NULL, NULL) == -EINVAL);
	CHECK(strstr(r.err, "cut.lcap: the header block at byte 16") != NULL);
	capfile_reader_close(&r);
	close(fd);
	free(p);
}

/* A block whose checksum is right but whose record lengths lie. */
static void test_hostile_framing(void)
{
	struct capfile_writer w;
	struct capfile_reader r;
	struct capfile_block_hdr h;
	struct lnr_evt_hdr eh;
	size_t len, off;
	uint8_t *p = slurp(make_file(&w, LNR_SCHEMA_VERSION), &len);
	unsigned n;
	int fd;

	off = block_at(p, len, 2);
	memcpy(&h, p + off, sizeof(h));
	memcpy(&eh, p + off + sizeof(h), sizeof(eh));
	eh.len = 0xfffffff0u;
	memcpy(p + off + sizeof(h), &eh, sizeof(eh));
	h.crc = 0;
	memcpy(p + off, &h, sizeof(h));
	h.crc = crc32c(0, p + off, sizeof(h) + h.len);
	memcpy(p + off, &h, sizeof(h));
	fd = open_damaged(p, len, &r);
	read_all(fd, &r, &n);
	CHECK(r.st.corrupt_blocks == 1);
	CHECK(strstr(warned, "resumed at block 3") != NULL);
	capfile_reader_close(&r);
	close(fd);
	free(p);
}

static void test_refused(void)
{
	struct capfile_writer w;
	struct capfile_reader r;
	char want[128];
	size_t len;
	uint8_t *p;
	int fd = make_file(&w, LNR_SCHEMA_VERSION + 1);

	CHECK(capfile_reader_open(&r, fd, "new.lcap", NULL, NULL) ==
	      -EPROTONOSUPPORT);
	snprintf(want, sizeof(want),
		 "schema version %d; this lanner reads schema versions up "
		 "to %d",
		 LNR_SCHEMA_VERSION + 1, LNR_SCHEMA_VERSION);
	CHECK(strstr(r.err, want) != NULL);
	capfile_reader_close(&r);
	lseek(fd, 0, SEEK_SET);
	p = slurp(fd, &len);
	close(fd);

	p[8] = CAPFILE_FORMAT_VERSION + 1;
	fd = memfd_of(p, len);
	CHECK(capfile_reader_open(&r, fd, "f.lcap", NULL, NULL) ==
	      -EPROTONOSUPPORT);
	CHECK(strstr(r.err, "format version 2; this lanner reads versions "
			    "1 to 1") != NULL);
	capfile_reader_close(&r);
	close(fd);

	p[8] = CAPFILE_FORMAT_VERSION;
	p[12] = 0x01, p[13] = 0x02, p[14] = 0x03, p[15] = 0x04;
	fd = memfd_of(p, len);
	CHECK(capfile_reader_open(&r, fd, "be.lcap", NULL, NULL) ==
	      -EPROTONOSUPPORT);
	CHECK(strstr(r.err, "other byte order") != NULL);
	capfile_reader_close(&r);
	close(fd);

	fd = memfd_of((const uint8_t *)"hello world, not a capture", 26);
	CHECK(capfile_reader_open(&r, fd, "x.txt", NULL, NULL) == -EINVAL);
	CHECK(strstr(r.err, "x.txt: not a capture file") != NULL);
	capfile_reader_close(&r);
	close(fd);
	free(p);
}

/* Random damage never crashes the reader, and its counts add up. */
static void test_random_damage(void)
{
	struct capfile_writer w;
	size_t len;
	uint8_t *orig = slurp(make_file(&w, LNR_SCHEMA_VERSION), &len);
	uint8_t *p = malloc(len);
	uint32_t seed = 12345;

	for (int round = 0; round < 200; round++) {
		struct capfile_reader r;
		size_t cut = len;
		unsigned n;
		int fd;

		memcpy(p, orig, len);
		for (int k = 0; k < 1 + round % 7; k++) {
			seed = seed * 1103515245u + 12345u;
			p[300 + seed % (len - 300)] ^=
			    (uint8_t)(1 + seed % 255);
		}
		if (round % 5 == 0)
			cut = 300 + seed % (len - 300);
		fd = memfd_of(p, cut);
		if (capfile_reader_open(&r, fd, "r.lcap", NULL, NULL) == 0) {
			read_all(fd, &r, &n);
			CHECK(r.st.records == n && n <= NSNAP + NEVT);
		}
		capfile_reader_close(&r);
		close(fd);
	}
	free(p);
	free(orig);
}

/* Names of capture files around alerts: UTC, to the nanosecond. */
static void test_alert_name(void)
{
	char name[128];

	CHECK(capfile_alert_name(name, sizeof(name), "/tmp/lanner",
				 1796000000123456789ull) == 0);
	CHECK(strcmp(name, "/tmp/lanner_20261130-005320.123456789.lcap") == 0);
	CHECK(capfile_alert_name(name, sizeof(name), "/p",
				 951782400ull * 1000000000ull) == 0);
	CHECK(strcmp(name, "/p_20000229-000000.000000000.lcap") == 0);
	CHECK(capfile_alert_name(name, 20, "/tmp/lanner", 0) == -ENAMETOOLONG);
}

int main(void)
{
	test_crc();
	test_alert_name();
	test_round_trip();
	test_corrupt_payload();
	test_bad_header_resync();
	test_truncated();
	test_hostile_framing();
	test_refused();
	test_random_damage();
	return check_done();
}
