/*
 * Capture's recorder: a file around an alert gets exactly the records of
 * its window, oldest first, from the buffer of past records (after it
 * has wrapped and dropped its oldest) and from those that come after;
 * the --capture file gets every record. Descriptors come as the broker
 * sends them: a regular file, and a socket carrying SCM_RIGHTS.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "common/capfile.h"
#include "common/event.h"
#include "common/fdpass.h"
#include "recorder.h"

#define NREC 500000 /* ~60 MB of records: the 32 MiB buffer wraps */

static int make_record(uint8_t *buf, size_t cap, uint64_t i)
{
	struct lnr_pval v[LNR_NPARAMS_OPENAT] = {0};
	struct lnr_evt_builder b;
	char path[200];

	snprintf(path, sizeof(path), "/tmp/r%llu-%.*s", (unsigned long long)i,
		 (int)(i % 120),
		 "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
		 "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
		 "yy");
	lnr_evtb_init(&b, buf, cap, LNR_EVT_OPENAT, 1000000 + i, 7, 7);
	v[LNR_PI_OPENAT_fd] = LNR_PV_NUM(3);
	v[LNR_PI_OPENAT_name] = LNR_PV_STR(path);
	lnr_evtb_add_vals(&b, v, LNR_NPARAMS_OPENAT);
	return lnr_evtb_finish(&b);
}

/* A memfd with a capture file's header, as the broker writes it. */
static int new_file(void)
{
	int fd = memfd_create("clip", MFD_CLOEXEC);
	struct capfile_writer w;
	struct capfile_meta m;

	capfile_meta_local(&m);
	CHECK(capfile_writer_open(&w, fd, &m, NULL) == 0);
	CHECK(capfile_writer_close(&w) == 0);
	return fd;
}

static void send_job(int sock, int fd, uint64_t from, uint64_t until)
{
	struct capfile_clip job = {from, until};

	CHECK(fdpass_send(sock, &job, sizeof(job), fd) == 0);
}

/* The file's records must be those of i in [first, last], in order. */
static void check_file(int fd, uint64_t first, uint64_t last)
{
	struct capfile_reader r;
	enum capfile_kind kind;
	const void *rec;
	size_t len;
	uint64_t want = first, bad = 0;

	lseek(fd, 0, SEEK_SET);
	CHECK(capfile_reader_open(&r, fd, "clip", NULL, NULL) == 0);
	while (capfile_next(&r, &rec, &len, &kind) == 1) {
		struct lnr_evt_hdr h;

		memcpy(&h, rec, sizeof(h));
		bad += h.ts != 1000000 + want;
		want++;
	}
	CHECK(bad == 0);
	CHECK(want == last + 1);
	CHECK(r.st.corrupt_blocks == 0);
	capfile_reader_close(&r);
}

int main(void)
{
	static struct recorder rec;
	uint8_t buf[512];
	int sv[2], full = new_file(), clip = new_file(), late = new_file();
	int junk = new_file();
	off_t junk_size = lseek(junk, 0, SEEK_END);
	int fds[2];
	uint64_t i;

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	fds[0] = full;
	fds[1] = sv[1];
	CHECK(recorder_init(&rec, fds, 2) == 0);
	CHECK(rec.full_on && rec.sock == sv[1]);
	for (i = 0; i < NREC; i++) {
		int len = make_record(buf, sizeof(buf), i);

		recorder_record(&rec, buf, (size_t)len);
		if (i == 450000) {
			/* Requests the recorder refuses and goes past: one
			 * cut short, one without a file. */
			struct capfile_clip job = {0, UINT64_MAX};

			CHECK(fdpass_send(sv[0], &job, 8, junk) == 0);
			CHECK(send(sv[0], &job, sizeof(job), 0) ==
			      (ssize_t)sizeof(job));
			/* The alert at 450000: its window began 20000
			 * records before, still in the buffer. */
			send_job(sv[0], clip, 1000000 + 430000,
				 1000000 + 460000);
			/* One whose start fell out of the buffer: it
			 * gets what is left of its window. */
			send_job(sv[0], late, 1000000 + 1000, 1000000 + 450010);
			recorder_receive(&rec);
		}
		if (i == 470000)
			recorder_tick(&rec, 1000000 + 460001);
	}
	CHECK(rec.files == 2);
	recorder_close(&rec);
	/* Nothing went to the file of the request cut short. */
	CHECK(junk_size > 0 && lseek(junk, 0, SEEK_END) == junk_size);
	check_file(clip, 430000, 460000);
	check_file(full, 0, NREC - 1);
	/* The oldest records left: the buffer kept the most recent ones. */
	{
		struct capfile_reader r;
		enum capfile_kind kind;
		const void *p;
		size_t len;
		struct lnr_evt_hdr h;

		lseek(late, 0, SEEK_SET);
		CHECK(capfile_reader_open(&r, late, "late", NULL, NULL) == 0);
		CHECK(capfile_next(&r, &p, &len, &kind) == 1);
		memcpy(&h, p, sizeof(h));
		CHECK(h.ts > 1000000 + 1000 && h.ts < 1000000 + 430000);
		capfile_reader_close(&r);
	}
	return check_done();
}
