/*
 * The syscall event drop check: syscall_event_drops.* parsing
 * (common/drops_conf.c), the token bucket, the threshold on the share of
 * events dropped in the last second, simulate_drops, and the alert Falco
 * raises.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "engine/drops.h"

#define SEC 1000000000ull
#define T0 (1700000000ull * SEC)

static void note(struct drops *dr, uint64_t kernel, uint64_t buffer,
		 uint64_t ring)
{
	struct drops_totals t = {
	    .kernel = kernel, .kernel_buffer = buffer, .ring = ring};

	drops_note(dr, &t);
}

static void test_conf(void)
{
	struct drops_conf c;

	drops_conf_default(&c);
	CHECK(c.actions == (DROPS_LOG | DROPS_ALERT) && !c.simulate);
	CHECK(c.rate == 0.03333 && c.max_burst == 1 && c.threshold == 0.1);
	/* -o gives a flow list; it replaces the default list. */
	CHECK(drops_conf_item(&c, "syscall_event_drops.actions",
			      "[exit, log]") == 0);
	CHECK(c.actions == (DROPS_EXIT | DROPS_LOG));
	/* A file gives one item per element. */
	drops_conf_default(&c);
	CHECK(drops_conf_item(&c, "syscall_event_drops.actions.0", "alert") ==
	      0);
	CHECK(drops_conf_item(&c, "syscall_event_drops.actions.1", "exit") ==
	      0);
	CHECK(c.actions == (DROPS_ALERT | DROPS_EXIT));
	CHECK(drops_conf_check(&c) == 0);
	CHECK(drops_conf_item(&c, "syscall_event_drops.actions.2", "ignore") ==
	      0);
	CHECK(drops_conf_check(&c) == -EINVAL);
	CHECK(drops_conf_item(&c, "syscall_event_drops.actions", "shout") ==
	      -EINVAL);
	CHECK(drops_conf_item(&c, "syscall_event_drops.threshold", "0.5") == 0);
	CHECK(drops_conf_item(&c, "syscall_event_drops.threshold", "1.5") ==
	      -EINVAL);
	CHECK(c.threshold == 0.5);
	CHECK(drops_conf_item(&c, "syscall_event_drops.rate", "2") == 0);
	CHECK(drops_conf_item(&c, "syscall_event_drops.max_burst", "3") == 0);
	CHECK(drops_conf_item(&c, "syscall_event_drops.simulate_drops",
			      "true") == 0);
	CHECK(c.rate == 2 && c.max_burst == 3 && c.simulate);
	CHECK(drops_conf_item(&c, "other.rate", "x") == 0);
}

/* The broker reads the whole configuration and refuses bad values. */
static void test_conf_read(void)
{
	struct drops_conf c;
	struct conf cf;
	char err[256];

	conf_init(&cf);
	CHECK(drops_conf_read(&c, &cf, err, sizeof(err)) == 0);
	CHECK(c.actions == (DROPS_LOG | DROPS_ALERT));
	conf_set(&cf, "syscall_event_drops.actions.0", "exit");
	conf_set(&cf, "syscall_event_drops.max_burst", "5");
	CHECK(drops_conf_read(&c, &cf, err, sizeof(err)) == 0);
	CHECK(c.actions == DROPS_EXIT && c.max_burst == 5);
	conf_set(&cf, "syscall_event_drops.rate", "fast");
	CHECK(drops_conf_read(&c, &cf, err, sizeof(err)) == -EINVAL);
	CHECK(strcmp(err, "syscall_event_drops.rate: unusable value fast") ==
	      0);
	conf_set(&cf, "syscall_event_drops.rate", "1");
	conf_set(&cf, "syscall_event_drops.actions.1", "ignore");
	CHECK(drops_conf_read(&c, &cf, err, sizeof(err)) == -EINVAL);
	conf_free(&cf);
}

static void test_bucket(void)
{
	struct tbucket b;

	drops_bucket_init(&b, 1, 2, T0); /* full: two at once */
	CHECK(drops_bucket_claim(&b, T0) == 1);
	CHECK(drops_bucket_claim(&b, T0) == 1);
	CHECK(drops_bucket_claim(&b, T0) == 0);
	CHECK(drops_bucket_claim(&b, T0 + SEC / 2) == 0);
	CHECK(drops_bucket_claim(&b, T0 + SEC) == 1);
	/* Never more than max_burst saved up. */
	CHECK(drops_bucket_claim(&b, T0 + 100 * SEC) == 1);
	CHECK(drops_bucket_claim(&b, T0 + 100 * SEC) == 1);
	CHECK(drops_bucket_claim(&b, T0 + 100 * SEC) == 0);
}

/* Falco's defaults: 10% of events, one action per 30 s. */
static void test_threshold(void)
{
	struct drops_conf c;
	struct drops_delta d;
	struct drops dr;
	uint64_t ev = 0;

	drops_conf_default(&c);
	drops_init(&dr, &c);
	CHECK(drops_check(&dr, T0, ev, &d) == 0); /* starts the clock */
	/* 5% dropped: under the threshold. */
	note(&dr, 30, 30, 20);
	ev += 950;
	CHECK(drops_check(&dr, T0 + SEC / 2, ev, &d) == 0); /* too soon */
	CHECK(drops_check(&dr, T0 + SEC + 1, ev, &d) == 0);
	CHECK(d.drops == 50 && d.evts == 1000 && dr.detected == 0);
	/* 20%: log and alert. */
	note(&dr, 230, 130, 20);
	ev += 800;
	CHECK(drops_check(&dr, T0 + 3 * SEC, ev, &d) ==
	      (DROPS_LOG | DROPS_ALERT));
	CHECK(d.drops == 200 && d.kernel == 200 && d.ring == 0);
	CHECK(d.kernel_buffer == 100);
	CHECK(d.evts == 1000);
	/* Again a second later: the bucket is empty. */
	note(&dr, 230, 130, 420);
	ev += 100;
	CHECK(drops_check(&dr, T0 + 5 * SEC, ev, &d) == 0);
	CHECK(dr.detected == 2 && dr.acted == 1 && d.ring == 400);
	/* 30 s on there is a token again. */
	note(&dr, 230, 130, 820);
	CHECK(drops_check(&dr, T0 + 36 * SEC, ev + 1, &d) ==
	      (DROPS_LOG | DROPS_ALERT));
	/* Capture restarted: its totals begin again from 0. */
	note(&dr, 5, 5, 0);
	CHECK(drops_check(&dr, T0 + 38 * SEC, ev + 1001, &d) == 0);
	CHECK(d.kernel == 5 && d.drops == 5);
}

/* simulate_drops: each check sees one drop more and the threshold is 0,
 * so the actions run as often as the bucket allows. */
static void test_simulate(void)
{
	struct drops_conf c;
	struct drops_delta d;
	struct drops dr;

	drops_conf_default(&c);
	CHECK(drops_conf_item(&c, "syscall_event_drops.simulate_drops",
			      "true") == 0);
	CHECK(drops_conf_item(&c, "syscall_event_drops.actions",
			      "[log,alert]") == 0);
	CHECK(drops_conf_item(&c, "syscall_event_drops.rate", "1") == 0);
	drops_init(&dr, &c);
	CHECK(drops_check(&dr, T0, 0, &d) == 0);
	for (uint64_t s = 1; s <= 5; s++) {
		CHECK(drops_check(&dr, T0 + 2 * s * SEC, s * 100000, &d) ==
		      (DROPS_LOG | DROPS_ALERT));
		CHECK(d.drops == 1 && d.kernel == 0 && d.evts == 100001);
	}
	/* ignore: the drop is seen, nothing is done. */
	drops_conf_default(&c);
	drops_conf_item(&c, "syscall_event_drops.actions", "ignore");
	drops_conf_item(&c, "syscall_event_drops.simulate_drops", "on");
	drops_init(&dr, &c);
	drops_check(&dr, T0, 0, &d);
	CHECK(drops_check(&dr, T0 + 2 * SEC, 10, &d) == 0);
	CHECK(dr.detected == 1 && dr.acted == 1);
}

static const char *field(const struct alert *a, const char *key)
{
	for (uint32_t i = 0; i < a->nfields; i++)
		if (strcmp(a->fields[i].key, key) == 0)
			return a->fields[i].value;
	return NULL;
}

static void test_alert(void)
{
	struct drops_delta d = {.evts = 1000,
				.drops = 300,
				.kernel = 200,
				.kernel_buffer = 150,
				.ring = 100};
	static struct alert a;
	char buf[1024];
	const char *v;

	CHECK(drops_alert(&d, T0, "host", &a, buf, sizeof(buf)) == 0);
	CHECK(strcmp(a.rule, "Falco internal: syscall event drop") == 0);
	CHECK(a.priority == PRIO_DEBUG && a.time_ns == T0);
	CHECK(strcmp(a.output, "Falco internal: syscall event drop. 300 "
			       "system calls dropped in last second.") == 0);
	CHECK((v = field(&a, "n_evts")) && strcmp(v, "1000") == 0);
	CHECK((v = field(&a, "n_drops")) && strcmp(v, "300") == 0);
	CHECK((v = field(&a, "n_drops_buffer_total")) && strcmp(v, "250") == 0);
	CHECK((v = field(&a, "n_drops_scratch_map")) && strcmp(v, "50") == 0);
	CHECK((v = field(&a, "n_drops_kernel")) && strcmp(v, "200") == 0);
	CHECK((v = field(&a, "n_drops_ring")) && strcmp(v, "100") == 0);
	CHECK((v = field(&a, "ebpf_enabled")) && strcmp(v, "1") == 0);
	CHECK(drops_alert(&d, T0, "host", &a, buf, 40) == -ENOBUFS);
}

int main(void)
{
	test_conf();
	test_conf_read();
	test_bucket();
	test_threshold();
	test_simulate();
	test_alert();
	return check_done();
}
