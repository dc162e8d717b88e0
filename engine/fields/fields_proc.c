/*
 * proc.*: the process that made the call, its parent, its ancestors, its
 * session and process group leaders. Values come from the process table
 * (engine/state_thread.c).
 */
#include <string.h>

#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

#define ANCESTORS_MAX 64

static struct thread_table *tt(struct evt_ctx *ctx)
{
	return &ctx->st->threads;
}

/* Joins NUL-separated strings with spaces into the arena, after `head`
 * (may be NULL). */
static int join(struct evt_ctx *ctx, struct fval *o, const char *head,
		const char *buf, size_t len)
{
	size_t hl = head ? strlen(head) : 0;
	size_t n = hl + len + 1;
	char *p = evt_ctx_alloc(ctx, n);
	size_t used = 0;

	if (!p)
		return 0;
	if (hl) {
		memcpy(p, head, hl);
		used = hl;
	}
	for (size_t i = 0; i < len; i++) {
		char c = buf[i] ? buf[i] : ' ';

		if (buf[i] == '\0' && i + 1 == len)
			break;
		if (i == 0 && hl)
			p[used++] = ' ';
		p[used++] = c;
	}
	p[used] = '\0';
	return fv_strn(o, FT_STRING, p, used);
}

static int cmdline_of(struct evt_ctx *ctx, const struct sproc *p,
		      struct fval *o)
{
	if (!p)
		return 0;
	return join(ctx, o, p->comm, p->args, p->args_len);
}

#define PROC_OR_NA(ctx)                                                        \
	do {                                                                   \
		if (!(ctx)->proc)                                              \
			return 0;                                              \
	} while (0)

static int x_pid(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	PROC_OR_NA(ctx);
	return fv_i64(o, ctx->proc->pid);
}

static int x_ppid(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	struct sproc *pp;

	PROC_OR_NA(ctx);
	pp = state_proc_parent(tt(ctx), ctx->proc);
	return fv_i64(o, pp ? pp->pid : ctx->proc->ppid);
}

static int x_vpid(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return fv_i64(o, ctx->proc->vpid);
}

static int x_pvpid(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	struct sproc *pp;

	PROC_OR_NA(ctx);
	pp = state_proc_parent(tt(ctx), ctx->proc);
	return pp ? fv_i64(o, pp->vpid) : 0;
}

static int str_or_na(struct fval *o, const char *s)
{
	return s && *s ? fv_str(o, s) : 0;
}

static int x_name(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return str_or_na(o, ctx->proc->comm);
}

static int x_exe(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	PROC_OR_NA(ctx);
	return str_or_na(o, ctx->proc->exe);
}

static int x_exepath(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return *ctx->proc->exepath ? fv_path(o, ctx->proc->exepath) : 0;
}

static int x_args(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	if (!ctx->proc->full)
		return 0;
	return join(ctx, o, NULL, ctx->proc->args, ctx->proc->args_len);
}

static int x_cmdline(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return *ctx->proc->comm ? cmdline_of(ctx, ctx->proc, o) : 0;
}

/* proc.env: all of it, or proc.env[NAME] for one variable's value. */
static int x_env(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	const struct sproc *p = ctx->proc;
	size_t klen;

	if (!p || !p->full)
		return 0;
	if (!a->present)
		return join(ctx, o, NULL, p->env, p->env_len);
	klen = strlen(a->key);
	for (size_t i = 0; i < p->env_len;) {
		const char *s = p->env + i;
		size_t n = strnlen(s, p->env_len - i);

		if (n > klen && strncmp(s, a->key, klen) == 0 && s[klen] == '=')
			return fv_strn(o, FT_STRING, s + klen + 1,
				       n - klen - 1);
		i += n + 1;
	}
	return 0;
}

static int x_cwd(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	PROC_OR_NA(ctx);
	return *ctx->proc->cwd ? fv_str(o, ctx->proc->cwd) : 0;
}

static int x_tty(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	PROC_OR_NA(ctx);
	return fv_i64(o, ctx->proc->tty);
}

static int x_sid(struct evt_ctx *ctx, const struct field_arg *a, struct fval *o,
		 int max)
{
	PROC_OR_NA(ctx);
	return fv_i64(o, ctx->proc->sid);
}

static int x_vpgid(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return fv_i64(o, ctx->proc->vpgid);
}

static struct sproc *parent(struct evt_ctx *ctx)
{
	return ctx->proc ? state_proc_parent(tt(ctx), ctx->proc) : NULL;
}

static int x_pname(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	struct sproc *pp = parent(ctx);

	return pp ? str_or_na(o, pp->comm) : 0;
}

static int x_pexe(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	struct sproc *pp = parent(ctx);

	return pp ? str_or_na(o, pp->exe) : 0;
}

static int x_pexepath(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	struct sproc *pp = parent(ctx);

	return pp && *pp->exepath ? fv_path(o, pp->exepath) : 0;
}

static int x_pcmdline(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	struct sproc *pp = parent(ctx);

	return pp && *pp->comm ? cmdline_of(ctx, pp, o) : 0;
}

/*
 * Ancestors: [0] is the process itself, [1] its parent and so on; with
 * no index every ancestor from the parent up. Loops in the parent links
 * (pid reuse) end at ANCESTORS_MAX.
 */
enum anc_what { ANC_NAME, ANC_PID, ANC_EXEPATH, ANC_EXE };

static int anc_value(const struct sproc *p, enum anc_what w, struct fval *o)
{
	switch (w) {
	case ANC_NAME:
		return str_or_na(o, p->comm);
	case ANC_PID:
		return fv_i64(o, p->pid);
	case ANC_EXEPATH:
		return *p->exepath ? fv_path(o, p->exepath) : 0;
	case ANC_EXE:
		return str_or_na(o, p->exe);
	}
	return 0;
}

static int ancestors(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *out, int max, enum anc_what w)
{
	const struct sproc *p = ctx->proc;
	int n = 0;

	if (!p)
		return 0;
	if (a->present) {
		if (a->index < 0)
			return 0;
		for (int64_t i = 0; p && i < a->index; i++)
			p = state_proc_parent(tt(ctx), p);
		return p ? anc_value(p, w, out) : 0;
	}
	p = state_proc_parent(tt(ctx), p);
	for (int depth = 0; p && n < max && depth < ANCESTORS_MAX; depth++) {
		n += anc_value(p, w, &out[n]);
		if (p->pid <= 1)
			break;
		p = state_proc_parent(tt(ctx), p);
	}
	return n;
}

static int x_aname(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	return ancestors(ctx, a, o, max, ANC_NAME);
}

static int x_apid(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return ancestors(ctx, a, o, max, ANC_PID);
}

static int x_aexepath(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	return ancestors(ctx, a, o, max, ANC_EXEPATH);
}

static int x_aexe(struct evt_ctx *ctx, const struct field_arg *a,
		  struct fval *o, int max)
{
	return ancestors(ctx, a, o, max, ANC_EXE);
}

/* The session leader: the process whose pid is our sid. */
static int x_sname(struct evt_ctx *ctx, const struct field_arg *a,
		   struct fval *o, int max)
{
	struct sproc *s;

	PROC_OR_NA(ctx);
	s = state_proc_find(tt(ctx), ctx->proc->sid);
	return s ? str_or_na(o, s->comm) : 0;
}

/* The process group leader: the nearest ancestor (or self) whose vpid
 * is our vpgid. */
static struct sproc *vpgid_leader(struct evt_ctx *ctx)
{
	struct sproc *p = ctx->proc;

	for (int depth = 0; p && depth < ANCESTORS_MAX; depth++) {
		if (p->vpid == ctx->proc->vpgid)
			return p;
		p = state_proc_parent(tt(ctx), p);
	}
	return NULL;
}

static int x_vpgid_name(struct evt_ctx *ctx, const struct field_arg *a,
			struct fval *o, int max)
{
	struct sproc *l = vpgid_leader(ctx);

	return l ? str_or_na(o, l->comm) : 0;
}

static int x_vpgid_exe(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	struct sproc *l = vpgid_leader(ctx);

	return l ? str_or_na(o, l->exe) : 0;
}

static int x_vpgid_exepath(struct evt_ctx *ctx, const struct field_arg *a,
			   struct fval *o, int max)
{
	struct sproc *l = vpgid_leader(ctx);

	return l && *l->exepath ? fv_path(o, l->exepath) : 0;
}

static int x_is_vpgid_leader(struct evt_ctx *ctx, const struct field_arg *a,
			     struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return fv_bool(o, ctx->proc->vpid == ctx->proc->vpgid);
}

static int x_is_sid_leader(struct evt_ctx *ctx, const struct field_arg *a,
			   struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return fv_bool(o, ctx->proc->pid == ctx->proc->sid);
}

static uint64_t evt_ts(const struct evt_ctx *ctx)
{
	return ctx->evt.hdr->ts;
}

static int since(struct evt_ctx *ctx, const struct sproc *p, struct fval *o)
{
	if (!p || !p->start_ts || evt_ts(ctx) < p->start_ts)
		return 0;
	return fv_u64(o, FT_RELTIME, evt_ts(ctx) - p->start_ts);
}

static int x_duration(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	return since(ctx, ctx->proc, o);
}

static int x_ppid_duration(struct evt_ctx *ctx, const struct field_arg *a,
			   struct fval *o, int max)
{
	return since(ctx, parent(ctx), o);
}

static int exe_flag(struct evt_ctx *ctx, struct fval *o, uint32_t flag)
{
	PROC_OR_NA(ctx);
	if (!ctx->proc->full)
		return 0;
	return fv_bool(o, (ctx->proc->flags & flag) != 0);
}

static int x_is_exe_writable(struct evt_ctx *ctx, const struct field_arg *a,
			     struct fval *o, int max)
{
	return exe_flag(ctx, o, LNR_PROCF_EXE_WRITABLE);
}

static int x_is_exe_upper_layer(struct evt_ctx *ctx, const struct field_arg *a,
				struct fval *o, int max)
{
	/* The probe sees that an executable is on overlayfs, not which
	 * layer holds it (that needs the overlay module's types), so this
	 * stays unknown rather than calling every overlay binary "upper". */
	(void)ctx;
	(void)o;
	return 0;
}

static int x_is_exe_from_memfd(struct evt_ctx *ctx, const struct field_arg *a,
			       struct fval *o, int max)
{
	return exe_flag(ctx, o, LNR_PROCF_EXE_MEMFD);
}

static int x_exe_ino(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return ctx->proc->exe_ino ? fv_i64(o, (int64_t)ctx->proc->exe_ino) : 0;
}

static int x_exe_ctime(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return ctx->proc->exe_ctime
		   ? fv_u64(o, FT_ABSTIME, ctx->proc->exe_ctime)
		   : 0;
}

static int x_exe_mtime(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return ctx->proc->exe_mtime
		   ? fv_u64(o, FT_ABSTIME, ctx->proc->exe_mtime)
		   : 0;
}

/* Time from the executable's last status change to the process start. */
static int x_ctime_to_start(struct evt_ctx *ctx, const struct field_arg *a,
			    struct fval *o, int max)
{
	const struct sproc *p = ctx->proc;

	if (!p || !p->exe_ctime || !p->start_ts || p->start_ts < p->exe_ctime)
		return 0;
	return fv_u64(o, FT_RELTIME, p->start_ts - p->exe_ctime);
}

static int x_nthreads(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return fv_u64(o, FT_UINT64, ctx->proc->nthreads);
}

static int x_fdopencount(struct evt_ctx *ctx, const struct field_arg *a,
			 struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return fv_u64(o, FT_UINT64, ctx->proc->nfds);
}

static int x_start_ts(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	PROC_OR_NA(ctx);
	return ctx->proc->start_ts ? fv_u64(o, FT_ABSTIME, ctx->proc->start_ts)
				   : 0;
}

static const struct field_def proc_fields[] = {
    F("proc.pid", FT_INT64, 0, 0, "id of the process generating the event",
      x_pid),
    F("proc.exe", FT_STRING, 0, 0,
      "first command-line argument (argv[0], usually the executable name or "
      "path)",
      x_exe),
    F("proc.name", FT_STRING, 0, 0,
      "name of the executable generating the event (the kernel's comm)",
      x_name),
    F("proc.args", FT_STRING, 0, 0,
      "command-line arguments after the name, space-separated", x_args),
    F("proc.env", FT_STRING, FARG_KEY, 0,
      "environment variables, space-separated; proc.env[NAME] gives one "
      "variable's value",
      x_env),
    F("proc.cmdline", FT_STRING, 0, 0, "name and arguments, as in 'bash -c ls'",
      x_cmdline),
    F("proc.exepath", FT_FSPATH, 0, 0, "full path of the executable",
      x_exepath),
    F("proc.cwd", FT_STRING, 0, 0, "current working directory", x_cwd),
    F("proc.nthreads", FT_UINT64, 0, 0, "threads the process has", x_nthreads),
    F("proc.fdopencount", FT_UINT64, 0, 0,
      "open file descriptors the engine knows of", x_fdopencount),
    F("proc.ppid", FT_INT64, 0, 0, "pid of the parent process", x_ppid),
    F("proc.pname", FT_STRING, 0, 0, "name of the parent process", x_pname),
    F("proc.pcmdline", FT_STRING, 0, 0, "command line of the parent process",
      x_pcmdline),
    F("proc.pexe", FT_STRING, 0, 0, "argv[0] of the parent process", x_pexe),
    F("proc.pexepath", FT_FSPATH, 0, 0,
      "full executable path of the parent process", x_pexepath),
    F("proc.apid", FT_INT64, FARG_INDEX, FIELD_MULTI,
      "pid of an ancestor: proc.apid[1] is the parent, [2] the grandparent; "
      "without index every ancestor",
      x_apid),
    F("proc.aname", FT_STRING, FARG_INDEX, FIELD_MULTI,
      "name of an ancestor: proc.aname[1] is the parent, [2] the grandparent; "
      "without index every ancestor",
      x_aname),
    F("proc.aexe", FT_STRING, FARG_INDEX, FIELD_MULTI,
      "argv[0] of an ancestor, indexed like proc.aname", x_aexe),
    F("proc.aexepath", FT_FSPATH, FARG_INDEX, FIELD_MULTI,
      "executable path of an ancestor, indexed like proc.aname", x_aexepath),
    F("proc.duration", FT_RELTIME, 0, 0,
      "nanoseconds since the process started", x_duration),
    F("proc.ppid.duration", FT_RELTIME, 0, 0,
      "nanoseconds since the parent process started", x_ppid_duration),
    F("proc.start_ts", FT_ABSTIME, 0, 0,
      "start time of the process (ns since the epoch)", x_start_ts),
    F("proc.sid", FT_INT64, 0, 0, "session id of the process", x_sid),
    F("proc.sname", FT_STRING, 0, 0, "name of the session leader", x_sname),
    F("proc.is_sid_leader", FT_BOOL, 0, 0,
      "true if the process leads its session", x_is_sid_leader),
    F("proc.tty", FT_INT64, 0, 0,
      "controlling terminal (device number), 0 when none", x_tty),
    F("proc.vpid", FT_INT64, 0, 0,
      "pid as seen from the process's own pid namespace", x_vpid),
    F("proc.pvpid", FT_INT64, 0, 0,
      "parent's pid as seen from its pid namespace", x_pvpid),
    F("proc.vpgid", FT_INT64, 0, 0,
      "process group id as seen from the process's pid namespace", x_vpgid),
    F("proc.vpgid.name", FT_STRING, 0, 0, "name of the process group leader",
      x_vpgid_name),
    F("proc.vpgid.exe", FT_STRING, 0, 0, "argv[0] of the process group leader",
      x_vpgid_exe),
    F("proc.vpgid.exepath", FT_FSPATH, 0, 0,
      "executable path of the process group leader", x_vpgid_exepath),
    F("proc.is_vpgid_leader", FT_BOOL, 0, 0,
      "true if the process leads its process group", x_is_vpgid_leader),
    F("proc.is_exe_writable", FT_BOOL, 0, 0,
      "true if the executable is writable by the process's user",
      x_is_exe_writable),
    F("proc.is_exe_upper_layer", FT_BOOL, 0, 0,
      "true if the executable lives in an overlayfs upper layer (written in "
      "the container)",
      x_is_exe_upper_layer),
    F("proc.is_exe_from_memfd", FT_BOOL, 0, 0,
      "true if the executable was run from a memfd (fileless execution)",
      x_is_exe_from_memfd),
    F("proc.exe_ino", FT_INT64, 0, 0, "inode number of the executable",
      x_exe_ino),
    F("proc.exe_ino.ctime", FT_ABSTIME, 0, 0,
      "last status change time of the executable's inode", x_exe_ctime),
    F("proc.exe_ino.mtime", FT_ABSTIME, 0, 0,
      "last modification time of the executable's inode", x_exe_mtime),
    F("proc.exe_ino.ctime_duration_proc_start", FT_RELTIME, 0, 0,
      "nanoseconds from the executable's last status change to the process "
      "start",
      x_ctime_to_start),
};

FIELD_CLASS(proc, "syscall",
	    "the process that made the call and its ancestors");
