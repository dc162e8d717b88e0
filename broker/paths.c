/*
 * Locating helper programs and default files. The build-tree case lets
 * `make check` run the agent without installing it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"

#define DEFAULT_CONFIG SYSCONFDIR "/lanner/lanner.yaml"

int paths_in_build_tree(void)
{
	static int known, answer;
	char exe[PATH_MAX], tree[PATH_MAX];

	if (known)
		return answer;
	known = 1;
	if (!realpath("/proc/self/exe", exe) ||
	    !realpath(BUILDDIR "/broker", tree))
		return answer = 0;
	answer =
	    strncmp(exe, tree, strlen(tree)) == 0 && exe[strlen(tree)] == '/';
	return answer;
}

static int try_path(char *out, size_t len, const char *dir, const char *sub,
		    const char *binary)
{
	int n = snprintf(out, len, "%s%s%s/%s", dir, sub ? "/" : "",
			 sub ? sub : "", binary);

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return access(out, X_OK) == 0 ? 0 : -ENOENT;
}

int paths_program(const struct proc_def *def, char *out, size_t len)
{
	const char *env = getenv("LANNER_LIBEXECDIR");

	if (env && *env)
		return try_path(out, len, env, NULL, def->binary);
	if (paths_in_build_tree())
		return try_path(out, len, BUILDDIR, def->builddir, def->binary);
	if (try_path(out, len, PKGLIBEXECDIR, NULL, def->binary) == 0)
		return 0;
	return try_path(out, len, LIBEXECDIR, NULL, def->binary);
}

const char *paths_default_rules(void)
{
	if (paths_in_build_tree())
		return SRCDIR "/rules/lanner_rules.yaml";
	return PKGDATADIR "/lanner_rules.yaml";
}

const char *paths_default_k8s_rules(void)
{
	if (paths_in_build_tree())
		return SRCDIR "/rules/lanner_k8s_audit_rules.yaml";
	return PKGDATADIR "/lanner_k8s_audit_rules.yaml";
}

const char *paths_default_config(void)
{
	return access(DEFAULT_CONFIG, R_OK) == 0 ? DEFAULT_CONFIG : NULL;
}
