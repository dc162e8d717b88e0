/*
 * The configuration key table and what is built from it: see
 * conf_keys.h and conf_keys.def.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "conf_keys.h"
#include "drops_conf.h"
#include "log.h"

const struct conf_key conf_keys[CONF_KEY_COUNT] = {
#define CONF_KEY(id, k, t, d, r, text)                                         \
	[CONF_##id] = {.key = k,                                               \
		       .type = CONF_T_##t,                                     \
		       .def = d,                                               \
		       .readers = CONF_R_##r,                                  \
		       .desc = text},
#define CONF_FALCO_ONLY(k)
#include "conf_keys.def"
#undef CONF_KEY
#undef CONF_FALCO_ONLY
#define CHANNEL(name, enabled, owns_stdout, sink, curl)                        \
	[CONF_OUTPUT_ENABLED_##                                                \
	    name] = {.key = #name "_output.enabled",                           \
		     .type = CONF_T_BOOL,                                      \
		     .def = (enabled) ? "true" : "false",                      \
		     .readers = CONF_R_BROKER,                                 \
		     .desc = "Run the " #name " output channel."},
#include "channels.def"
#undef CHANNEL
};

static const char *const falco_only[] = {
#define CONF_KEY(id, k, t, d, r, text)
#define CONF_FALCO_ONLY(k) k,
#include "conf_keys.def"
#undef CONF_KEY
#undef CONF_FALCO_ONLY
};

/* item is key itself, or lies below it ("key.…") where that is allowed. */
static int covers(const char *key, int below, const char *item)
{
	size_t n = strlen(key);

	return strncmp(item, key, n) == 0 &&
	       (item[n] == '\0' || (below && item[n] == '.'));
}

static int below_allowed(enum conf_type t)
{
	return t == CONF_T_LIST || t == CONF_T_TREE || t == CONF_T_ACTIONS;
}

const struct conf_key *conf_key_of(const char *item)
{
	for (size_t i = 0; i < CONF_KEY_COUNT; i++) {
		const struct conf_key *k = &conf_keys[i];

		if (covers(k->key, below_allowed(k->type), item))
			return k;
	}
	return NULL;
}

int conf_key_falco_only(const char *item)
{
	for (size_t i = 0; i < sizeof(falco_only) / sizeof(*falco_only); i++)
		if (covers(falco_only[i], 1, item))
			return 1;
	return 0;
}

/* Edit distance, capped: names are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[128], prev, cur;

	if (la >= 128 || lb >= 128)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev + (a[i - 1] != b[j - 1]);
			size_t del = row[j] + 1, ins = row[j - 1] + 1;

			cur = sub < del ? sub : del;
			cur = cur < ins ? cur : ins;
			prev = row[j];
			row[j] = cur;
		}
	}
	return row[lb];
}

const char *conf_key_nearest(const char *item)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;

	for (size_t i = 0; i < CONF_KEY_COUNT; i++) {
		size_t d = distance(item, conf_keys[i].key);

		if (!(conf_keys[i].readers & CONF_R_CLI) && d < bestd) {
			bestd = d;
			best = conf_keys[i].key;
		}
	}
	return best;
}

static const char *type_problem(const struct conf_key *k, const char *item,
				const char *v)
{
	struct drops_conf dc;
	enum priority p;
	enum log_level l;

	switch (k->type) {
	case CONF_T_BOOL:
		return conf_parse_bool(v) < 0 ? "true or false" : NULL;
	case CONF_T_INT:
		return conf_parse_long(v) < 0 ? "a non-negative integer" : NULL;
	case CONF_T_DURATION:
		return conf_parse_duration_ms(v) <= 0
			   ? "a duration such as 500ms, 30s, 15m or 1h"
			   : NULL;
	case CONF_T_BUF_PRESET:
		return conf_buf_preset_bytes(conf_parse_long(v)) == 0
			   ? "a buffer size preset from 1 (1 MiB) to 10 "
			     "(512 MiB)"
			   : NULL;
	case CONF_T_HOOKS:
		return conf_parse_hooks(v) < 0 ? "auto, raw or tracepoint"
					       : NULL;
	case CONF_T_PRIORITY:
		return priority_parse(v, &p) < 0 ? "a priority (emergency .. "
						   "debug)"
						 : NULL;
	case CONF_T_LOGLEVEL:
		return log_level_parse(v, &l) < 0 ? "a log level (error, "
						    "warning, notice, info, "
						    "debug)"
						  : NULL;
	case CONF_T_ACTIONS:
	case CONF_T_FRACTION:
	case CONF_T_FRACTION_ANY:
		drops_conf_default(&dc);
		return drops_conf_item(&dc, item, v) < 0
			   ? (k->type == CONF_T_ACTIONS
				  ? "log, alert, exit or ignore"
			      : k->type == CONF_T_FRACTION
				  ? "a number from 0 to 1"
				  : "a non-negative number")
			   : NULL;
	default:
		return NULL;
	}
}

static void warn_unknown(const char *item)
{
	const char *near;

	if (conf_key_falco_only(item)) {
		log_msg(LOG_LVL_NOTICE,
			"configuration: %s is a Falco key lanner does not use "
			"yet; ignored",
			item);
		return;
	}
	near = conf_key_nearest(item);
	log_warn("configuration: unknown key %s%s%s%s; ignored", item,
		 near ? " (did you mean " : "", near ? near : "",
		 near ? "?)" : "");
}

int conf_keys_check(const struct conf *c, char *err, size_t errlen)
{
	for (size_t i = 0; i < c->n; i++) {
		const char *item = c->items[i].key, *v = c->items[i].value;
		const struct conf_key *k = conf_key_of(item);
		const char *want;

		if (!k) {
			warn_unknown(item);
			continue;
		}
		want = type_problem(k, item, v);
		if (want) {
			snprintf(err, errlen,
				 "configuration: %s: '%s' is not %s", item, v,
				 want);
			return -EINVAL;
		}
	}
	return 0;
}

const char *conf_str(const struct conf *c, enum conf_key_id id)
{
	return conf_get(c, conf_keys[id].key, conf_keys[id].def);
}

size_t conf_list(const struct conf *c, enum conf_key_id id, const char **out,
		 size_t max, char *buf, size_t len)
{
	size_t n = conf_get_list(c, conf_keys[id].key, out, max);
	char *save = NULL;

	if (n || !len)
		return n;
	snprintf(buf, len, "%s", conf_keys[id].def);
	for (char *t = strtok_r(buf, ",", &save); t && n < max;
	     t = strtok_r(NULL, ",", &save))
		out[n++] = t;
	return n;
}

int conf_bool(const struct conf *c, enum conf_key_id id)
{
	return conf_get_bool(c, conf_keys[id].key,
			     conf_parse_bool(conf_keys[id].def) == 1);
}

long conf_long(const struct conf *c, enum conf_key_id id)
{
	return conf_get_long(c, conf_keys[id].key,
			     conf_parse_long(conf_keys[id].def));
}

long long conf_parse_duration_ms(const char *v)
{
	static const struct {
		const char *unit;
		long long ms;
	} units[] = {{"ms", 1},
		     {"s", 1000},
		     {"m", 60000},
		     {"h", 3600000},
		     {"d", 86400000}};
	char *end;
	long long n;

	if (*v < '0' || *v > '9')
		return -1;
	n = strtoll(v, &end, 10);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit) && n < LLONG_MAX / units[i].ms)
			return n * units[i].ms;
	return -1;
}

uint32_t conf_buf_preset_bytes(long preset)
{
	return preset >= 1 && preset <= 10 ? (uint32_t)1 << (19 + preset) : 0;
}

int conf_parse_hooks(const char *v)
{
	static const char *const names[] = {"auto", "raw", "tracepoint"};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(v, names[i]))
			return (int)i;
	return -1;
}

static const char *reader_names(unsigned r)
{
	static char buf[112];

	snprintf(buf, sizeof(buf), "%s%s%s%s%s%s",
		 r & CONF_R_BROKER ? " lanner" : "",
		 r & CONF_R_CAPTURE ? " lanner-capture" : "",
		 r & CONF_R_ENGINE ? " lanner-engine" : "",
		 r & CONF_R_OUTPUT ? " lanner-output" : "",
		 r & CONF_R_WEB ? " lanner-web" : "",
		 r & CONF_R_K8SAUDIT ? " lanner-k8saudit" : "");
	return buf + 1;
}

/* Text for roff: backslashes and hyphens escaped, no leading dot. */
static void put_roff(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

static void man_page(FILE *f)
{
	fputs(
	    ".TH LANNER.YAML 5 \"\" \"lanner\" \"File Formats\"\n"
	    ".SH NAME\nlanner.yaml \\- lanner's configuration file\n"
	    ".SH DESCRIPTION\n"
	    "lanner reads falco.yaml's keys from\n.IR /etc/lanner/lanner.yaml\n"
	    "(or the file given with\n.BR \\-c ).\n"
	    "A dotted key is a nested block in the file;\n"
	    ".B \\-o KEY=VALUE\nsets one on the command line. An unknown key "
	    "is reported with the nearest known one and ignored; a value of "
	    "the wrong type stops lanner at start. SIGHUP or\n"
	    ".B lannerctl reload\nreads the file again.\n.SH KEYS\n",
	    f);
	for (size_t i = 0; i < CONF_KEY_COUNT; i++) {
		const struct conf_key *k = &conf_keys[i];

		if (k->readers & CONF_R_CLI)
			continue;
		fputs(".TP\n.B ", f);
		put_roff(f, k->key);
		fputs("\n(default: ", f);
		put_roff(f, *k->def ? k->def : "none");
		fputs("; read by ", f);
		put_roff(f, reader_names(k->readers));
		fputs(")\n", f);
		put_roff(f, k->desc);
		fputc('\n', f);
	}
	fputs(".SH SEE ALSO\n.BR lanner (8),\n.BR lannerctl (8)\n", f);
}

void conf_keys_reference(FILE *f, enum conf_ref_format fmt)
{
	if (fmt == CONF_REF_MAN) {
		man_page(f);
		return;
	}
	if (fmt == CONF_REF_MARKDOWN)
		fputs("# Configuration keys\n\n"
		      "Generated from `common/conf_keys.def` by `make "
		      "update-docs`; a test\nchecks it is current. Keys are "
		      "falco.yaml's: a dotted key is a nested\nblock in the "
		      "file, and `-o KEY=VALUE` sets one on the command "
		      "line.\nUnknown keys are reported with the nearest "
		      "known one and ignored; a value\nof the wrong type "
		      "stops lanner at start.\n\n"
		      "| key | default | read by | meaning |\n"
		      "|---|---|---|---|\n",
		      f);
	else
		fputs("# lanner configuration: every key with its default.\n"
		      "# Generated from common/conf_keys.def.\n",
		      f);
	for (size_t i = 0; i < CONF_KEY_COUNT; i++) {
		const struct conf_key *k = &conf_keys[i];

		if (k->readers & CONF_R_CLI)
			continue;
		if (fmt == CONF_REF_MARKDOWN)
			fprintf(f, "| `%s` | %s%s%s | %s | %s |\n", k->key,
				*k->def ? "`" : "", *k->def ? k->def : "none",
				*k->def ? "`" : "", reader_names(k->readers),
				k->desc);
		else
			fprintf(f, "\n# %s\n# %s: %s\n", k->desc, k->key,
				k->def);
	}
}
