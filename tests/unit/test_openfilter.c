/*
 * The open filter's entries, meaning and wire form: what the probe is
 * told to record, and that capture refuses a malformed filter.
 */
#include <string.h>

#include "check.h"
#include "openfilter.h"

static void add(struct openfilter *f, enum openfilter_kind k, unsigned mode,
		const char *s)
{
	openfilter_add(f, k, mode, s, strlen(s));
}

static void test_match(void)
{
	struct openfilter f;

	openfilter_init(&f);
	add(&f, OPENFILTER_EXACT, OPENFILTER_ANY, "/etc/shadow");
	add(&f, OPENFILTER_PREFIX, OPENFILTER_WRITE, "/etc/");
	add(&f, OPENFILTER_PREFIX, OPENFILTER_ANY, "/etc/ssh/");
	add(&f, OPENFILTER_BASENAME, OPENFILTER_ANY, "id_rsa");
	CHECK(openfilter_match(&f, "/etc/shadow", false));
	CHECK(!openfilter_match(&f, "/etc/shadow-", false));
	CHECK(openfilter_match(&f, "/etc/passwd", true));
	CHECK(!openfilter_match(&f, "/etc/passwd", false));
	CHECK(openfilter_match(&f, "/etc/ssh/sshd_config", false));
	CHECK(openfilter_match(&f, "/home/u/id_rsa", false));
	CHECK(!openfilter_match(&f, "/home/u/id_rsa.pub", false));
	CHECK(!openfilter_match(&f, "/tmp/x", true));
	/* What the probe cannot judge is always recorded. */
	CHECK(openfilter_match(&f, "tmp/x", false));
	CHECK(openfilter_match(&f, "/tmp/../etc/shadow", false));
	CHECK(openfilter_match(&f, "/etc//shadow", false));
	CHECK(openfilter_match(&f, "/root/.ssh/id", false));
	CHECK(openfilter_match(&f, "/tmp/a..b", false));
	CHECK(openfilter_match(&f, "/tmp/x/", false));
	/* The probe finds the longest entry only: /etc/ssh/ takes the
	 * writes of /etc/ along, an exact path those of its prefixes. */
	CHECK(openfilter_map_mode(&f, 2) ==
	      (OPENFILTER_ANY | OPENFILTER_WRITE));
	CHECK(openfilter_map_mode(&f, 0) ==
	      (OPENFILTER_ANY | OPENFILTER_WRITE));
	CHECK(openfilter_map_mode(&f, 1) == OPENFILTER_WRITE);
	CHECK(openfilter_map_mode(&f, 3) == OPENFILTER_ANY);
	/* A directory above the entries takes the modes of its prefixes. */
	CHECK(openfilter_prefix_mode(&f, "/etc/x/", 7) == OPENFILTER_WRITE);
	CHECK(openfilter_prefix_mode(&f, "/etc", 4) == 0);
	CHECK(openfilter_prefix_mode(&f, "/usr/", 5) == 0);
	/* Same entry twice: one, modes joined. */
	add(&f, OPENFILTER_PREFIX, OPENFILTER_ANY, "/etc/");
	CHECK(f.n == 4 && f.e[1].mode == (OPENFILTER_ANY | OPENFILTER_WRITE));
	openfilter_free(&f);

	/* A path the probe cannot hold makes the filter all. */
	openfilter_init(&f);
	{
		char longp[OPENFILTER_KEY_MAX];

		memset(longp, 'a', sizeof(longp));
		longp[0] = '/';
		openfilter_add(&f, OPENFILTER_EXACT, OPENFILTER_ANY, longp,
			       sizeof(longp) - 1);
	}
	CHECK(f.all && openfilter_match(&f, "/tmp/x", false));
	openfilter_free(&f);
}

static void roundtrip(const struct openfilter *f)
{
	static uint8_t buf[OPENFILTER_BLOB_MAX];
	struct openfilter g;
	const char *why;
	size_t len = openfilter_encode(f, buf, sizeof(buf));

	openfilter_init(&g);
	CHECK(openfilter_decode(&g, buf, len, &why) == 0);
	CHECK(g.all == f->all && g.write_any == f->write_any &&
	      g.keep_closes == f->keep_closes && g.n == f->n);
	for (size_t i = 0; i < g.n && i < f->n; i++)
		CHECK(g.e[i].kind == f->e[i].kind &&
		      g.e[i].mode == f->e[i].mode &&
		      g.e[i].len == f->e[i].len &&
		      !memcmp(g.e[i].s, f->e[i].s, g.e[i].len));
	openfilter_free(&g);
}

static void refused(const void *blob, size_t len, const char *reason)
{
	struct openfilter g;
	const char *why = NULL;

	openfilter_init(&g);
	CHECK(openfilter_decode(&g, blob, len, &why) < 0);
	CHECK(why && strstr(why, reason));
	CHECK(g.n == 0 && g.e == NULL);
}

static void test_wire(void)
{
	struct openfilter f;

	openfilter_init(&f);
	roundtrip(&f);
	f.write_any = true;
	f.keep_closes = true;
	add(&f, OPENFILTER_EXACT, OPENFILTER_ANY, "/etc/shadow");
	add(&f, OPENFILTER_BASENAME, OPENFILTER_WRITE, ".bashrc");
	roundtrip(&f);
	openfilter_free(&f);
	f.all = true;
	roundtrip(&f);

	refused("\0", 1, "header");
	refused("\2\0", 2, "flags");
	refused("\0\4", 2, "flags");
	refused("\0\0\3\1\1/", 6, "kind");
	refused("\0\0\0\4\1/", 6, "mode");
	refused("\0\0\0\1\5/a", 7, "length");
	refused("\0\0\0\1\2/\0", 7, "NUL");
	refused("\0\0\0\1\1a", 6, "absolute");
	refused("\0\0\2\1\3a/b", 8, "basename");
	refused("\0\0\0\1", 4, "cut short");
	refused("\1\0\0\1\1/", 6, "with all");
}

int main(void)
{
	test_match();
	test_wire();
	return check_done();
}
