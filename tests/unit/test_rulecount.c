/* Alerts per rule: counted per priority, bounded, the rest as "other". */
#include <stdio.h>
#include <string.h>

#include "broker/rulecount.h"
#include "check.h"

struct seen {
	uint64_t a_warn, a_err, other, rows;
};

static void see(void *arg, const char *rule, enum priority prio, uint64_t n)
{
	struct seen *s = arg;

	s->rows++;
	if (!rule)
		s->other += n;
	else if (!strcmp(rule, "A") && prio == PRIO_WARNING)
		s->a_warn = n;
	else if (!strcmp(rule, "A") && prio == PRIO_ERROR)
		s->a_err = n;
}

int main(void)
{
	struct rulecounts rc = {0};
	struct seen s = {0};
	char name[RULECOUNT_NAME + 8];

	rulecount_note(&rc, "A", PRIO_WARNING);
	rulecount_note(&rc, "A", PRIO_WARNING);
	rulecount_note(&rc, "A", PRIO_ERROR);
	rulecount_note(&rc, "A", (enum priority)PRIO_COUNT); /* ignored */
	for (unsigned i = 0; i < RULECOUNT_MAX + 10; i++) {
		snprintf(name, sizeof(name), "rule %u", i);
		rulecount_note(&rc, name, PRIO_NOTICE);
	}
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	rulecount_note(&rc, name, PRIO_NOTICE); /* too long: other */
	rulecount_note(&rc, NULL, PRIO_NOTICE);
	CHECK(rc.used == RULECOUNT_MAX);
	rulecount_each(&rc, see, &s);
	CHECK(s.a_warn == 2 && s.a_err == 1);
	/* A and 1023 others fit; 11 past the bound, the long one, NULL. */
	CHECK(s.other == 11 + 1 + 1);
	CHECK(s.rows == 2 + (RULECOUNT_MAX - 1) + 1);
	rulecount_free(&rc);
	return check_done();
}
