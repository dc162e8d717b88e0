/*
 * The syscall_event_drops keys, see drops_conf.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_keys.h"
#include "drops_conf.h"

/* The defaults are conf_keys.def's: read them as items would be. */
void drops_conf_default(struct drops_conf *c)
{
	static const enum conf_key_id ids[] = {
	    CONF_DROPS_ACTIONS, CONF_DROPS_RATE, CONF_DROPS_MAX_BURST,
	    CONF_DROPS_THRESHOLD, CONF_DROPS_SIMULATE};

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++)
		(void)drops_conf_item(c, conf_keys[ids[i]].key,
				      conf_keys[ids[i]].def);
	c->actions_given = 0; /* the first item given replaces the list */
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

static int is(const char *item, enum conf_key_id id)
{
	return strcmp(item, conf_keys[id].key) == 0;
}

int drops_conf_item(struct drops_conf *c, const char *key, const char *value)
{
	const struct conf_key *k = conf_key_of(key);
	int b;

	if (k == &conf_keys[CONF_DROPS_ACTIONS])
		return actions_item(c, value);
	if (is(key, CONF_DROPS_RATE))
		return parse_double(value, 1e-9, 1e9, &c->rate);
	if (is(key, CONF_DROPS_MAX_BURST))
		return parse_double(value, 1, 1e9, &c->max_burst);
	if (is(key, CONF_DROPS_THRESHOLD))
		return parse_double(value, 0, 1, &c->threshold);
	if (is(key, CONF_DROPS_SIMULATE)) {
		b = conf_parse_bool(value);
		if (b < 0)
			return -EINVAL;
		c->simulate = b;
	}
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
