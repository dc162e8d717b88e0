/*
 * lanner-resolve's loop: the names table, c-ares lookups started when a
 * name is due (at most DNS_INFLIGHT_MAX at once), their answers sent to
 * the broker when they differ from the last one, and poll over the
 * broker's channel and c-ares' sockets.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "ipc.h"
#include "log.h"
#include "ratelog.h"
#include "resolve.h"

#define NS_PER_S 1000000000ull
#define LOOKUP_TIMEOUT_MS 2000 /* per server and try */
#define LOOKUP_TRIES 2
#define CONF_CHECK_NS (10 * NS_PER_S)
#define RESOLV_CONF "/etc/resolv.conf"

/* A lookup in flight: which name, found again by its text, since the
 * table may change while c-ares works. */
struct ask {
	struct resolver *r;
	char name[DNSINFO_NAME_MAX + 1];
};

uint32_t resolve_next_interval(uint32_t every_s, int changed)
{
	if (changed || every_s < DNS_REFRESH_MIN_S)
		return DNS_REFRESH_MIN_S;
	return every_s >= DNS_REFRESH_MAX_S / 2 ? DNS_REFRESH_MAX_S
						: every_s * 2;
}

/* When resolv.conf last changed (its inode and time), 0 when absent. */
static uint64_t conf_stamp(void)
{
	struct stat st;

	if (stat(RESOLV_CONF, &st) < 0)
		return 0;
	return (uint64_t)st.st_ino * 1000003u ^
	       ((uint64_t)st.st_mtim.tv_sec * NS_PER_S +
		(uint64_t)st.st_mtim.tv_nsec);
}

/* A channel with the host's configuration as it is now: /etc/resolv.conf
 * (and /etc/hosts at each lookup). */
static int channel_init(struct resolver *r)
{
	struct ares_options o = {.timeout = LOOKUP_TIMEOUT_MS,
				 .tries = LOOKUP_TRIES};

	r->conf_stamp = conf_stamp();
	return ares_init_options(&r->ch, &o,
				 ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
}

void resolve_setup(struct resolver *r)
{
	int rc = ares_library_init(ARES_LIB_INIT_ALL);

	if (rc == ARES_SUCCESS)
		rc = channel_init(r);
	if (rc != ARES_SUCCESS)
		fatal("cannot set up the resolver: %s", ares_strerror(rc));
	r->out = malloc(MSG_MAX_SIZE);
	if (!r->out)
		fatal("out of memory");
}

/* c-ares reads resolv.conf once per channel: a new one when the file
 * changed (a DHCP lease, a VPN), between lookups. */
static void channel_refresh(struct resolver *r, uint64_t now)
{
	ares_channel old = r->ch;
	int rc;

	if (now < r->conf_checked + CONF_CHECK_NS || r->inflight)
		return;
	r->conf_checked = now;
	if (conf_stamp() == r->conf_stamp)
		return;
	rc = channel_init(r);
	if (rc != ARES_SUCCESS) {
		log_warn("cannot read the new resolver configuration: %s",
			 ares_strerror(rc));
		r->ch = old;
		return;
	}
	ares_destroy(old);
	log_info("resolver configuration changed: names are resolved "
		 "again");
	for (size_t i = 0; i < r->n; i++)
		r->names[i].due_ns = now;
}

static struct dns_name *find(struct resolver *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->names[i].name, name) == 0)
			return &r->names[i];
	return NULL;
}

void resolve_set_names(struct resolver *r, const char *const *names, size_t n)
{
	static struct dns_name keep[DNSINFO_NAMES_MAX];
	uint64_t now = ratelog_now();
	size_t k = 0;

	for (size_t i = 0; i < n && k < DNSINFO_NAMES_MAX; i++) {
		const struct dns_name *old = find(r, names[i]);
		struct dns_name *d = &keep[k++];

		if (old) {
			/* The engine may have restarted with them. */
			*d = *old;
			d->resend = d->known;
			continue;
		}
		memset(d, 0, sizeof(*d));
		snprintf(d->name, sizeof(d->name), "%s", names[i]);
		d->due_ns = now;
	}
	memcpy(r->names, keep, k * sizeof(*keep));
	r->n = k;
	log_debug("%zu names to resolve", k);
}

static void send_answer(struct resolver *r, struct dns_name *d)
{
	struct msg_out m;

	d->ans.name = d->name;
	msg_begin(&m, r->out, MSG_MAX_SIZE, MSG_DNS_ADDRS, 0);
	dnsinfo_encode(&m, &d->ans);
	if (child_send(&r->child, &m, 0) < 0) {
		log_warn("cannot send the addresses of %s", d->name);
		d->resend = 1; /* tried again on the next turn */
		return;
	}
	d->known = 1;
	d->resend = 0;
	r->answers++;
}

static void send_again(struct resolver *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->names[i].resend)
			send_answer(r, &r->names[i]);
}

static int cmp_addr(const void *x, const void *y)
{
	return dnsinfo_addr_cmp(x, y);
}

/* The addresses of a reply, at most DNSINFO_ADDRS_MAX, sorted: a server
 * that rotates them gives the same answer. */
static void take_addrs(struct dnsinfo *ans, const struct ares_addrinfo *ai)
{
	ans->naddrs = 0;
	for (const struct ares_addrinfo_node *a = ai ? ai->nodes : NULL;
	     a && ans->naddrs < DNSINFO_ADDRS_MAX; a = a->ai_next) {
		struct dnsinfo_addr *d = &ans->addrs[ans->naddrs];

		memset(d, 0, sizeof(*d));
		if (a->ai_family == AF_INET &&
		    a->ai_addrlen >= sizeof(struct sockaddr_in))
			memcpy(d->addr,
			       &((struct sockaddr_in *)(void *)a->ai_addr)
				    ->sin_addr,
			       4);
		else if (a->ai_family == AF_INET6 &&
			 a->ai_addrlen >= sizeof(struct sockaddr_in6))
			memcpy(d->addr,
			       &((struct sockaddr_in6 *)(void *)a->ai_addr)
				    ->sin6_addr,
			       16);
		else
			continue;
		d->family = (uint32_t)a->ai_family;
		ans->naddrs++;
	}
	qsort(ans->addrs, ans->naddrs, sizeof(*ans->addrs), cmp_addr);
}

static int same_answer(const struct dnsinfo *a, const struct dnsinfo *b)
{
	return a->naddrs == b->naddrs &&
	       memcmp(a->addrs, b->addrs, a->naddrs * sizeof(*a->addrs)) == 0;
}

static void on_answer(void *arg, int status, int timeouts,
		      struct ares_addrinfo *ai)
{
	struct ask *q = arg;
	struct resolver *r = q->r;
	struct dns_name *d = find(r, q->name);
	struct dnsinfo now;
	int changed;

	(void)timeouts;
	r->inflight--;
	if (d)
		d->inflight = 0;
	if (d && (status == ARES_SUCCESS || status == ARES_ENOTFOUND ||
		  status == ARES_ENODATA)) {
		take_addrs(&now, status == ARES_SUCCESS ? ai : NULL);
		changed = !d->known || !same_answer(&now, &d->ans);
		d->ans = now;
		/* Sent every time: an answer lost on the way (the engine
		 * restarting, its channel full) is made good at the next. */
		send_answer(r, d);
		d->every_s = resolve_next_interval(d->every_s, changed);
	} else if (d) {
		/* No answer (a timeout, a server failure): keep the last. */
		r->failures++;
		log_debug("%s: %s", d->name, ares_strerror(status));
		d->every_s = resolve_next_interval(d->every_s, 1);
	}
	if (d)
		d->due_ns = ratelog_now() + d->every_s * NS_PER_S;
	if (ai)
		ares_freeaddrinfo(ai);
	free(q);
}

/* Starts the lookups that are due; the earliest later due time. */
static uint64_t start_due(struct resolver *r, uint64_t now)
{
	/* Unsorted: sorting connects a socket to every address, events
	 * a rule on connect would see. */
	static const struct ares_addrinfo_hints hints = {
	    .ai_flags = ARES_AI_NOSORT, .ai_family = AF_UNSPEC};
	uint64_t next = now + 3600 * NS_PER_S;

	for (size_t i = 0; i < r->n; i++) {
		struct dns_name *d = &r->names[i];
		struct ask *q;

		if (d->inflight)
			continue;
		if (d->due_ns > now || r->inflight >= DNS_INFLIGHT_MAX) {
			next = d->due_ns > now && d->due_ns < next ? d->due_ns
								   : next;
			continue;
		}
		q = malloc(sizeof(*q));
		if (!q)
			break;
		q->r = r;
		memcpy(q->name, d->name, sizeof(q->name));
		d->inflight = 1;
		r->inflight++;
		r->lookups++;
		/* May answer at once (from /etc/hosts). */
		ares_getaddrinfo(r->ch, q->name, NULL, &hints, on_answer, q);
	}
	return next;
}

/* The broker's channel first, then c-ares' sockets. */
static nfds_t poll_set(struct resolver *r, struct pollfd *p,
		       ares_socket_t *socks, int *timeout, uint64_t next)
{
	uint64_t now = ratelog_now();
	struct timeval max, tv, *t;
	int bits = ares_getsock(r->ch, socks, ARES_GETSOCK_MAXNUM);
	nfds_t n = 0;

	p[n++] =
	    (struct pollfd){.fd = ipc_recv_fd(r->child.sock), .events = POLLIN};
	for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
		short ev =
		    (short)((ARES_GETSOCK_READABLE(bits, i) ? POLLIN : 0) |
			    (ARES_GETSOCK_WRITABLE(bits, i) ? POLLOUT : 0));

		p[n++] =
		    (struct pollfd){.fd = ev ? socks[i] : -1, .events = ev};
	}
	if (next > now + CHILD_STATS_EVERY_NS)
		next = now + CHILD_STATS_EVERY_NS;
	*timeout = next > now ? (int)((next - now) / 1000000 + 1) : 0;
	max = (struct timeval){.tv_sec = *timeout / 1000,
			       .tv_usec = (long)(*timeout % 1000) * 1000};
	t = ares_timeout(r->ch, &max, &tv);
	*timeout = (int)(t->tv_sec * 1000 + (t->tv_usec + 999) / 1000);
	return n;
}

static void send_stats(struct resolver *r)
{
	uint64_t sum = r->lookups + r->failures;
	char text[256];

	if (!child_stats_due(&r->stats, sum))
		return;
	snprintf(text, sizeof(text),
		 "names=%zu\nlookups=%llu\nanswers=%llu\nfailures=%llu\n", r->n,
		 (unsigned long long)r->lookups, (unsigned long long)r->answers,
		 (unsigned long long)r->failures);
	child_stats_send(&r->child, &r->stats, sum, text);
}

int resolve_run(struct resolver *r)
{
	struct pollfd p[1 + ARES_GETSOCK_MAXNUM];
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	int timeout, rc;

	while (!child_stopping) {
		uint64_t next;

		channel_refresh(r, ratelog_now());
		next = start_due(r, ratelog_now());
		nfds_t n = poll_set(r, p, socks, &timeout, next);

		if (poll(p, n, timeout) < 0 && errno != EINTR)
			return -errno;
		rc = child_dispatch(&r->child);
		if (rc)
			return rc == CHILD_STOP ? 0 : rc;
		for (nfds_t i = 1; i < n; i++)
			if (p[i].fd >= 0 && p[i].revents)
				ares_process_fd(
				    r->ch,
				    p[i].revents & (POLLIN | POLLERR | POLLHUP)
					? p[i].fd
					: ARES_SOCKET_BAD,
				    p[i].revents & POLLOUT ? p[i].fd
							   : ARES_SOCKET_BAD);
		/* Timeouts and retries. */
		ares_process_fd(r->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
		send_again(r);
		send_stats(r);
	}
	return 0;
}
