/*
 * The opens the rules need recorded (engine/evtsel_open.c). For each
 * condition: opens that must be recorded (a rule could fire on them, or
 * its outcome on a later event depends on them) and opens the filter
 * should leave out, judged through openfilter_match as the probe does.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "conf.h"
#include "evtsel.h"
#include "ruleset.h"

#define ALL "*" /* the filter records every open */

struct probe_open {
	const char *path;
	bool write;
};

struct filter_case {
	const char *cond;
	const char *want;	   /* NULL, or ALL */
	struct probe_open keep[4]; /* must be recorded */
	struct probe_open skip[4]; /* should be left out */
};

static const struct filter_case cases[] = {
    {"evt.type in (open, openat) and fd.name = /etc/shadow",
     NULL,
     {{"/etc/shadow", false}},
     {{"/tmp/x", false}, {"/tmp/x", true}, {"/etc/shadowx", false}}},
    {"evt.type = openat and evt.is_open_write = true and "
     "fd.name startswith /etc/",
     NULL,
     {{"/etc/passwd", true}},
     {{"/etc/passwd", false}, {"/tmp/x", true}}},
    /* Dotted paths are always recorded: nothing to add. */
    {"evt.type = openat and fd.name contains /.ssh/",
     NULL,
     {{"/root/.ssh/id", false}},
     {{"/tmp/x", false}, {"/etc/x", true}}},
    {"evt.type = openat and fd.nameraw glob \"*../*\"",
     NULL,
     {{"/tmp/../etc/x", false}},
     {{"/tmp/x", false}}},
    {"evt.type = openat and fd.name contains secret", ALL, {{0}}, {{0}}},
    {"evt.type = openat and not fd.name startswith /tmp", ALL, {{0}}, {{0}}},
    {"evt.type = openat and (fd.filename in (id_rsa) or "
     "fd.directory = /etc/ssh)",
     NULL,
     {{"/home/u/id_rsa", false}, {"/etc/ssh/sshd_config", false}},
     {{"/tmp/x", false}, {"/home/u/id_rsa.pub", false}}},
    {"evt.type = openat and evt.is_open_write = true and "
     "fd.name endswith .log",
     NULL,
     {{"/tmp/a.log", true}},
     {{"/tmp/a.log", false}}},
    {"evt.type = openat and fd.name pmatch (/var/lib/x, /srv)",
     NULL,
     {{"/var/lib/x/y", false}, {"/srv", false}},
     {{"/var/lib/z", false}}},
    /* Events on an fd: opens named positively by path. */
    {"evt.type = write and fd.name startswith /var/log/",
     NULL,
     {{"/var/log/syslog", false}},
     {{"/tmp/x", true}}},
    {"evt.type = write and fd.typechar = 'f'", ALL, {{0}}, {{0}}},
    /* Unknown, the fd's name is no path: the negated check then holds,
     * so the opens where it does not must be known. */
    {"evt.type = write and not fd.name startswith /tmp/",
     NULL,
     {{"/tmp/x", false}},
     {{"/var/x", true}}},
    /* Either side of the or fires without the fd, then the typechar
     * check needs the fd known. */
    {"evt.type = write and (proc.name = foo or fd.name startswith /var/) "
     "and fd.typechar = 'f'",
     ALL,
     {{0}},
     {{0}}},
    /* Checks that do not read the fd's file need no open. */
    {"evt.type = write and proc.name = foo",
     NULL,
     {{0}},
     {{"/tmp/x", true}, {"/etc/x", false}}},
    {"evt.type = dup and fd.sockfamily = ip", NULL, {{0}}, {{"/tmp/x", false}}},
    {"evt.type = dup and fd.type in (ipv4, ipv6)",
     NULL,
     {{0}},
     {{"/tmp/x", false}}},
    /* fchmod's fd is named by its open when the engine knows it: the
     * path as the user wrote it, not the kernel's. */
    {"evt.type = fchmod and fs.path.name = /etc/x",
     NULL,
     {{"/etc/x", false}},
     {{"/tmp/x", false}}},
    /* A directory opened as one is its own fd.directory. */
    {"evt.type = fchmod and fd.directory in (/usr/bin)",
     NULL,
     {{"/usr/bin", false}, {"/usr/bin/ls", false}},
     {{"/usr/lib/x", false}}},
    /* pmatch (/srv/) is pmatch (/srv): /srv itself matches. */
    {"evt.type = openat and fd.name pmatch (/srv/)",
     NULL,
     {{"/srv", false}, {"/srv/a", false}},
     {{"/tmp/x", false}}},
    /* A bare ".." through a directory left out is judged where it
     * leads: a raw path that may be ".." needs every open. */
    {"evt.type = openat and fd.nameraw contains \"..\"", ALL, {{0}}, {{0}}},
    {"evt.type = openat and evt.arg.name = \"..\"", ALL, {{0}}, {{0}}},
    /* The process's whole fd table, on any event. */
    {"evt.type = socket and proc.fdopencount > 8", ALL, {{0}}, {{0}}},
    {"evt.type = connect and fd.types intersects (file)", ALL, {{0}}, {{0}}},
    /* A successful ftruncate or write went through a writing open. */
    {"evt.type = ftruncate and evt.res = SUCCESS and fd.name endswith .log",
     NULL,
     {{"/tmp/a.log", true}},
     {{"/tmp/a.log", false}}},
    {"evt.type = ftruncate and fd.name endswith .log", ALL, {{0}}, {{0}}},
};

static void load(struct ruleset **rs, const char *cond)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "- rule: r\n  desc: d\n  condition: %s\n  output: o\n"
		 "  priority: NOTICE\n",
		 cond);
	*rs = ruleset_new();
	CHECK(*rs != NULL);
	ruleset_add_file(*rs, "t.yaml", text, strlen(text));
	CHECK(ruleset_compile(*rs) == 0);
}

static void filter_for(struct ruleset *rs, const char *kv, struct openfilter *f)
{
	struct conf c;
	char err[256];

	conf_init(&c);
	if (kv)
		CHECK(conf_override(&c, kv, err, sizeof(err)) == 0);
	evtsel_open_compute(rs, &c, f);
	conf_free(&c);
}

static void run_case(const struct filter_case *k)
{
	struct ruleset *rs;
	struct openfilter f;

	load(&rs, k->cond);
	openfilter_init(&f);
	filter_for(rs, NULL, &f);
	if (f.all != (k->want != NULL))
		fprintf(stderr, "case: %s\n", k->cond);
	CHECK(f.all == (k->want != NULL));
	for (size_t i = 0; i < 4 && k->keep[i].path; i++)
		CHECK(openfilter_match(&f, k->keep[i].path, k->keep[i].write));
	for (size_t i = 0; i < 4 && k->skip[i].path; i++) {
		if (openfilter_match(&f, k->skip[i].path, k->skip[i].write))
			fprintf(stderr, "case: %s: %s recorded\n", k->cond,
				k->skip[i].path);
		CHECK(!openfilter_match(&f, k->skip[i].path, k->skip[i].write));
	}
	/* The base_syscalls keys that leave the state to the user record
	 * every open. */
	filter_for(rs, "base_syscalls.all=true", &f);
	CHECK(f.all);
	filter_for(rs, "base_syscalls.custom_set=[openat]", &f);
	CHECK(f.all);
	openfilter_free(&f);
	ruleset_free(rs);
}

/* The probe leaves out the close of an fd whose open it left out, unless
 * a rule can match closes. */
static void test_closes(void)
{
	struct ruleset *rs;
	struct openfilter f;

	openfilter_init(&f);
	load(&rs, cases[0].cond);
	filter_for(rs, NULL, &f);
	CHECK(!f.keep_closes);
	ruleset_free(rs);
	load(&rs, "evt.type = close and proc.name = foo");
	filter_for(rs, NULL, &f);
	CHECK(f.keep_closes && !f.all);
	ruleset_free(rs);
	openfilter_free(&f);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		run_case(&cases[i]);
	test_closes();
	return check_done();
}
