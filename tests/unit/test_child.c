/*
 * The child library: its command line (descriptor bounds, the operand,
 * options a child does not take), the configuration handshake, and the
 * dispatch of broker messages through a handler table, where a type
 * missing from the table ends the loop.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/child.h"
#include "common/ipc.h"

static int started;

static int on_rules_start(void *self, struct msg_in *m)
{
	(void)self;
	started++;
	return msg_end(m);
}

static const struct child_handler handlers[] = {
    {MSG_RULES_START, on_rules_start},
    {MSG_SHUTDOWN, child_on_shutdown},
};

static const struct child_def ring_def = {
    .name = "test-ring",
    .user = "nobody",
    .ring = 1,
    .handlers = handlers,
    .nhandlers = sizeof(handlers) / sizeof(*handlers),
};

static const struct child_def files_def = {
    .name = "test-files",
    .user = "nobody",
    .ring = 1,
    .files = 1,
    .handlers = handlers,
    .nhandlers = sizeof(handlers) / sizeof(*handlers),
};

static const struct child_def operand_def = {
    .name = "test-operand",
    .user = "nobody",
    .operand = "CHANNEL",
    .handlers = handlers,
    .nhandlers = sizeof(handlers) / sizeof(*handlers),
};

/* A NULL-terminated argument list, the program name left out. */
#define ARGS(...) ((const char *[]){__VA_ARGS__, NULL})

/* Parses args for def; 0 or -EINVAL. */
static int parse(const struct child_def *def, struct child_proc *c,
		 const char *const *args)
{
	char *argv[16], err[160];
	int argc = 0;

	memset(c, 0, sizeof(*c));
	c->def = def;
	argv[argc++] = (char *)def->name;
	while (argc < 15 && *args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	err[0] = '\0';
	return child_parse_args(c, argc, argv, err, sizeof(err));
}

static int ring_fd_ok(const char *fd)
{
	struct child_proc c;

	return parse(&ring_def, &c,
		     ARGS("--ring-fd", fd, "--wake-fd", fd, "--ctl", "u"));
}

static void test_args(void)
{
	struct child_proc c;
	char fd[16], closed[16], big[32];
	int p[2];

	CHECK(pipe(p) == 0);
	snprintf(fd, sizeof(fd), "%d", p[0]);
	snprintf(closed, sizeof(closed), "%d", p[1] + 10);
	CHECK(parse(&ring_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--ctl",
			 "inproc://x", "--log-level", "debug")) == 0);
	CHECK(c.ring_fd == p[0] && c.wake_fd == p[0]);
	CHECK(strcmp(c.ctl, "inproc://x") == 0 && !c.operand);
	CHECK(c.level == LOG_LVL_DEBUG);

	/* Descriptors: decimal, above stderr, open, no larger than an int. */
	snprintf(big, sizeof(big), "%d", 2147483647);
	CHECK(ring_fd_ok("2") == -EINVAL);
	CHECK(ring_fd_ok("0") == -EINVAL);
	CHECK(ring_fd_ok("-1") == -EINVAL);
	CHECK(ring_fd_ok("") == -EINVAL);
	CHECK(ring_fd_ok("+4") == -EINVAL);
	CHECK(ring_fd_ok(" 4") == -EINVAL);
	CHECK(ring_fd_ok("4x") == -EINVAL);
	CHECK(ring_fd_ok(closed) == -EINVAL);
	CHECK(ring_fd_ok(big) == -EINVAL);
	CHECK(ring_fd_ok("99999999999999999999") == -EINVAL);

	/* What each child needs and what it does not take. */
	CHECK(parse(&ring_def, &c, ARGS("--ring-fd", fd, "--ctl", "u")) ==
	      -EINVAL);
	CHECK(parse(&ring_def, &c, ARGS("--ring-fd", fd, "--wake-fd", fd)) ==
	      -EINVAL);
	CHECK(parse(&ring_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--ctl", "u",
			 "extra")) == -EINVAL);
	CHECK(parse(&ring_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--ctl", "u",
			 "--log-level", "loud")) == -EINVAL);
	CHECK(parse(&ring_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--ctl", "u",
			 "--bogus")) == -EINVAL);
	CHECK(parse(&ring_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--ctl")) ==
	      -EINVAL);
	CHECK(parse(&operand_def, &c, ARGS("stdout", "--ctl", "u")) == 0);
	CHECK(c.operand && strcmp(c.operand, "stdout") == 0);
	CHECK(parse(&operand_def, &c, ARGS("--ctl", "u", "stdout")) == 0);
	CHECK(parse(&operand_def, &c, ARGS("--ctl", "u")) == -EINVAL);
	CHECK(parse(&operand_def, &c, ARGS("a", "b", "--ctl", "u")) == -EINVAL);
	CHECK(parse(&operand_def, &c,
		    ARGS("stdout", "--ctl", "u", "--ring-fd", fd)) == -EINVAL);

	/* --file-fd: repeated, in order, for a child that takes files. */
	CHECK(parse(&files_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--file-fd", fd,
			 "--ctl", "u", "--file-fd", fd)) == 0);
	CHECK(c.nfile_fds == 2 && c.file_fds[0] == p[0] &&
	      c.file_fds[1] == p[0]);
	CHECK(parse(&files_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--ctl", "u")) == 0);
	CHECK(c.nfile_fds == 0);
	CHECK(parse(&files_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--file-fd", closed,
			 "--ctl", "u")) == -EINVAL);
	CHECK(parse(&ring_def, &c,
		    ARGS("--ring-fd", fd, "--wake-fd", fd, "--file-fd", fd,
			 "--ctl", "u")) == -EINVAL);
	close(p[0]);
	close(p[1]);
}

static void send_empty(int sock, enum msg_type type)
{
	uint8_t buf[64];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), type, 0);
	CHECK(msg_finish(&m) > 0 && ipc_send(sock, &m, 0) == 0);
}

static void send_item(int sock, const char *key, const char *value)
{
	uint8_t buf[256];
	struct msg_out m;

	msg_begin(&m, buf, sizeof(buf), MSG_CONFIG_ITEM, 0);
	msg_add_str(&m, key);
	msg_add_str(&m, value);
	CHECK(msg_finish(&m) > 0 && ipc_send(sock, &m, 0) == 0);
}

/* A broker end and a child end of one channel. */
static int pair(struct child_proc *c, const char *url)
{
	int broker = ipc_listen(url);

	memset(c, 0, sizeof(*c));
	c->def = &ring_def;
	c->sock = ipc_connect(url);
	CHECK(broker >= 0 && c->sock >= 0);
	return broker;
}

static void test_config(void)
{
	struct child_proc c;
	int broker = pair(&c, "inproc://test-child-config");

	send_empty(broker, MSG_CONFIG_START);
	send_item(broker, "hostname", "h1");
	send_item(broker, "cli.disable_substr", "a");
	send_item(broker, "cli.disable_substr", "b");
	send_empty(broker, MSG_CONFIG_END);
	child_config(&c);
	CHECK(c.conf.n == 3); /* in order, the repeat kept */
	CHECK(strcmp(conf_get(&c.conf, "hostname", ""), "h1") == 0);
	CHECK(c.conf.n == 3 && strcmp(c.conf.items[2].value, "b") == 0);
	conf_free(&c.conf);
	ipc_close(c.sock);
	ipc_close(broker);
}

static void test_dispatch(void)
{
	struct child_proc c;
	int broker = pair(&c, "inproc://test-child-dispatch");
	uint8_t buf[64];
	struct msg_out m;

	started = 0;
	CHECK(child_handle(&c, 0) == -EAGAIN);
	send_empty(broker, MSG_RULES_START);
	CHECK(child_handle(&c, 2000) == 0 && started == 1);

	/* A type the table lacks: the child must end. */
	send_empty(broker, MSG_ALERT);
	CHECK(child_handle(&c, 2000) == -EPROTO);
	send_empty(broker, MSG_CONFIG_START); /* known type, not now */
	CHECK(child_handle(&c, 2000) == -EPROTO);

	/* A known type with bytes left over fails its handler. */
	msg_begin(&m, buf, sizeof(buf), MSG_SHUTDOWN, 0);
	msg_add_u32(&m, 7);
	CHECK(msg_finish(&m) > 0 && ipc_send(broker, &m, 0) == 0);
	CHECK(child_handle(&c, 2000) == -EPROTO);

	/* The loop runs handlers until shutdown. */
	send_empty(broker, MSG_RULES_START);
	send_empty(broker, MSG_RULES_START);
	send_empty(broker, MSG_SHUTDOWN);
	CHECK(child_run(&c) == 0 && started == 3);

	send_empty(broker, MSG_RULES_FILE);
	CHECK(child_run(&c) == -EPROTO);
	ipc_close(c.sock);
	ipc_close(broker);
}

int main(void)
{
	log_init("test_child", LOG_LVL_ERR);
	test_args();
	test_config();
	test_dispatch();
	return check_done();
}
