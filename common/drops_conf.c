/*
 * The syscall_event_drops keys, see drops_conf.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drops_conf.h"

#define DROPS_KEY "syscall_event_drops."

void drops_conf_default(struct drops_conf *c)
{
	*c = (struct drops_conf){.actions = DROPS_LOG | DROPS_ALERT,
				 .rate = 0.03333,
				 .max_burst = 1,
				 .threshold = 0.1};
}

static int parse_action(const char *s, size_t n, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {{"log", DROPS_LOG},
		     {"alert", DROPS_ALERT},
		     {"exit", DROPS_EXIT},
		     {"ignore", DROPS_IGNORE}};

	while (n && (*s == ' ' || *s == '"' || *s == '\''))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\''))
		n--;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i].name) == n &&
		    strncasecmp(s, names[i].name, n) == 0) {
			*out |= names[i].bit;
			return 0;
		}
	return -EINVAL;
}

/* "log", or a flow list as -o gives it: "[log, alert]". */
static int parse_actions(const char *v, unsigned *out)
{
	size_t n = strlen(v);
	unsigned acts = 0;

	if (n >= 2 && v[0] == '[' && v[n - 1] == ']') {
		v++;
		n -= 2;
	}
	while (n) {
		const char *comma = memchr(v, ',', n);
		size_t k = comma ? (size_t)(comma - v) : n;

		if (parse_action(v, k, &acts) < 0)
			return -EINVAL;
		v += comma ? k + 1 : k;
		n -= comma ? k + 1 : k;
	}
	*out |= acts;
	return 0;
}

static int parse_double(const char *v, double lo, double hi, double *out)
{
	char *end;
	double d = strtod(v, &end);

	if (!*v || *end || !isfinite(d) || d < lo || d > hi)
		return -EINVAL;
	*out = d;
	return 0;
}

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (unsigned i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0 || strcasecmp(v, no[i]) == 0) {
			*out = strcasecmp(v, yes[i]) == 0;
			return 0;
		}
	}
	return -EINVAL;
}

static int actions_item(struct drops_conf *c, const char *value)
{
	unsigned acts = 0;

	if (parse_actions(value, &acts) < 0)
		return -EINVAL;
	if (!c->actions_given)
		c->actions = 0;
	c->actions_given = 1;
	c->actions |= acts;
	return 0;
}

int drops_conf_item(struct drops_conf *c, const char *key, const char *value)
{
	size_t n = strlen(DROPS_KEY);
	const char *k = key + n;

	if (strncmp(key, DROPS_KEY, n) != 0)
		return 0;
	if (strcmp(k, "actions") == 0 ||
	    (strncmp(k, "actions.", 8) == 0 && strchr(k + 8, '.') == NULL))
		return actions_item(c, value);
	if (strcmp(k, "rate") == 0)
		return parse_double(value, 1e-9, 1e9, &c->rate);
	if (strcmp(k, "max_burst") == 0)
		return parse_double(value, 1, 1e9, &c->max_burst);
	if (strcmp(k, "threshold") == 0)
		return parse_double(value, 0, 1, &c->threshold);
	if (strcmp(k, "simulate_drops") == 0)
		return parse_bool(value, &c->simulate);
	return 0;
}

int drops_conf_check(const struct drops_conf *c)
{
	if ((c->actions & DROPS_IGNORE) && c->actions != DROPS_IGNORE)
		return -EINVAL;
	return 0;
}

int drops_conf_read(struct drops_conf *c, const struct conf *cf, char *err,
		    size_t errlen)
{
	drops_conf_default(c);
	for (size_t i = 0; i < cf->n; i++)
		if (drops_conf_item(c, cf->items[i].key, cf->items[i].value) <
		    0) {
			snprintf(err, errlen, "%s: unusable value %s",
				 cf->items[i].key, cf->items[i].value);
			return -EINVAL;
		}
	if (drops_conf_check(c) < 0) {
		snprintf(err, errlen,
			 "syscall_event_drops.actions: ignore "
			 "cannot be combined with other actions");
		return -EINVAL;
	}
	return 0;
}
