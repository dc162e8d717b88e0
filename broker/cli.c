/*
 * Command-line parsing for lanner. Flags follow Falco's so that existing
 * habits and scripts keep working.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf_keys.h"
#include "config.h" /* autoconf */

static const char usage_text[] =
    "usage: lanner [-r RULES]... [-c CONFIG] [-o KEY=VALUE]... [-M SECONDS]\n"
    "              [-D SUBSTR] [-T TAG] [-t TAG] [-A] [--run-dir DIR]\n"
    "              [--log-level LEVEL] [--control SOCKET] [--capture FILE]\n"
    "       lanner -e CAPTURE... [-r RULES]... [-o KEY=VALUE]...\n"
    "                                 replay capture files, then a summary\n"
    "       lanner -V RULES...        validate rule files\n"
    "       lanner -L [-r RULES]...   list rules\n"
    "       lanner -l RULE [-r RULES]... describe a rule\n"
    "       lanner --list [SOURCE]    list the fields\n"
    "       lanner --list-filter [-r RULES]... [-A] [-o base_syscalls.KEY=V]\n"
    "                                 what the probe will emit, and why\n"
    "       lanner -h | --version\n";

enum {
	OPT_LIST = 256,
	OPT_RUN_DIR,
	OPT_LOG_LEVEL,
	OPT_VERSION,
	OPT_CONTROL,
	OPT_LIST_FILTER,
	OPT_CAPTURE
};

static const struct option long_opts[] = {
    {"list", optional_argument, NULL, OPT_LIST},
    {"run-dir", required_argument, NULL, OPT_RUN_DIR},
    {"control", required_argument, NULL, OPT_CONTROL},
    {"list-filter", no_argument, NULL, OPT_LIST_FILTER},
    {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
    {"version", no_argument, NULL, OPT_VERSION},
    {"capture", required_argument, NULL, OPT_CAPTURE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	exit(status);
}

static void add(struct cli_list *l, const char *v)
{
	if (l->n == CLI_MAX_LIST) {
		fprintf(stderr, "lanner: at most %d of each repeated flag\n",
			CLI_MAX_LIST);
		exit(1);
	}
	l->v[l->n++] = v;
}

/* -D X becomes the item cli.disable_substr.N=X (conf_keys.def), which the
 * broker adds to the configuration and the engine reads. */
static void add_item(struct cli *c, enum conf_key_id id, const char *value)
{
	static int count[CONF_KEY_COUNT];
	char *s;

	if (asprintf(&s, "%s.%d=%s", conf_keys[id].key, count[id]++, value) <
	    0) {
		fputs("lanner: out of memory\n", stderr);
		exit(1);
	}
	add(&c->cli_items, s);
}

static void set_mode(struct cli *c, enum cli_mode m)
{
	if (c->mode != CLI_RUN && c->mode != m) {
		fputs("lanner: -V, -L, -l, --list and --list-filter exclude "
		      "each other\n",
		      stderr);
		exit(1);
	}
	c->mode = m;
}

/* At most ten years: a timer's seconds stay far from overflowing. */
#define CLI_MAX_SECONDS (10L * 366 * 24 * 3600)

static long parse_seconds(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end || errno || v < 0 || v > CLI_MAX_SECONDS) {
		fprintf(stderr, "lanner: -M %s: expected seconds, 0 to %ld\n",
			s, CLI_MAX_SECONDS);
		exit(1);
	}
	return v;
}

static void parse_one(struct cli *c, int ch, int argc, char **argv)
{
	switch (ch) {
	case 'r':
		add(&c->rules, optarg);
		break;
	case 'c':
		c->config = optarg;
		break;
	case 'o':
		add(&c->overrides, optarg);
		break;
	case 'M':
		c->duration = parse_seconds(optarg);
		break;
	case 'A': /* Falco's -A: every event type, whatever the rules */
		add(&c->overrides, "base_syscalls.all=true");
		break;
	case 'L':
		set_mode(c, CLI_LIST_RULES);
		break;
	case 'l':
		set_mode(c, CLI_DESCRIBE);
		c->describe = optarg;
		break;
	case 'V':
		set_mode(c, CLI_VALIDATE);
		add(&c->validate, optarg);
		break;
	case 'e':
		add(&c->replay, optarg);
		break;
	case OPT_CAPTURE:
		c->capture = optarg;
		break;
	case 'D':
		add_item(c, CONF_CLI_DISABLE_SUBSTR, optarg);
		break;
	case 'T':
		add_item(c, CONF_CLI_DISABLE_TAG, optarg);
		break;
	case 't':
		add_item(c, CONF_CLI_ENABLE_ONLY_TAG, optarg);
		break;
	case OPT_LIST:
		set_mode(c, CLI_LIST_FIELDS);
		c->list_source = optarg;
		/* Falco also takes "--list SOURCE" with a space. */
		if (!optarg && optind < argc && argv[optind][0] != '-')
			c->list_source = argv[optind++];
		break;
	case OPT_RUN_DIR:
		c->run_dir = optarg;
		break;
	case OPT_CONTROL:
		c->control = optarg;
		break;
	case OPT_LIST_FILTER:
		set_mode(c, CLI_LIST_FILTER);
		break;
	case OPT_LOG_LEVEL:
		c->log_level = optarg;
		break;
	case OPT_VERSION:
		printf("lanner %s\n", PACKAGE_VERSION);
		exit(0);
	case 'h':
		usage(0);
		break;
	default:
		usage(1);
	}
}

void cli_parse(struct cli *c, int argc, char **argv)
{
	int ch;

	memset(c, 0, sizeof(*c));
	while ((ch = getopt_long(argc, argv, "r:c:o:M:ALl:V:D:T:t:e:h",
				 long_opts, NULL)) != -1)
		parse_one(c, ch, argc, argv);
	if (optind < argc) {
		fprintf(stderr, "lanner: unexpected argument %s\n",
			argv[optind]);
		usage(1);
	}
}
