/*
 * Configuration: YAML flattened to dotted keys with sequence indices, -o
 * overrides replacing whole subtrees, and errors carrying line:column.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "conf.h"
#include "conf_keys.h"

static int load(struct conf *c, const char *yaml, char *err, size_t len)
{
	return conf_load_string(c, yaml, strlen(yaml), "test.yaml", err, len);
}

static void test_flatten(void)
{
	static const char yaml[] = "json_output: false\n"
				   "stdout_output:\n"
				   "  enabled: true\n"
				   "rules:\n"
				   "  - disable:\n"
				   "      rule: Foo*\n"
				   "  - enable:\n"
				   "      tag: [a, b]\n"
				   "priority: ~\n"
				   "outputs_queue: {capacity: 5}\n";
	struct conf c;
	char err[256] = "";

	conf_init(&c);
	CHECK(load(&c, yaml, err, sizeof(err)) == 0);
	CHECK(c.n == 7);
	CHECK(strcmp(c.items[0].key, "json_output") == 0);
	CHECK(strcmp(c.items[1].key, "stdout_output.enabled") == 0);
	CHECK(strcmp(conf_get(&c, "rules.0.disable.rule", ""), "Foo*") == 0);
	CHECK(strcmp(conf_get(&c, "rules.1.enable.tag.0", ""), "a") == 0);
	CHECK(strcmp(conf_get(&c, "rules.1.enable.tag.1", ""), "b") == 0);
	CHECK(strcmp(conf_get(&c, "priority", "x"), "") == 0);
	CHECK(conf_get_long(&c, "outputs_queue.capacity", 0) == 5);
	CHECK(conf_get_bool(&c, "stdout_output.enabled", 0) == 1);
	CHECK(conf_get_bool(&c, "json_output", 1) == 0);
	CHECK(conf_get_bool(&c, "absent", 1) == 1);
	CHECK(conf_get(&c, "stdout_output", NULL) == NULL);
	conf_free(&c);
}

static void test_override(void)
{
	struct conf c;
	char err[256] = "";

	conf_init(&c);
	CHECK(load(&c, "a:\n  b: 1\n  c: [x, y]\nd: 2\n", err, sizeof(err)) ==
	      0);
	/* A whole subtree is replaced. */
	CHECK(conf_override(&c, "a.c=z", err, sizeof(err)) == 0);
	CHECK(strcmp(conf_get(&c, "a.c", ""), "z") == 0);
	CHECK(conf_get(&c, "a.c.0", NULL) == NULL);
	/* Existing keys keep their place; new ones are appended. */
	CHECK(conf_override(&c, "d=3", err, sizeof(err)) == 0);
	CHECK(conf_override(&c, "e[1].f=4", err, sizeof(err)) == 0);
	CHECK(strcmp(c.items[1].key, "d") == 0);
	CHECK(strcmp(c.items[1].value, "3") == 0);
	CHECK(strcmp(c.items[c.n - 1].key, "e.1.f") == 0);
	/* A scalar above a new key goes away. */
	CHECK(conf_override(&c, "d.x=5", err, sizeof(err)) == 0);
	CHECK(conf_get(&c, "d", NULL) == NULL);
	CHECK(conf_override(&c, "empty=", err, sizeof(err)) == 0);
	CHECK(strcmp(conf_get(&c, "empty", "x"), "") == 0);
	CHECK(conf_override(&c, "novalue", err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "novalue") != NULL);
	CHECK(conf_override(&c, "a..b=1", err, sizeof(err)) == -EINVAL);
	CHECK(conf_override(&c, "=1", err, sizeof(err)) == -EINVAL);
	/* A flow value whose items would pass the key length: refused. */
	{
		char kv[CONF_MAX_KEY + 16];

		memset(kv, 'k', CONF_MAX_KEY - 2);
		snprintf(kv + CONF_MAX_KEY - 2, sizeof(kv) - CONF_MAX_KEY + 2,
			 "=[x]");
		CHECK(conf_override(&c, kv, err, sizeof(err)) == -EINVAL);
		CHECK(strstr(err, "too long") != NULL);
	}
	/* Flow sequences and mappings become the items a file would give,
	 * replacing what was there. */
	CHECK(conf_override(&c, "a.c=[\"!k\", l]", err, sizeof(err)) == 0);
	CHECK(conf_get(&c, "a.c", NULL) == NULL);
	CHECK(strcmp(conf_get(&c, "a.c.0", ""), "!k") == 0);
	CHECK(strcmp(conf_get(&c, "a.c.1", ""), "l") == 0);
	CHECK(conf_override(&c, "a.c={p: 1}", err, sizeof(err)) == 0);
	CHECK(conf_get(&c, "a.c.0", NULL) == NULL);
	CHECK(strcmp(conf_get(&c, "a.c.p", ""), "1") == 0);
	CHECK(conf_override(&c, "a.c=[]", err, sizeof(err)) == 0);
	CHECK(conf_get(&c, "a.c.p", NULL) == NULL);
	/* Not YAML, or more than one value: refused, and nothing changes. */
	CHECK(conf_override(&c, "a.c=[x]\nw: 1", err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "not one YAML value") != NULL);
	CHECK(conf_get(&c, "w", NULL) == NULL);
	CHECK(conf_override(&c, "a.c=[x", err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "-o a.c:") != NULL);
	conf_free(&c);
}

static void test_errors(void)
{
	struct conf c;
	char err[256] = "";

	conf_init(&c);
	CHECK(load(&c, "a: 1\nb: [1, 2\nc: 3\n", err, sizeof(err)) == -EINVAL);
	CHECK(strncmp(err, "test.yaml:3:", 12) == 0);
	conf_free(&c);

	conf_init(&c);
	CHECK(load(&c, "a: 1\n b: 2\n", err, sizeof(err)) == -EINVAL);
	CHECK(strncmp(err, "test.yaml:2:", 12) == 0);
	conf_free(&c);

	conf_init(&c);
	CHECK(load(&c, "- a\n- b\n", err, sizeof(err)) == -EINVAL);
	CHECK(strcmp(err, "test.yaml:1:1: the top level must be a mapping") ==
	      0);
	conf_free(&c);

	conf_init(&c);
	CHECK(load(&c, "a: &x 1\nb: *x\n", err, sizeof(err)) == -EINVAL);
	CHECK(strcmp(err, "test.yaml:2:4: aliases are not supported") == 0);
	conf_free(&c);

	conf_init(&c);
	CHECK(load(&c, "", err, sizeof(err)) == 0);
	CHECK(c.n == 0);
	CHECK(conf_load_file(&c, "/nonexistent/x.yaml", err, sizeof(err)) ==
	      -ENOENT);
	conf_free(&c);
}

static void test_bounds(void)
{
	struct conf c;
	char key[32];
	int r = 0;

	conf_init(&c);
	for (int i = 0; i <= CONF_MAX_ITEMS && r == 0; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		r = conf_set(&c, key, "v");
	}
	CHECK(r == -ENOSPC);
	CHECK(c.n == CONF_MAX_ITEMS);
	CHECK(c.refused == 1);
	conf_free(&c);
}

/* The key table: lists cover their items, values are typed, unknown keys
 * are not errors, and reads take the table's defaults. */
static void test_keys(void)
{
	struct conf c;
	char err[256];

	CHECK(conf_key_of("rules_files.3") == &conf_keys[CONF_RULES_FILES]);
	CHECK(conf_key_of("rules.0.disable.rule") == &conf_keys[CONF_RULES]);
	CHECK(conf_key_of("json_output.x") == NULL);
	CHECK(conf_key_of("stdout_output.enabled") ==
	      &conf_keys[CONF_OUTPUT_ENABLED_stdout]);
	CHECK(strcmp(conf_key_nearest("jsn_output"), "json_output") == 0);
	CHECK(strcmp(conf_key_nearest("outputs_queue.capacty"),
		     "outputs_queue.capacity") == 0);
	CHECK(conf_key_falco_only("grpc_output.enabled"));
	CHECK(conf_key_of("file_output.filename") ==
	      &conf_keys[CONF_FILE_OUTPUT_FILENAME]);
	CHECK(conf_key_of("append_output.0.match.tags.1") ==
	      &conf_keys[CONF_APPEND_OUTPUT]);
	CHECK(!conf_key_falco_only("jsn_output"));
	conf_init(&c);
	CHECK(conf_bool(&c, CONF_JSON_INCLUDE_TAGS_PROPERTY) == 1);
	CHECK(conf_long(&c, CONF_OUTPUTS_QUEUE_CAPACITY) == 10000);
	CHECK(strcmp(conf_str(&c, CONF_PRIORITY), "debug") == 0);
	CHECK(conf_set(&c, "jsn_output", "true") == 0);
	CHECK(conf_keys_check(&c, err, sizeof(err)) == 0);
	CHECK(conf_set(&c, "json_output", "maybe") == 0);
	CHECK(conf_keys_check(&c, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "json_output: 'maybe' is not true or false"));
	CHECK(conf_set(&c, "json_output", "yes") == 0);
	CHECK(conf_set(&c, "priority", "loud") == 0);
	CHECK(conf_keys_check(&c, err, sizeof(err)) == -EINVAL);
	CHECK(conf_set(&c, "priority", "WARNING") == 0);
	CHECK(conf_set(&c, "syscall_event_drops.threshold", "2") == 0);
	CHECK(conf_keys_check(&c, err, sizeof(err)) == -EINVAL);
	CHECK(conf_set(&c, "syscall_event_drops.threshold", "0.5") == 0);
	CHECK(conf_keys_check(&c, err, sizeof(err)) == 0);
	CHECK(conf_bool(&c, CONF_JSON_OUTPUT) == 1);
	conf_free(&c);
}

/* Durations as Falco writes them. */
static void test_durations(void)
{
	CHECK(conf_parse_duration_ms("500ms") == 500);
	CHECK(conf_parse_duration_ms("30s") == 30000);
	CHECK(conf_parse_duration_ms("15m") == 900000);
	CHECK(conf_parse_duration_ms("1h") == 3600000);
	CHECK(conf_parse_duration_ms("2d") == 172800000);
	CHECK(conf_parse_duration_ms("1") == -1);
	CHECK(conf_parse_duration_ms("h") == -1);
	CHECK(conf_parse_duration_ms("-1s") == -1);
	CHECK(conf_parse_duration_ms("1x") == -1);
	CHECK(conf_parse_duration_ms("99999999999999999999d") == -1);
}

/* A LIST key's items, else its default's, split at commas. */
static void test_list_defaults(void)
{
	struct conf c;
	const char *v[4];
	char buf[128], err[256] = "";
	enum conf_key_id ns = CONF_CONTAINER_CONTAINERD_NAMESPACES;

	conf_init(&c);
	CHECK(conf_list(&c, ns, v, 4, buf, sizeof(buf)) == 2 &&
	      strcmp(v[0], "k8s.io") == 0 && strcmp(v[1], "default") == 0);
	CHECK(conf_list(&c, ns, v, 1, buf, sizeof(buf)) == 1);
	CHECK(conf_list(&c, ns, v, 4, NULL, 0) == 0); /* the items only */
	CHECK(load(&c,
		   "container_engines:\n  containerd:\n"
		   "    namespaces: [a, b, c]\n",
		   err, sizeof(err)) == 0);
	CHECK(conf_list(&c, ns, v, 4, buf, sizeof(buf)) == 3 &&
	      strcmp(v[2], "c") == 0);
	conf_free(&c);
}

int main(void)
{
	test_list_defaults();
	test_durations();
	test_keys();
	test_flatten();
	test_override();
	test_errors();
	test_bounds();
	return check_done();
}
