/*
 * The event types recorded only for the processes the rules name
 * (engine/evtsel_proc.c): for each set of conditions, whether mknodat
 * is so recorded, and the names whose bits its mask must hold or, when
 * no other name hashes to the same bit, leave out.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "conf.h"
#include "evtsel.h"
#include "ruleset.h"

#define EVERY NULL /* the type is recorded for every process */

struct proc_case {
	const char *cond[2]; /* one rule each */
	const char *keep[4]; /* names the mask holds; EVERY first: none */
	const char *skip[4]; /* names it should not hold */
	bool filtered;
	unsigned type; /* the type judged; 0: mknodat */
};

static const struct proc_case cases[] = {
    {{"evt.type = mknodat and proc.name = nc"},
     {"nc"},
     {"ncat", "bash"},
     true,
     0},
    {{"evt.type in (mknod, mknodat) and proc.name in (nc, ncat)"},
     {"nc", "ncat"},
     {"bash"},
     true,
     0},
    /* Both rules' names. */
    {{"evt.type = mknodat and proc.name = nc",
      "evt.type = mknodat and proc.name = socat"},
     {"nc", "socat"},
     {"bash"},
     true,
     0},
    /* A rule with no name check, or one by exclusion, takes every
     * process. */
    {{"evt.type = mknodat and proc.name = nc", "evt.type = mknodat"},
     {EVERY},
     {0},
     false,
     0},
    {{"evt.type = mknodat and not proc.name in (nc)"}, {EVERY}, {0}, false, 0},
    {{"evt.type = mknodat and proc.name startswith n"}, {EVERY}, {0}, false, 0},
    {{"evt.type = mknodat and tolower(proc.name) = nc"},
     {EVERY},
     {0},
     false,
     0},
    {{"evt.type = mknodat and proc.name = val(proc.pname)"},
     {EVERY},
     {0},
     false,
     0},
    /* Or: the names of both sides; and: of either side, the common
     * ones when both name some. */
    {{"evt.type = mknodat and (proc.name = a or proc.name in (b, c))"},
     {"a", "b", "c"},
     {"d"},
     true,
     0},
    {{"evt.type = mknodat and (proc.name = a or fd.num = 3)"},
     {EVERY},
     {0},
     false,
     0},
    {{"evt.type = mknodat and proc.name in (a, b) and proc.name in (b, c)"},
     {"b"},
     {"a", "c"},
     true,
     0},
    {{"evt.type = mknodat and proc.name in (a, b) and fd.num = 3"},
     {"a", "b"},
     {"c"},
     true,
     0},
    /* not (not x or y) is x and not y: x's names. */
    {{"evt.type = mknodat and not (not proc.name = a or fd.num = 3)"},
     {"a"},
     {"b"},
     true,
     0},
    /* A name longer than the kernel keeps is no process's. */
    {{"evt.type = mknodat and proc.name in (a, a-name-longer-than-15)"},
     {"a"},
     {"a-name-longer-t"},
     true,
     0},
    /* The state reads connect, and sendto when it comes: never
     * filtered. */
    {{"evt.type = connect and proc.name = nc"},
     {EVERY},
     {0},
     false,
     LNR_EVT_CONNECT},
    {{"evt.type = sendto and proc.name = dig"},
     {EVERY},
     {0},
     false,
     LNR_EVT_SENDTO},
};

static void load(struct ruleset **rs, const char *const cond[2])
{
	char text[2048];
	size_t n = 0;

	for (int i = 0; i < 2 && cond[i]; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "- rule: r%d\n  desc: d\n  condition: "
				      "%s\n  output: o\n  priority: NOTICE\n",
				      i, cond[i]);
	*rs = ruleset_new();
	CHECK(*rs != NULL);
	ruleset_add_file(*rs, "t.yaml", text, n);
	CHECK(ruleset_compile(*rs) == 0);
}

static void compute(struct ruleset *rs, const char *kv,
		    uint8_t set[LNR_EVT_COUNT], uint8_t mask[PROCFILTER_BYTES])
{
	struct conf c;
	char err[256];

	conf_init(&c);
	if (kv)
		CHECK(conf_override(&c, kv, err, sizeof(err)) == 0);
	memset(set, 0, LNR_EVT_COUNT);
	evtsel_compute(rs, &c, set);
	evtsel_proc_compute(rs, &c, set, mask);
	conf_free(&c);
}

static bool has_bit(const uint8_t mask[PROCFILTER_BYTES], const char *name)
{
	unsigned b = procfilter_bit(name, strlen(name));

	return (mask[b / 8] >> (b % 8)) & 1;
}

/* Whether another name of the case shares name's bit. */
static bool collides(const struct proc_case *k, const char *name)
{
	unsigned b = procfilter_bit(name, strlen(name));

	for (size_t i = 0; i < 4 && k->keep[i]; i++)
		if (procfilter_bit(k->keep[i], strlen(k->keep[i])) == b)
			return true;
	return false;
}

static void run_case(const struct proc_case *k)
{
	uint8_t set[LNR_EVT_COUNT], mask[PROCFILTER_BYTES];
	unsigned t = k->type ? k->type : LNR_EVT_MKNODAT;
	struct ruleset *rs;

	load(&rs, k->cond);
	compute(rs, NULL, set, mask);
	if (((set[t] & PROCFILTER_EVT) != 0) != k->filtered)
		fprintf(stderr, "case: %s\n", k->cond[0]);
	CHECK(set[t] & EVTSEL_RULES);
	CHECK(((set[t] & PROCFILTER_EVT) != 0) == k->filtered);
	for (size_t i = 0; i < 4 && k->keep[i]; i++)
		CHECK(has_bit(mask, k->keep[i]));
	for (size_t i = 0; i < 4 && k->skip[i]; i++)
		if (!collides(k, k->skip[i]))
			CHECK(!has_bit(mask, k->skip[i]));
	/* The base_syscalls keys that widen the selection take every
	 * process. */
	compute(rs, "base_syscalls.all=true", set, mask);
	CHECK(!(set[t] & PROCFILTER_EVT));
	compute(rs, "base_syscalls.custom_set=[mknodat]", set, mask);
	CHECK(!(set[t] & PROCFILTER_EVT));
	ruleset_free(rs);
}

/* A type whose rules can fire for no name is filtered with none. */
static void test_no_name(void)
{
	static const char *const cond[2] = {
	    "evt.type = mknodat and proc.name = a and proc.name = b"};
	uint8_t set[LNR_EVT_COUNT], mask[PROCFILTER_BYTES], zero[32] = {0};
	struct ruleset *rs;

	load(&rs, cond);
	compute(rs, NULL, set, mask);
	CHECK(set[LNR_EVT_MKNODAT] & PROCFILTER_EVT);
	CHECK(!memcmp(mask, zero, sizeof(zero)));
	ruleset_free(rs);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		run_case(&cases[i]);
	test_no_name();
	return check_done();
}
