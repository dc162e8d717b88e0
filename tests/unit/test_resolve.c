/*
 * lanner-resolve's schedule (resolve/resolve.c): a name's refresh
 * interval doubles while its answer stays the same, up to the maximum,
 * and falls back to the minimum when it changes; a new list of names
 * keeps what the resolver knew of the names it still holds and drops
 * the others (what it knew is sent again); a new name is due at once.
 */
#include <string.h>

#include "check.h"
#include "resolve/resolve.h"

static void test_interval(void)
{
	uint32_t s = resolve_next_interval(0, 0);

	CHECK(s == DNS_REFRESH_MIN_S);
	CHECK(resolve_next_interval(s, 0) == 2 * DNS_REFRESH_MIN_S);
	for (int i = 0; i < 10; i++)
		s = resolve_next_interval(s, 0);
	CHECK(s == DNS_REFRESH_MAX_S);
	CHECK(resolve_next_interval(s, 1) == DNS_REFRESH_MIN_S);
	CHECK(resolve_next_interval(DNS_REFRESH_MAX_S - 1, 0) ==
	      DNS_REFRESH_MAX_S);
}

static void test_names(void)
{
	static struct resolver r;
	static const char *const first[] = {"a.example", "b.example"};
	static const char *const second[] = {"b.example", "c.example"};

	resolve_set_names(&r, first, 2);
	CHECK(r.n == 2 && strcmp(r.names[1].name, "b.example") == 0);
	CHECK(r.names[0].due_ns > 0 && !r.names[0].known);
	r.names[1].known = 1;
	r.names[1].every_s = 40;
	r.names[1].ans.naddrs = 1;
	resolve_set_names(&r, second, 2);
	CHECK(r.n == 2);
	CHECK(strcmp(r.names[0].name, "b.example") == 0);
	CHECK(r.names[0].known && r.names[0].every_s == 40 &&
	      r.names[0].ans.naddrs == 1);
	/* Sent again, for an engine that may have restarted. */
	CHECK(r.names[0].resend);
	CHECK(strcmp(r.names[1].name, "c.example") == 0 && !r.names[1].known);
	resolve_set_names(&r, NULL, 0);
	CHECK(r.n == 0);
}

int main(void)
{
	test_interval();
	test_names();
	return check_done();
}
