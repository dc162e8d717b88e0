/*
 * Which file opens the probe records (common/openfilter.h), derived from
 * the enabled syscall rules. Each condition is reduced, for each event
 * type it can match, to what an open must look like:
 *  - on an open event: for the rule to fire at all (a path it names, a
 *    writing open); a check the filter cannot express leaves any open
 *    possible;
 *  - on an event naming an fd an open returned (fchmod, ftruncate,
 *    write, ...): for the rule's outcome to depend on the engine knowing
 *    that open. Checks that do not read the fd's file are neutral; a
 *    check on the fd's file that is not a path the filter can express
 *    needs every open.
 * An unrecorded open leaves its fd unknown to the engine, so a rule on a
 * later event that names the fd positively by path cannot tell the
 * difference for paths outside the filter. Directories are judged as
 * files are: the calls that go through a directory fd carry its path
 * from the kernel (dirfd and fchdir need no open). The probe records the
 * paths it cannot judge. fchmod, fchown and ftruncate carry their fd's
 * path from the kernel too, but the engine names a known fd by its
 * open, as the user wrote it (a symlink not followed, a directory
 * opened as one): they are analysed as the other fd events. A rule that
 * reads the process's whole fd table (proc.fdopencount, fd.types, the
 * fdlist fields) needs every open.
 */
#include <stdlib.h>
#include <string.h>

#include "cond.h"
#include "conf_keys.h"
#include "evtsel.h"

/* A set of file opens: none, those a filter records, or all. */
enum span { SPAN_NONE, SPAN_SOME, SPAN_ALL };

struct opens {
	enum span k;
	struct openfilter f; /* SPAN_SOME */
};

/*
 * What a condition's value can be, by the open behind the event: the
 * opens for which it may be true, may be false, and may differ between
 * the engine knowing the open and not (the fd then has no file).
 */
struct cond_opens {
	struct opens t, f, d;
};

/* The event analysed: an open, or an event on an fd an open returned. */
enum evt_role { AS_OPEN, AS_FD };

static bool is_open_type(unsigned t)
{
	return t == LNR_EVT_OPEN || t == LNR_EVT_OPENAT ||
	       t == LNR_EVT_OPENAT2 || t == LNR_EVT_CREAT;
}

/* Calls that fail on anything but a socket: a file's fd never matters. */
static bool is_socket_call(unsigned t)
{
	static const char *const only[] = {
	    "listen", "shutdown", "getsockopt", "setsockopt", "send", "recv"};
	const struct lnr_event_info *e = &lnr_events[t];

	for (unsigned i = 0; i < e->nparams; i++)
		if (e->params[i].type == LNR_PT_SOCKADDR ||
		    e->params[i].type == LNR_PT_SOCKTUPLE)
			return true;
	for (size_t i = 0; i < sizeof(only) / sizeof(*only); i++)
		if (!strcmp(e->name, only[i]))
			return true;
	return false;
}

/* Events that act on an fd they do not create, other than a dirfd. */
static bool is_fd_type(unsigned t)
{
	const struct lnr_event_info *e = &lnr_events[t];

	if ((e->kind != LNR_KIND_SYSCALL && e->kind != LNR_KIND_IOURING) ||
	    is_open_type(lnr_evt_twin(t)) || is_socket_call(t))
		return false;
	for (unsigned i = 1; i < e->nparams; i++)
		if (e->params[i].type == LNR_PT_FD &&
		    (!strcmp(e->params[i].name, "fd") ||
		     !strcmp(e->params[i].name, "oldfd")))
			return true;
	return false;
}

static const char *str_of(const struct cvalue *v, size_t *len)
{
	if (v->v.type != FT_STRING && v->v.type != FT_FSPATH)
		return NULL;
	*len = v->v.s.len;
	return v->v.s.p;
}

/* The literal start of a glob pattern. */
static size_t glob_literal(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && !strchr("*?[\\", s[i]))
		i++;
	return i;
}

/* Whether every path holding s (as a substring, or matching it as a
 * glob) has "//", "/." or ".." in it, so is always recorded. Not so for
 * a path as the user wrote it (raw): a bare ".." through a directory fd
 * left out is judged by where it leads; only a value with a '/' cannot
 * match it. */
static bool forces_always(const char *s, size_t len, bool glob, bool raw)
{
	if (glob && (memchr(s, '[', len) || memchr(s, '\\', len)))
		return false;
	if (raw && !memchr(s, '/', len))
		return false;
	return openfilter_has_dots(s, len);
}

static bool is_raw_field(const char *field)
{
	return !strcmp(field, "fd.nameraw") || !strcmp(field, "evt.arg") ||
	       !strcmp(field, "evt.rawarg") ||
	       !strcmp(field, "fs.path.nameraw");
}

/* Adds what one value of a path check needs; false if it cannot. */
static bool add_path(struct openfilter *f, const char *field, int op,
		     const char *s, size_t len)
{
	char dir[OPENFILTER_KEY_MAX];
	bool name = strcmp(field, "fd.directory") != 0 &&
		    strcmp(field, "fd.filename") != 0;

	if (!strcmp(field, "fd.filename")) {
		if ((op != OP_EQ && op != OP_EQ2 && op != OP_IN) ||
		    memchr(s, '/', len))
			return false;
		openfilter_add(f, OPENFILTER_BASENAME, OPENFILTER_ANY, s, len);
		return !f->all;
	}
	/* Paths with "/." or ".." in them are always recorded. */
	if ((op == OP_CONTAINS || op == OP_GLOB) &&
	    forces_always(s, len, op == OP_GLOB, is_raw_field(field)))
		return true;
	if (op == OP_GLOB)
		len = glob_literal(s, len);
	/* As the rule compiles it: pmatch (/etc/) is pmatch (/etc). */
	if (op == OP_PMATCH)
		while (len > 1 && s[len - 1] == '/')
			len--;
	if (len == 0 || s[0] != '/')
		return false;
	if (name && (op == OP_EQ || op == OP_EQ2 || op == OP_IN))
		openfilter_add(f, OPENFILTER_EXACT, OPENFILTER_ANY, s, len);
	else if (!name && (op == OP_EQ || op == OP_EQ2 || op == OP_IN)) {
		/* fd.directory = /etc: a file right below it, or /etc
		 * itself opened as a directory (its own directory). */
		if (len + 1 >= sizeof(dir))
			return false;
		openfilter_add(f, OPENFILTER_EXACT, OPENFILTER_ANY, s, len);
		memcpy(dir, s, len);
		dir[len] = '/';
		openfilter_add(f, OPENFILTER_PREFIX, OPENFILTER_ANY, dir,
			       len - (len == 1) + 1);
	} else if (op == OP_STARTSWITH || op == OP_PMATCH || op == OP_GLOB)
		openfilter_add(f, OPENFILTER_PREFIX, OPENFILTER_ANY, s, len);
	else
		return false;
	return !f->all;
}

/* fchmod and fchown: fs.path.name is their fd's name. */
static bool fs_path_is_fd(const char *n, unsigned t)
{
	return (!strcmp(n, "fs.path.name") || !strcmp(n, "fs.path.nameraw")) &&
	       lnr_evt_param_index(t, "fdpath") >= 0;
}

static bool is_path_field(const struct cfield *cf, unsigned t,
			  enum evt_role role)
{
	const char *n = cf->f->name;

	if (!strcmp(n, "fd.name") || !strcmp(n, "fd.nameraw") ||
	    !strcmp(n, "fd.directory") || !strcmp(n, "fd.filename") ||
	    (role == AS_FD && fs_path_is_fd(n, t)))
		return true;
	/* An open's own path argument, as written. */
	return role == AS_OPEN &&
	       (!strcmp(n, "evt.arg") || !strcmp(n, "evt.rawarg")) &&
	       !strcmp(cf->arg.key, "name");
}

static struct opens span(enum span k)
{
	struct opens o = {.k = k};

	openfilter_init(&o.f);
	return o;
}

static struct opens opens_copy(const struct opens *o)
{
	struct opens c = span(o->k);

	openfilter_merge(&c.f, &o->f);
	return c;
}

static void opens_free(struct cond_opens *c)
{
	openfilter_free(&c->t.f);
	openfilter_free(&c->f.f);
	openfilter_free(&c->d.f);
}

/* The opens a positive path check can be true for; all if the filter
 * cannot express it. */
static struct opens path_opens(const struct ccheck *c)
{
	struct opens o = span(SPAN_SOME);
	size_t len;
	const char *s;

	for (unsigned i = 0; i < c->nvals; i++) {
		s = str_of(&c->vals[i], &len);
		if (!s || !add_path(&o.f, c->lhs.f->name, c->op, s, len)) {
			openfilter_free(&o.f);
			return span(SPAN_ALL);
		}
	}
	return o;
}

/* evt.is_open_write=true, evt.arg.flags contains O_TRUNC, ...: an open
 * that writes, creates or truncates. */
static bool is_write_check(const struct ccheck *c)
{
	const char *n = c->lhs.f->name, *s;
	size_t len;

	if (c->nvals != 1)
		return false;
	if (!strcmp(n, "evt.is_open_write") || !strcmp(n, "evt.is_open_create"))
		return (c->op == OP_EQ || c->op == OP_EQ2) &&
		       c->vals[0].v.type == FT_BOOL && c->vals[0].v.b;
	if (strcmp(n, "evt.arg") != 0 || strcmp(c->lhs.arg.key, "flags") != 0 ||
	    c->op != OP_CONTAINS || !(s = str_of(&c->vals[0], &len)))
		return false;
	return (len == 8 && !memcmp(s, "O_WRONLY", 8)) ||
	       (len == 6 && !memcmp(s, "O_RDWR", 6)) ||
	       (len == 7 && !memcmp(s, "O_CREAT", 7)) ||
	       (len == 7 && !memcmp(s, "O_TRUNC", 7));
}

/* Calls that fail on an fd not opened for writing. */
static bool needs_writer(unsigned t)
{
	static const char *const calls[] = {"write", "pwrite64", "writev",
					    "ftruncate"};
	const char *n = lnr_events[t].name;

	for (size_t i = 0; i < sizeof(calls) / sizeof(*calls); i++)
		if (!strcmp(n, calls[i]))
			return true;
	return false;
}

/* evt.res = SUCCESS or evt.failed = false. */
static bool is_success_check(const struct ccheck *c)
{
	const char *n = c->lhs.f->name, *s;
	size_t len;

	if (c->nvals != 1 || (c->op != OP_EQ && c->op != OP_EQ2))
		return false;
	if (!strcmp(n, "evt.failed"))
		return c->vals[0].v.type == FT_BOOL && !c->vals[0].v.b;
	return !strcmp(n, "evt.res") && (s = str_of(&c->vals[0], &len)) &&
	       len == 7 && !memcmp(s, "SUCCESS", 7);
}

/* Whether a field reads the file behind the event's fd. */
static bool reads_fd_file(const struct cfield *cf, unsigned t)
{
	const char *n = cf->f->name;
	int pi;

	if (!strncmp(n, "fd.", 3))
		return strcmp(n, "fd.num") != 0 && !evtsel_socket_field(n);
	if (!strncmp(n, "fdlist.", 7) || !strcmp(n, "evt.args") ||
	    fs_path_is_fd(n, t))
		return true;
	if (strcmp(n, "evt.arg") != 0 && strcmp(n, "evt.rawarg") != 0)
		return false;
	/* An fd argument is shown with its file's name; an argument the
	 * event does not have has no value, whatever the fd. */
	pi = cf->arg.key[0] ? lnr_evt_param_index(t, cf->arg.key)
			    : (int)cf->arg.index;
	return pi >= 0 && pi < lnr_events[t].nparams &&
	       lnr_events[t].params[pi].type == LNR_PT_FD;
}

/* fd.type or fd.typechar that only other kinds than files satisfy. */
static bool excludes_files(const struct ccheck *c)
{
	static const char *const file_kinds[] = {"file", "directory", "f", "d"};
	size_t len;
	const char *s;

	if ((strcmp(c->lhs.f->name, "fd.type") != 0 &&
	     strcmp(c->lhs.f->name, "fd.typechar") != 0) ||
	    (c->op != OP_EQ && c->op != OP_EQ2 && c->op != OP_IN))
		return false;
	for (unsigned i = 0; i < c->nvals; i++) {
		if (!(s = str_of(&c->vals[i], &len)))
			return false;
		for (size_t k = 0; k < 4; k++)
			if (strlen(file_kinds[k]) == len &&
			    !memcmp(s, file_kinds[k], len))
				return false;
	}
	return true;
}

static struct cond_opens cond_of(enum span t, enum span f, enum span d)
{
	return (struct cond_opens){span(t), span(f), span(d)};
}

static struct cond_opens check_opens(const struct ccheck *c, unsigned t,
				     enum evt_role role)
{
	bool plain = c->lhs.nxf == 0 && !c->rhs_field;
	struct cond_opens r = cond_of(SPAN_ALL, SPAN_ALL, SPAN_NONE);

	if (plain && is_path_field(&c->lhs, t, role)) {
		/* Without the open the fd has no name: the check is false. */
		r.t = path_opens(c);
		if (role == AS_FD)
			r.d = opens_copy(&r.t);
	} else if (plain && ((role == AS_OPEN && is_write_check(c)) ||
			     (role == AS_FD && needs_writer(t) &&
			      is_success_check(c)))) {
		/* A write or ftruncate that succeeded: its fd was opened
		 * for writing. */
		r.t = span(SPAN_SOME);
		r.t.f.write_any = true;
	} else if (role == AS_FD &&
		   (reads_fd_file(&c->lhs, t) ||
		    (c->rhs_field && reads_fd_file(&c->rhs, t)))) {
		if (plain && excludes_files(c))
			r.t = span(SPAN_NONE);
		else
			r.d = span(SPAN_ALL);
	}
	return r;
}

/* How broad a filter is, to keep the narrower side of an intersection. */
static size_t breadth(const struct openfilter *f)
{
	size_t b = f->write_any ? 1024 : 0;

	for (size_t i = 0; i < f->n; i++)
		b += f->e[i].kind == OPENFILTER_EXACT	   ? 1
		     : f->e[i].kind == OPENFILTER_BASENAME ? 8
							   : 256 / f->e[i].len;
	return b;
}

static bool only_writes(const struct openfilter *f)
{
	return f->write_any && f->n == 0;
}

/* Whether every open the filter takes writes. */
static bool takes_writes_only(const struct openfilter *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->e[i].mode & OPENFILTER_ANY)
			return false;
	return true;
}

/* A set holding a and b's common opens: the narrower one, its paths
 * limited to writing opens when the other takes only those. */
static struct opens opens_and(struct opens a, struct opens b)
{
	struct opens *keep = &a, *drop = &b;

	if (b.k == SPAN_NONE || a.k == SPAN_ALL ||
	    (a.k == SPAN_SOME && b.k == SPAN_SOME && !only_writes(&b.f) &&
	     (only_writes(&a.f) || breadth(&b.f) < breadth(&a.f))))
		keep = &b, drop = &a;
	if (keep->k == SPAN_SOME && drop->k == SPAN_SOME &&
	    takes_writes_only(&drop->f))
		for (size_t i = 0; i < keep->f.n; i++)
			keep->f.e[i].mode = OPENFILTER_WRITE;
	openfilter_free(&drop->f);
	return *keep;
}

static struct opens opens_or(struct opens a, struct opens b)
{
	if (a.k == SPAN_NONE || b.k == SPAN_ALL) {
		openfilter_free(&a.f);
		return b;
	}
	if (b.k == SPAN_SOME && a.k == SPAN_SOME)
		openfilter_merge(&a.f, &b.f);
	openfilter_free(&b.f);
	if (a.f.all) { /* more entries than the probe holds */
		openfilter_free(&a.f);
		a.k = SPAN_ALL;
	}
	return a;
}

/* a and b (or: a or b with true and false swapped). The value differs
 * between the worlds where one side differs and the other lets it
 * through. */
static struct cond_opens cond_join(struct cond_opens a, struct cond_opens b,
				   bool and)
{
	/* What of each side lets the other side's difference through. */
	struct opens *pass_a = and? &a.t : &a.f, *pass_b = and? &b.t : &b.f;
	struct opens d1 = opens_and(a.d, opens_copy(pass_b));
	struct opens d2 = opens_and(b.d, opens_copy(pass_a));
	struct cond_opens r;

	r.d = opens_or(d1, d2);
	if (and) {
		r.t = opens_and(a.t, b.t);
		r.f = opens_or(a.f, b.f);
	} else {
		r.t = opens_or(a.t, b.t);
		r.f = opens_and(a.f, b.f);
	}
	return r;
}

static struct cond_opens cond_opens_of(const struct cnode *n, unsigned t,
				       enum evt_role role)
{
	struct cond_opens r, k;
	struct opens tmp;

	switch (n->kind) {
	case CN_TRUE:
		return cond_of(SPAN_ALL, SPAN_NONE, SPAN_NONE);
	case CN_FALSE:
		return cond_of(SPAN_NONE, SPAN_ALL, SPAN_NONE);
	case CN_EVTTYPE:
		return n->types[t] ? cond_of(SPAN_ALL, SPAN_NONE, SPAN_NONE)
				   : cond_of(SPAN_NONE, SPAN_ALL, SPAN_NONE);
	case CN_CHECK:
		return check_opens(n->chk, t, role);
	case CN_NOT:
		r = cond_opens_of(n->kids[0], t, role);
		tmp = r.t;
		r.t = r.f;
		r.f = tmp;
		return r;
	case CN_AND:
	case CN_OR:
		r = n->kind == CN_AND ? cond_of(SPAN_ALL, SPAN_NONE, SPAN_NONE)
				      : cond_of(SPAN_NONE, SPAN_ALL, SPAN_NONE);
		for (unsigned i = 0; i < n->nkids; i++) {
			k = cond_opens_of(n->kids[i], t, role);
			r = cond_join(r, k, n->kind == CN_AND);
		}
		return r;
	}
	return cond_of(SPAN_ALL, SPAN_ALL, SPAN_ALL);
}

/*
 * Adds the opens rule r needs recorded for type t: on an open, those it
 * may fire for; on an fd event, those whose absence may change whether
 * it fires. True when that is every open.
 */
static bool rule_needs(const struct rule *r, unsigned t, struct openfilter *f)
{
	enum evt_role role = is_open_type(t) ? AS_OPEN : AS_FD;
	struct cond_opens c = cond_opens_of(rule_cond(r), t, role);
	struct opens *need = role == AS_OPEN ? &c.t : &c.d;
	bool all = need->k == SPAN_ALL;

	if (need->k == SPAN_SOME)
		openfilter_merge(f, &need->f);
	else if (all)
		f->all = true;
	opens_free(&c);
	return all;
}

static bool is_analysed(unsigned t)
{
	return is_open_type(t) || is_fd_type(t);
}

/* As in Falco, a custom set without repair leaves the state to the user:
 * then the filter cannot know what the state still needs. */
static bool derivable(const struct conf *c)
{
	return !conf_bool(c, CONF_BASE_SYSCALLS_ALL) &&
	       evtsel_state_included(c);
}

/* Fields that read the process's whole fd table, not the event's fd. */
static bool reads_fd_table(const char *n)
{
	return !strcmp(n, "proc.fdopencount") || !strcmp(n, "fd.types") ||
	       !strncmp(n, "fdlist.", 7);
}

/* Adds the opens an enabled syscall rule needs recorded. */
static void add_rule(const struct rule *r, struct openfilter *f)
{
	if (evtsel_cond_reads(rule_cond(r), reads_fd_table))
		f->all = true;
	for (unsigned t = 1; t < LNR_EVT_COUNT; t++) {
		if (!rule_has_type(r, t) || !is_analysed(t))
			continue;
		/* The probe leaves out the close of an fd whose open it
		 * left out, unless a rule can match the close itself. */
		if (t == LNR_EVT_CLOSE)
			f->keep_closes = true;
		if (!f->all)
			rule_needs(r, t, f);
	}
}

static bool is_syscall_rule(const struct rule *r)
{
	return rule_enabled(r) && !strcmp(rule_source(r), "syscall");
}

void evtsel_open_compute(const struct ruleset *rs, const struct conf *c,
			 struct openfilter *f)
{
	openfilter_free(f);
	if (!derivable(c)) {
		f->all = true;
		f->keep_closes = true;
		return;
	}
	for (size_t i = 0; i < ruleset_rule_total(rs); i++)
		if (is_syscall_rule(ruleset_rule_at(rs, i)))
			add_rule(ruleset_rule_at(rs, i), f);
}

static void explain_rule(const struct rule *r, FILE *out)
{
	struct openfilter one;

	openfilter_init(&one);
	add_rule(r, &one);
	if (one.all)
		fprintf(out, "  %s: every open\n", rule_name(r));
	else if (!openfilter_is_none(&one))
		fprintf(out, "  %s: %zu entries%s\n", rule_name(r), one.n,
			one.write_any ? ", every open that writes" : "");
	openfilter_free(&one);
}

static void print_entry(const struct openfilter_entry *e, FILE *out)
{
	static const char *const kinds[] = {"path", "below", "named"};

	fprintf(out, "  %-6s %s%s\n", kinds[e->kind], e->s,
		e->mode & OPENFILTER_ANY ? "" : " (writing)");
}

void evtsel_open_explain(const struct ruleset *rs, const struct conf *c,
			 FILE *out)
{
	struct openfilter f;

	openfilter_init(&f);
	evtsel_open_compute(rs, c, &f);
	if (derivable(c)) {
		fprintf(out, "opens the rules need recorded:\n");
		for (size_t i = 0; i < ruleset_rule_total(rs); i++) {
			const struct rule *r = ruleset_rule_at(rs, i);

			if (is_syscall_rule(r))
				explain_rule(r, out);
		}
	}
	fprintf(out, "opens recorded: ");
	if (f.all)
		fprintf(out, "all%s\n", derivable(c) ? "" : " (base_syscalls)");
	else {
		fprintf(out,
			"directories reached through a symlink, paths that "
			"are relative (but one component through a directory "
			"left out) or not normalised%s, and:\n",
			f.write_any ? ", every open that writes" : "");
		for (size_t i = 0; i < f.n; i++)
			print_entry(&f.e[i], out);
	}
	if (!f.all)
		fprintf(out, "closes recorded: %s\n",
			f.keep_closes ? "all (a rule matches close)"
				      : "those of recorded opens");
	openfilter_free(&f);
}
