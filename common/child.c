/*
 * What capture, the engine and every output worker do alike, in the order
 * of their lives: arguments, HELLO, configuration, the receive loop over
 * their handler table, the privilege drop and the sandbox.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "child.h"
#include "ratelog.h"
#include "ipc.h"
#include "privdrop.h"

volatile sig_atomic_t child_stopping;

/* A decimal descriptor number above stderr that names an open file. */
static int parse_fd(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v <= STDERR_FILENO || fcntl((int)v, F_GETFD) < 0)
		return -1;
	return (int)v;
}

static int bad_arg(char *err, size_t errlen, const char *what, const char *arg)
{
	snprintf(err, errlen, "%s%s", what, arg);
	return -EINVAL;
}

/* One option; arg is its value, or the option itself when it is unknown
 * or its value is missing. */
static int parse_opt(struct child_proc *c, int ch, const char *arg, char *err,
		     size_t errlen)
{
	int *fd = ch == 'r'   ? &c->ring_fd
		  : ch == 'w' ? &c->wake_fd
			      : &c->snapshot_fd;

	switch (ch) {
	case 'r':
	case 'w':
	case 's':
		*fd = c->def->ring ? parse_fd(arg) : -1;
		if (*fd < 0)
			return bad_arg(err, errlen,
				       "not a descriptor for it: ", arg);
		return 0;
	case 'f':
		if (!c->def->files || c->nfile_fds == CHILD_MAX_FILES ||
		    (c->file_fds[c->nfile_fds] = parse_fd(arg)) < 0)
			return bad_arg(err, errlen,
				       "not a file descriptor for it: ", arg);
		c->nfile_fds++;
		return 0;
	case 'k':
		c->sink_fd = parse_fd(arg);
		if (c->sink_fd < 0)
			return bad_arg(err, errlen,
				       "not a descriptor for it: ", arg);
		return 0;
	case 'c':
		c->ctl = arg;
		return 0;
	case 'l':
		if (log_level_parse(arg, &c->level) < 0)
			return bad_arg(err, errlen, "unknown log level ", arg);
		return 0;
	case ':':
		return bad_arg(err, errlen, "no value after ", arg);
	default:
		return bad_arg(err, errlen, "unknown option ", arg);
	}
}

int child_parse_args(struct child_proc *c, int argc, char **argv, char *err,
		     size_t errlen)
{
	static const struct option opts[] = {
	    {"ring-fd", required_argument, NULL, 'r'},
	    {"wake-fd", required_argument, NULL, 'w'},
	    {"snapshot-fd", required_argument, NULL, 's'},
	    {"file-fd", required_argument, NULL, 'f'},
	    {"sink-fd", required_argument, NULL, 'k'},
	    {"ctl", required_argument, NULL, 'c'},
	    {"log-level", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	int want = c->def->operand ? 1 : 0, ch, r;

	c->ring_fd = c->wake_fd = c->snapshot_fd = c->sink_fd = -1;
	c->nfile_fds = 0;
	c->ctl = c->operand = NULL;
	c->level = LOG_LVL_INFO;
	optind = 0; /* a fresh scan, also when called again */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		const char *arg =
		    ch == '?' || ch == ':' ? argv[optind - 1] : optarg;

		if ((r = parse_opt(c, ch, arg, err, errlen)) < 0)
			return r;
	}
	if (argc - optind != want)
		return bad_arg(err, errlen, "operands: ",
			       want ? "one is needed" : "none is taken");
	if (c->def->ring && (c->ring_fd < 0 || c->wake_fd < 0))
		return bad_arg(err, errlen, "missing ",
			       "--ring-fd or --wake-fd");
	if (!c->ctl)
		return bad_arg(err, errlen, "missing ", "--ctl");
	c->operand = want ? argv[optind] : NULL;
	return 0;
}

void child_start(struct child_proc *c, const struct child_def *def, void *self,
		 int argc, char **argv)
{
	char err[160];

	log_init(def->name, LOG_LVL_INFO);
	c->def = def;
	c->self = self;
	c->sock = -1;
	if (child_parse_args(c, argc, argv, err, sizeof(err)) < 0)
		fatal("%s; usage: %s%s%s%s --ctl URL [--log-level LEVEL]", err,
		      def->name, def->operand ? " " : "",
		      def->operand ? def->operand : "",
		      def->ring ? " --ring-fd N --wake-fd N" : "");
	log_set_level(c->level);
}

static void on_stop_signal(int sig)
{
	child_stopping = sig;
}

void child_signals(void)
{
	struct sigaction sa = {.sa_handler = on_stop_signal};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int child_send(struct child_proc *c, struct msg_out *m, int nonblock)
{
	if (msg_finish(m) < 0)
		return -EMSGSIZE;
	return ipc_send(c->sock, m, nonblock);
}

int child_send_stats(struct child_proc *c, const char *text)
{
	static uint8_t buf[8192 + 256];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), MSG_STATS, 0);
	msg_add_str(&m, text);
	return child_send(c, &m, 1);
}

int child_stats_due(const struct child_stats *s, uint64_t sum)
{
	return s->sum != sum && ratelog_now() >= s->at + CHILD_STATS_EVERY_NS;
}

void child_stats_send(struct child_proc *c, struct child_stats *s, uint64_t sum,
		      const char *text)
{
	if (child_send_stats(c, text) == 0) {
		s->sum = sum;
		s->at = ratelog_now();
	}
}

int child_send_ready(struct child_proc *c)
{
	uint8_t buf[64];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), MSG_READY, 0);
	return child_send(c, &m, 0);
}

void child_connect(struct child_proc *c)
{
	uint8_t buf[128];
	struct msg_out m;

	c->sock = ipc_connect(c->ctl);
	if (c->sock < 0)
		fatal("cannot connect to %s: %s", c->ctl, strerror(-c->sock));
	msg_begin(&m, buf, sizeof(buf), MSG_HELLO, 0);
	msg_add_u32(&m, (uint32_t)getpid());
	msg_add_str(&m, c->def->name);
	if (child_send(c, &m, 0) < 0)
		fatal("cannot greet the broker");
}

/* The message's handler in table h; a type it lacks ends the child. */
static int dispatch(const struct child_handler *h, size_t n, void *self,
		    struct msg_in *m)
{
	unsigned type = m->hdr.type;
	int r;

	for (size_t i = 0; i < n; i++) {
		if (h[i].type != type)
			continue;
		r = h[i].fn(self, m);
		if (r < 0)
			log_err("cannot handle the %s message from the broker: "
				"%s",
				msg_type_name(type), strerror(-r));
		return r;
	}
	log_err("unexpected %s message from the broker", msg_type_name(type));
	return -EPROTO;
}

/* The one receive loop's body: a message, then its handler. */
static int receive(struct child_proc *c, const struct child_handler *h,
		   size_t n, void *self, int timeout_ms)
{
	const char *why = NULL;
	struct msg_in m;
	void *raw;
	int r = ipc_recv(c->sock, &m, &raw, timeout_ms, &why);

	if (r == -EAGAIN || r == -ETIMEDOUT || r == -EINTR)
		return r;
	if (r < 0) {
		log_err("broker channel: %s", why ? why : strerror(-r));
		return r;
	}
	r = dispatch(h, n, self, &m);
	ipc_free(raw);
	return r;
}

/* The handshake's own table: START once, items, then END. */
struct config_phase {
	struct conf *conf;
	int started;
};

static int on_config_start(void *self, struct msg_in *m)
{
	struct config_phase *p = self;

	if (msg_end(m) < 0 || p->started)
		return -EPROTO;
	p->started = 1;
	return 0;
}

/* An item that does not fit is counted in conf.refused, not fatal. */
static int on_config_item(void *self, struct msg_in *m)
{
	struct config_phase *p = self;
	const char *key = msg_get_str(m), *value = msg_get_str(m);
	int r;

	if (msg_end(m) < 0 || !p->started)
		return -EPROTO;
	r = conf_add(p->conf, key, value);
	return r == -ENOSPC ? 0 : r;
}

static int on_config_end(void *self, struct msg_in *m)
{
	struct config_phase *p = self;

	if (msg_end(m) < 0 || !p->started)
		return -EPROTO;
	return CHILD_STOP;
}

void child_config(struct child_proc *c)
{
	static const struct child_handler config[] = {
	    {MSG_CONFIG_START, on_config_start},
	    {MSG_CONFIG_ITEM, on_config_item},
	    {MSG_CONFIG_END, on_config_end},
	};
	struct config_phase p = {.conf = &c->conf};
	int r;

	conf_init(&c->conf);
	do
		r = receive(c, config, sizeof(config) / sizeof(*config), &p,
			    CHILD_HANDSHAKE_MS);
	while (r == 0 || r == -EINTR);
	if (r != CHILD_STOP)
		fatal("no configuration from the broker: %s", strerror(-r));
	if (c->conf.refused)
		log_warn("%zu configuration items did not fit",
			 c->conf.refused);
}

int child_handle(struct child_proc *c, int timeout_ms)
{
	return receive(c, c->def->handlers, c->def->nhandlers, c->self,
		       timeout_ms);
}

int child_dispatch(struct child_proc *c)
{
	int r;

	do
		r = child_handle(c, 0);
	while (r == 0);
	return r == -EAGAIN || r == -EINTR ? 0 : r;
}

int child_run(struct child_proc *c)
{
	int r;

	do
		r = child_handle(c, -1);
	while (r == 0 || r == -EINTR);
	return r == CHILD_STOP ? 0 : r;
}

int child_on_shutdown(void *self, struct msg_in *m)
{
	(void)self;
	return msg_end(m) < 0 ? -EPROTO : CHILD_STOP;
}

int child_become(const char *user)
{
	uid_t uid;
	gid_t gid;

	if (getuid() != 0)
		return 0;
	if (privdrop_lookup(user, &uid, &gid) < 0)
		return -ENOENT;
	return privdrop_full(uid, gid);
}

/* Limits first, as OpenSSH's sandboxed child does, then the user. */
void child_drop_privileges(const struct child_proc *c)
{
	pid_t parent = getppid();
	int r = child_limits_to(c->def->nofile ? c->def->nofile : CHILD_NOFILE);

	if (r < 0)
		fatal("cannot set resource limits: %s", strerror(-r));
	r = child_become(c->def->user);
	if (r == -ENOENT)
		fatal("no user %s to run as", c->def->user);
	if (r < 0)
		fatal("cannot drop privileges: %s", strerror(-r));
	/* Changing credentials clears it: die with the broker. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		fatal("the broker is gone");
}

int child_limits(void)
{
	return child_limits_to(CHILD_NOFILE);
}

int child_limits_to(int max)
{
	struct rlimit core = {0, 0};
	struct rlimit nofile;

	if (setrlimit(RLIMIT_CORE, &core) < 0)
		return -errno;
	if (getrlimit(RLIMIT_NOFILE, &nofile) < 0)
		return -errno;
	if (nofile.rlim_max > (rlim_t)max)
		nofile.rlim_max = (rlim_t)max;
	if (nofile.rlim_cur > nofile.rlim_max)
		nofile.rlim_cur = nofile.rlim_max;
	return setrlimit(RLIMIT_NOFILE, &nofile) < 0 ? -errno : 0;
}

void child_sandbox_enter(const struct sc_rule *allow, size_t n)
{
	int r = sandbox_apply_process(allow, n, sandbox_debug_requested());

	if (r < 0)
		fatal("cannot install the sandbox: %s", strerror(-r));
}

void child_report(const char *what)
{
	log_debug("%s as uid %u, seccomp %d", what, (unsigned)getuid(),
		  prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
}
