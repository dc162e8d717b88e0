/*
 * The configuration lanner runs with: the file (-c, else the default),
 * then -o overrides and the -D/-T/-t items, checked as a whole. Loaded at
 * start, and again on reload, where a file that does not load leaves the
 * running configuration in place.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "broker.h"
#include "conf_keys.h"
#include "paths.h"

static int apply(struct conf *c, const struct cli_list *l, char *err,
		 size_t errlen)
{
	for (int i = 0; i < l->n; i++)
		if (conf_override(c, l->v[i], err, errlen) < 0)
			return -1;
	return 0;
}

int config_load(const struct cli *cli, struct conf *out,
		struct drops_conf *drops, char *err, size_t errlen)
{
	const char *file = cli->config ? cli->config : paths_default_config();
	struct utsname u;

	conf_init(out);
	if ((file && conf_load_file(out, file, err, errlen) < 0) ||
	    apply(out, &cli->overrides, err, errlen) < 0 ||
	    /* -D, -T, -t: items of conf_keys.def, sent like the others. */
	    apply(out, &cli->cli_items, err, errlen) < 0 ||
	    conf_keys_check(out, err, errlen) < 0 ||
	    drops_conf_read(drops, out, err, errlen) < 0) {
		conf_free(out);
		return -1;
	}
	if (!conf_str(out, CONF_HOSTNAME)[0] && uname(&u) == 0)
		conf_set(out, conf_keys[CONF_HOSTNAME].key, u.nodename);
	return 0;
}

/* falco.yaml's rules_files (or the older rules_file): a list or one path. */
static int rules_from_config(const struct conf *cf, const char **out, int max)
{
	size_t n = conf_list(cf, CONF_RULES_FILES, out, (size_t)max, NULL, 0);

	if (n == 0)
		n = conf_list(cf, CONF_RULES_FILE, out, (size_t)max, NULL, 0);
	return (int)n;
}

void config_rule_paths(struct broker *b)
{
	const struct cli_list *l = &b->cli->rules;
	const char **paths = b->rule_paths;
	int n = l->n;

	if (n)
		memcpy(paths, l->v, (size_t)n * sizeof(*paths));
	else
		n = rules_from_config(&b->conf, paths, CLI_MAX_LIST);
	if (n == 0) {
		paths[n++] = paths_default_rules();
		/* The audit webhook's events need the k8s_audit rules. */
		if (conf_bool(&b->conf, CONF_K8SAUDIT_ENABLED))
			paths[n++] = paths_default_k8s_rules();
	}
	b->nrule_paths = n;
}
