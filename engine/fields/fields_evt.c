/*
 * evt.*: the event itself: its type, time, number, arguments and result,
 * and the process a signal or ptrace call is aimed at. lanner emits
 * syscall exit records that carry the arguments, so every event has
 * direction "<".
 */
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/ptrace.h>
#include <time.h>

#include "evt_ctx.h"
#include "evt_render.h"
#include "fields_val.h"
#include "state.h"

static uint64_t ts(const struct evt_ctx *ctx)
{
	return ctx->evt.hdr->ts;
}

static int x_type(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return fv_str(o, ctx->evt.info->name);
}

static int x_dir(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	return fv_str(o, "<");
}

static int x_num(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	return fv_u64(o, FT_UINT64, ctx->num);
}

static int x_rawtime(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	return fv_u64(o, FT_ABSTIME, ts(ctx));
}

static int x_rawtime_s(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	return fv_u64(o, FT_UINT64, ts(ctx) / 1000000000u);
}

static int x_rawtime_ns(struct evt_ctx *ctx, const struct field_arg *a,
			struct fval *o, int max)
{
	return fv_u64(o, FT_UINT64, ts(ctx) % 1000000000u);
}

/* Times are shown in UTC: the sandboxed engine reads no time zone. */
static int fmt_time(struct evt_ctx *ctx, struct fval *o, const char *tfmt,
		    const char *suffix, bool ns)
{
	time_t secs = (time_t)(ts(ctx) / 1000000000u);
	unsigned nsec = (unsigned)(ts(ctx) % 1000000000u);
	char date[64];
	const char *s;
	struct tm tm;
	size_t len;

	if (!gmtime_r(&secs, &tm) || !strftime(date, sizeof(date), tfmt, &tm))
		return 0;
	if (ns)
		s = evt_ctx_printf(ctx, &len, "%s.%09u%s", date, nsec, suffix);
	else
		s = evt_ctx_printf(ctx, &len, "%s%s", date, suffix);
	return s ? fv_strn(o, FT_STRING, s, len) : 0;
}

static int x_time(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return fmt_time(ctx, o, "%H:%M:%S", "", true);
}

static int x_time_s(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	return fmt_time(ctx, o, "%H:%M:%S", "", false);
}

static int x_time_iso(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	return fmt_time(ctx, o, "%Y-%m-%dT%H:%M:%S", "Z", true);
}

static int x_datetime(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	return fmt_time(ctx, o, "%Y-%m-%d %H:%M:%S", "", true);
}

static int x_datetime_s(struct evt_ctx *ctx, const struct field_arg *a,
			struct fval *o, int max)
{
	return fmt_time(ctx, o, "%Y-%m-%d %H:%M:%S", "", false);
}

static int x_hostname(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	return ctx->hostname ? fv_str(o, ctx->hostname) : 0;
}

static int x_source(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	return fv_str(o, ctx->evt.info->kind == LNR_KIND_PLUGIN ? "k8s_audit"
								: "syscall");
}

static int x_is_io_uring(struct evt_ctx *ctx, const struct field_arg *a,
			 struct fval *o, int max)
{
	return fv_bool(o, ctx->evt.info->kind == LNR_KIND_IOURING);
}

static int x_count(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	return fv_u64(o, FT_UINT64, 1);
}

/* The parameter evt.arg.NAME or evt.arg[N] names; -1 when none. */
static int arg_index(struct evt_ctx *ctx, const struct field_arg *a)
{
	if (!a->present)
		return -1;
	if (a->key[0])
		return ctx->type < LNR_EVT_COUNT ? a->param[ctx->type] : -1;
	if (a->index < 0 || a->index >= ctx->evt.nparams)
		return -1;
	return (int)a->index;
}

static int x_arg(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	int i = arg_index(ctx, a);
	const char *s;
	size_t len;

	if (i < 0)
		return 0;
	s = evt_render_param(ctx, (unsigned)i, &len);
	return s ? fv_strn(o, FT_STRING, s, len) : 0;
}

static int x_rawarg(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	int i = arg_index(ctx, a);
	int64_t v;

	if (i < 0 || lnr_evt_get_s64(&ctx->evt, (unsigned)i, &v) < 0)
		return 0;
	return fv_i64(o, v);
}

/* Every argument as name=value, space-separated. */
static int x_args(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	size_t room = 8192, used = 0;
	char *buf = evt_ctx_alloc(ctx, room);

	if (!buf)
		return 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < ctx->evt.nparams; i++) {
		const char *name = ctx->evt.info->params[i].name;
		const char *v = evt_render_param(ctx, i, NULL);
		int n;

		if (!v)
			continue;
		n = snprintf(buf + used, room - used, "%s%s=%s",
			     used ? " " : "", name, v);
		if (n < 0 || (size_t)n >= room - used)
			break;
		used += (size_t)n;
	}
	return fv_strn(o, FT_STRING, buf, used);
}

static int res_of(struct evt_ctx *ctx, int64_t *res)
{
	int i = lnr_evt_ret_index(ctx->type);

	if (i < 0)
		return -1;
	return lnr_evt_get_s64(&ctx->evt, (unsigned)i, res);
}

static int x_res(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	const char *name;
	int64_t res;

	if (res_of(ctx, &res) < 0)
		return 0;
	if (res >= 0)
		return fv_str(o, "SUCCESS");
	name = evt_render_errno(res);
	if (name)
		return fv_str(o, name);
	name = evt_ctx_printf(ctx, NULL, "%" PRId64, res);
	return fv_str(o, name);
}

static int x_rawres(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	int64_t res;

	return res_of(ctx, &res) < 0 ? 0 : fv_i64(o, res);
}

static int x_failed(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	int64_t res;

	return res_of(ctx, &res) < 0 ? 0 : fv_bool(o, res < 0);
}

/* Open flags of an open-like event; creat implies O_CREAT|O_WRONLY|
 * O_TRUNC. false when the event is not an open. */
static bool open_flags(struct evt_ctx *ctx, uint64_t *flags, uint64_t *mode)
{
	const struct state_open_params *op = state_open_params(ctx->type);

	*flags = 0;
	*mode = 0;
	if (!op)
		return false;
	lnr_evt_get_u64(&ctx->evt, (unsigned)op->mode, mode);
	if (ctx->type == LNR_EVT_CREAT) {
		*flags = O_CREAT | O_WRONLY | O_TRUNC;
		return true;
	}
	return lnr_evt_get_u64(&ctx->evt, (unsigned)op->flags, flags) == 0;
}

static int x_is_open_read(struct evt_ctx *ctx, const struct field_arg *a,
			  struct fval *o, int max)
{
	uint64_t f, m;
	bool r = open_flags(ctx, &f, &m);

	return fv_bool(
	    o, r && ((f & O_ACCMODE) == O_RDONLY || (f & O_ACCMODE) == O_RDWR));
}

static int x_is_open_write(struct evt_ctx *ctx, const struct field_arg *a,
			   struct fval *o, int max)
{
	uint64_t f, m;
	bool r = open_flags(ctx, &f, &m);

	return fv_bool(
	    o, r && ((f & O_ACCMODE) == O_WRONLY || (f & O_ACCMODE) == O_RDWR));
}

/* A file created with an execute bit in its mode. */
static int x_is_open_exec(struct evt_ctx *ctx, const struct field_arg *a,
			  struct fval *o, int max)
{
	uint64_t f, m;
	bool r = open_flags(ctx, &f, &m);

	return fv_bool(o, r && (f & (O_CREAT | O_TMPFILE)) && (m & 0111));
}

static int x_is_open_create(struct evt_ctx *ctx, const struct field_arg *a,
			    struct fval *o, int max)
{
	uint64_t f, m;
	bool r = open_flags(ctx, &f, &m);

	return fv_bool(o, r && (f & O_CREAT));
}

/* A thread or process id as the caller named it, when it names one: a
 * kill aimed at a process group (0, -1, -pgid) does not. */
static int64_t target_id(struct evt_ctx *ctx, int param)
{
	int64_t id;

	if (lnr_evt_get_s64(&ctx->evt, (unsigned)param, &id) < 0)
		return 0;
	return id > 0 && id <= INT32_MAX ? id : 0;
}

/* The process of thread id, or the process id when the thread is not
 * known on its own. */
static struct sproc *target_lookup(struct evt_ctx *ctx, int64_t id)
{
	const struct thread_table *t = &ctx->st->threads;
	struct sthread *thr;

	if (id <= 0)
		return NULL;
	thr = state_thread_find(t, (uint32_t)id);
	return thr ? state_thread_proc(t, thr)
		   : state_proc_find(t, (uint32_t)id);
}

/* Ids in a call are those of the caller's pid namespace and the thread
 * table's are the host's: they agree when the caller's own do. */
static bool host_ids(const struct evt_ctx *ctx)
{
	const struct sproc *p = ctx->proc;

	return !p || !p->vpid || p->vpid == p->pid;
}

/* PTRACE_TRACEME names no pid: its target is the caller's parent. */
static bool traceme(struct evt_ctx *ctx)
{
	int64_t req;

	return lnr_evt_get_s64(&ctx->evt, LNR_PI_PTRACE_request, &req) == 0 &&
	       req == PTRACE_TRACEME;
}

/* The process a kill, tkill, tgkill or ptrace call is aimed at. A tgkill
 * names the thread, or failing that its process. */
static struct sproc *target(struct evt_ctx *ctx)
{
	int64_t id, group = 0;

	switch (ctx->type) {
	case LNR_EVT_KILL:
		id = target_id(ctx, LNR_PI_KILL_pid);
		break;
	case LNR_EVT_TKILL:
		id = target_id(ctx, LNR_PI_TKILL_tid);
		break;
	case LNR_EVT_TGKILL:
		group = target_id(ctx, LNR_PI_TGKILL_pid);
		id = group ? target_id(ctx, LNR_PI_TGKILL_tid) : 0;
		break;
	case LNR_EVT_PTRACE:
		id = traceme(ctx) ? 0 : target_id(ctx, LNR_PI_PTRACE_pid);
		break;
	default:
		return NULL;
	}
	if (!id || !host_ids(ctx))
		return NULL;
	return target_lookup(ctx, id) ?: target_lookup(ctx, group);
}

static int x_target_name(struct evt_ctx *ctx, const struct field_arg *a,
			 struct fval *o, int max)
{
	const struct sproc *p = target(ctx);

	return p && *p->comm ? fv_str(o, p->comm) : 0;
}

static int x_target_exepath(struct evt_ctx *ctx, const struct field_arg *a,
			    struct fval *o, int max)
{
	const struct sproc *p = target(ctx);

	return p && *p->exepath ? fv_path(o, p->exepath) : 0;
}

static int x_false(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	return fv_bool(o, false);
}

#define ARGK (FARG_DOTTED | FARG_INDEX | FARG_REQUIRED | FARG_PARAM)
/* The data parameter of the read/write family, or -1. */
static int data_index(const struct evt_ctx *ctx)
{
	int i = lnr_evt_param_index(ctx->type, "data");

	return i >= 0 && ctx->evt.info->params[i].type == LNR_PT_BYTES ? i : -1;
}

/* 'r' for the read family, 'w' for the write family, 0 otherwise. */
static char io_dir(const struct evt_ctx *ctx)
{
	static const char *const reads[] = {"read", "pread64", "readv",
					    "recvfrom", "recvmsg"};
	static const char *const writes[] = {"write", "pwrite64", "writev",
					     "sendto", "sendmsg"};
	const char *name = ctx->evt.info->name;

	for (size_t i = 0; i < sizeof(reads) / sizeof(*reads); i++) {
		if (!strcmp(name, reads[i]))
			return 'r';
		if (!strcmp(name, writes[i]))
			return 'w';
	}
	return 0;
}

static int x_is_io(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	return fv_bool(o, io_dir(ctx) != 0);
}

static int x_is_io_read(struct evt_ctx *ctx, const struct field_arg *a,
			struct fval *o, int max)
{
	return fv_bool(o, io_dir(ctx) == 'r');
}

static int x_is_io_write(struct evt_ctx *ctx, const struct field_arg *a,
			 struct fval *o, int max)
{
	return fv_bool(o, io_dir(ctx) == 'w');
}

static int x_buffer(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	int i = data_index(ctx);

	if (i < 0 || i >= ctx->evt.nparams)
		return 0;
	return fv_strn(o, FT_BYTES, (const char *)ctx->evt.param[i],
		       ctx->evt.plen[i]);
}

static int x_buflen(struct evt_ctx *ctx, const struct field_arg *a,
		    struct fval *o, int max)
{
	int64_t res;

	if (data_index(ctx) < 0 ||
	    lnr_evt_get_s64(&ctx->evt, LNR_PI_RET, &res) < 0 || res < 0)
		return 0;
	return fv_u64(o, FT_UINT64, (uint64_t)res);
}

static const struct field_def evt_fields[] = {
    F("evt.num", FT_UINT64, 0, 0, "event number, from 1", x_num),
    F("evt.time", FT_STRING, 0, 0, "event time as HH:MM:SS.nnnnnnnnn (UTC)",
      x_time),
    F("evt.time.s", FT_STRING, 0, 0, "event time as HH:MM:SS (UTC)", x_time_s),
    F("evt.time.iso8601", FT_STRING, 0, 0,
      "event time in ISO 8601 with nanoseconds (UTC)", x_time_iso),
    F("evt.datetime", FT_STRING, 0, 0,
      "event date and time, YYYY-MM-DD HH:MM:SS.nnnnnnnnn (UTC)", x_datetime),
    F("evt.datetime.s", FT_STRING, 0, 0,
      "event date and time, YYYY-MM-DD HH:MM:SS (UTC)", x_datetime_s),
    F("evt.rawtime", FT_ABSTIME, 0, 0, "event time, ns since the epoch",
      x_rawtime),
    F("evt.rawtime.s", FT_UINT64, 0, 0, "seconds part of the event time",
      x_rawtime_s),
    F("evt.rawtime.ns", FT_UINT64, 0, 0, "nanoseconds part of the event time",
      x_rawtime_ns),
    F("evt.dir", FT_STRING, 0, 0,
      "direction: always '<' (lanner records the syscall exit with its "
      "arguments)",
      x_dir),
    F("evt.type", FT_STRING, 0, 0,
      "event type (the syscall name: open, execve, ...)", x_type),
    F("evt.source", FT_STRING, 0, 0, "event source: syscall or k8s_audit",
      x_source),
    F("evt.hostname", FT_STRING, 0, 0, "name of the host the event happened on",
      x_hostname),
    F("evt.is_io_uring", FT_BOOL, 0, 0,
      "true for an operation submitted through io_uring, which the event "
      "type names by its syscall",
      x_is_io_uring),
    F("evt.count", FT_UINT64, 0, 0, "1 for every event (for aggregations)",
      x_count),
    F("evt.args", FT_STRING, 0, 0,
      "every argument as name=value, space-separated", x_args),
    F("evt.arg", FT_STRING, ARGK, 0,
      "one argument as text: evt.arg.NAME or evt.arg[N] (flags as "
      "O_RDONLY|O_CLOEXEC, errors as ENOENT)",
      x_arg),
    F("evt.rawarg", FT_INT64, ARGK, 0,
      "one numeric argument as a number: evt.rawarg.NAME", x_rawarg),
    F("evt.res", FT_STRING, 0, 0, "result: SUCCESS, or the error name (ENOENT)",
      x_res),
    F("evt.rawres", FT_INT64, 0, 0,
      "result as a number (negative errno on failure)", x_rawres),
    F("evt.failed", FT_BOOL, 0, 0, "true if the call returned an error",
      x_failed),
    F("evt.is_open_read", FT_BOOL, 0, 0,
      "true for an open that asked for read access", x_is_open_read),
    F("evt.is_open_write", FT_BOOL, 0, 0,
      "true for an open that asked for write access", x_is_open_write),
    F("evt.is_open_exec", FT_BOOL, 0, 0,
      "true for an open that creates a file with an execute bit",
      x_is_open_exec),
    F("evt.is_open_create", FT_BOOL, 0, 0,
      "true for an open that may create the file (O_CREAT)", x_is_open_create),
    F("evt.target.name", FT_STRING, 0, 0,
      "name (as proc.name) of the process a kill, tkill, tgkill or ptrace "
      "call is aimed at; none for process groups and unknown ids",
      x_target_name),
    F("evt.target.exepath", FT_FSPATH, 0, 0,
      "executable path (as proc.exepath) of the process a kill, tkill, "
      "tgkill or ptrace call is aimed at",
      x_target_exepath),
    F("evt.is_io", FT_BOOL, 0, 0,
      "true for events that move data: the read/write and send/receive "
      "families, through io_uring too",
      x_is_io),
    F("evt.is_io_read", FT_BOOL, 0, 0,
      "true for read, pread64, readv, recvfrom and recvmsg", x_is_io_read),
    F("evt.is_io_write", FT_BOOL, 0, 0,
      "true for write, pwrite64, writev, sendto and sendmsg", x_is_io_write),
    F("evt.is_wait", FT_BOOL, 0, 0,
      "true for events that wait (lanner records none: always false)", x_false),
    F("evt.buffer", FT_BYTES, 0, 0,
      "data of read/write/pread/pwrite/readv/writev events (the first "
      "bytes, up to the probe's snaplen; emitted only when a rule names "
      "those events)",
      x_buffer),
    F("evt.buflen", FT_UINT64, 0, 0,
      "bytes a read/write-family call transferred (its result)", x_buflen),
};
#undef ARGK

FIELD_CLASS(evt, "syscall", "the event: type, time, arguments, result");
