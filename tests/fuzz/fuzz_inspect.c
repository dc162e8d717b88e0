/*
 * Fuzzes the path of what a container runtime answers: lanner-containers
 * parses the raw HTTP reply (containers/inspect.c) or containerd's HTTP/2
 * gRPC reply (containers/containerd.c) or cri-o's (containers/cri.c),
 * and encodes what it
 * found, the engine decodes that (common/ctrinfo.c), keeps it in its
 * container table and extracts every container.* and k8s.* field from
 * it. Nothing may crash, what the helper encodes the engine must accept,
 * and every byte a string value claims must be readable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "containers/inspect.h"
#include "ctrinfo.h"
#include "evt_ctx.h"
#include "fields.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *const exprs[] = {
    "container.mount[0]",
    "container.mount[/tmp*]",
    "container.mount.source[0]",
    "container.mount.source[/*]",
    "container.mount.dest[1]",
    "container.mount.dest[*]",
    "container.mount.mode[0]",
    "container.mount.rdwr[0]",
    "container.mount.propagation[*]",
};

static volatile unsigned sink;

static void extract(struct evt_ctx *ctx, const char *text)
{
	static struct fval v[FIELD_VALUES_MAX];
	struct field_arg arg;
	const struct field_def *f;
	char err[128];
	size_t used;
	int n;

	memset(&arg, 0, sizeof(arg));
	f = fields_lookup("syscall", text, &used, &arg, err, sizeof(err));
	if (!f)
		abort();
	n = f->extract(ctx, &arg, v, FIELD_VALUES_MAX);
	if (n < 0 || n > FIELD_VALUES_MAX)
		abort();
	for (int i = 0; i < n; i++)
		if (v[i].type == FT_STRING)
			for (size_t j = 0; j < v[i].s.len; j++)
				sink += (unsigned char)v[i].s.p[j];
}

static void each_field(const struct field_class *c, void *arg)
{
	if (strcmp(c->name, "container") != 0 && strcmp(c->name, "k8s") != 0)
		return;
	for (size_t i = 0; i < c->nfields; i++)
		if (!(c->fields[i].argkinds & FARG_REQUIRED))
			extract(arg, c->fields[i].name);
}

/* The engine's side: the answer into a fresh table, then the fields. */
static void engine_side(struct msg_in *m)
{
	static struct state st;
	static struct evt_ctx ctx;
	static _Alignas(8) uint8_t rec[64];
	static int ready;
	struct lnr_evt_builder b;
	struct ctrinfo info;
	const char *why;
	int n;

	if (!ready) {
		struct sthread *t;

		if (state_init(&st) < 0)
			abort();
		t = state_thread_get(&st.threads, 7, 7);
		ctx.proc = state_thread_proc(&st.threads, t);
		ctx.proc->full = true;
		strcpy(ctx.proc->cgroups, "0::/libpod_parent/libpod-" ID);
		ctx.st = &st;
		lnr_evtb_init(&b, rec, sizeof(rec), LNR_EVT_PROCEXIT, 1, 7, 7);
		n = lnr_evtb_finish(&b);
		if (n < 0 || lnr_evt_decode(rec, (size_t)n, &ctx.evt, &why) < 0)
			abort();
		ready = 1;
	}
	if (ctrinfo_decode(m, &info) < 0)
		abort(); /* the helper sent what the engine refuses */
	if (state_container_init(&st.containers, 4, 1000, 1000) < 0)
		abort();
	state_container_note(&st.containers, ctx.proc, 1);
	if (!state_container_next_wanted(&st.containers, 1) ||
	    state_container_answer(&st.containers, &info, 2) < 0)
		abort();
	ctx.scratch_used = 0;
	fields_foreach_class(each_field, &ctx);
	for (size_t i = 0; i < sizeof(exprs) / sizeof(*exprs); i++)
		extract(&ctx, exprs[i]);
	state_container_free(&st.containers);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct inspect in;
	static uint8_t buf[MSG_MAX_SIZE];
	struct msg_out out;
	struct msg_in m;
	const char *why;
	int len;

	/* An HTTP/2 reply (containerd's, asked in two namespaces) starts
	 * with a frame's length, Docker's with "HTTP/"; a 1 byte marks
	 * cri-o's, which follows. */
	if (size && data[0] == 0)
		containerd_parse(&in, ID, data, size, 2);
	else if (size && data[0] == 1)
		cri_parse(&in, ID, data + 1, size - 1);
	else
		inspect_parse(&in, ID, (const char *)data, size);
	msg_begin(&out, buf, sizeof(buf), MSG_CONTAINER_INFO, 0);
	ctrinfo_encode(&out, &in.info);
	len = msg_finish(&out);
	inspect_done(&in);
	if (len < 0 || msg_open(&m, buf, (size_t)len, &why) < 0)
		abort();
	engine_side(&m);
	return 0;
}
