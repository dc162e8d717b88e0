/*
 * The live eBPF probe as an event source: open loads and attaches it,
 * next drains the kernel ring buffer without blocking; what the emit
 * callback declines stays there.
 */
#include <errno.h>
#include <stdlib.h>

#include "log.h"
#include "probe_load.h"
#include "source.h"

struct probe_source {
	struct probe_ctx probe;
	source_emit_fn emit;
	void *emit_arg;
	uint64_t records;
};

static int probe_emit(void *arg, const void *rec, size_t len)
{
	struct probe_source *ps = arg;

	int r = ps->emit(ps->emit_arg, rec, len);

	if (r <= 0)
		ps->records++;
	return r;
}

static int probe_src_open(struct event_source *s, const char *arg,
			  source_emit_fn emit, void *emit_arg)
{
	struct probe_source *ps = calloc(1, sizeof(*ps));
	int err;

	if (!ps)
		return -ENOMEM;
	ps->emit = emit;
	ps->emit_arg = emit_arg;
	err =
	    probe_open(&ps->probe, s->buffer_bytes, (enum probe_hooks)s->hooks);
	if (!err)
		err = probe_start(&ps->probe, probe_emit, ps);
	if (!err)
		log_info("syscalls hooked at %s",
			 ps->probe.hooks == PROBE_HOOKS_TRACEPOINT
			     ? "their own exit tracepoints"
			     : "the raw sys_exit hook");
	/* Running, the probe needs its maps, not libbpf's copy of it. */
	if (!err && (err = probe_release_object(&ps->probe)) < 0)
		probe_unload(&ps->probe);
	if (err) {
		free(ps);
		return err;
	}
	s->priv = ps;
	return 0;
}

static int probe_src_fd(const struct event_source *s)
{
	const struct probe_source *ps = s->priv;

	return probe_fd(&ps->probe);
}

static int probe_src_next(struct event_source *s)
{
	struct probe_source *ps = s->priv;

	return probe_poll(&ps->probe, 0);
}

static void probe_src_stats(const struct event_source *s,
			    struct source_stats *st)
{
	const struct probe_source *ps = s->priv;
	uint64_t why[PROBE_DROP_COUNT];

	st->records = ps->records;
	st->kernel_drops = probe_kernel_drops(&ps->probe, why, NULL);
	st->kernel_buffer_drops = why[PROBE_DROP_RINGBUF];
}

static void probe_src_close(struct event_source *s)
{
	struct probe_source *ps = s->priv;

	if (!ps)
		return;
	probe_unload(&ps->probe);
	free(ps);
	s->priv = NULL;
}

int source_probe_set_event(struct event_source *s, int type, int on)
{
	struct probe_source *ps = s->priv;

	if (!ps)
		return -EAGAIN; /* not open yet */
	return probe_set_event(&ps->probe, (enum lnr_evt_type)type, on);
}

int source_probe_set_openfilter(struct event_source *s,
				const struct openfilter *f)
{
	struct probe_source *ps = s->priv;

	if (!ps)
		return -EAGAIN; /* not open yet */
	return probe_openfilter_set(&ps->probe, f);
}

int source_probe_set_procfilter(struct event_source *s, const uint8_t *set,
				const uint8_t *mask)
{
	struct probe_source *ps = s->priv;

	if (!ps)
		return -EAGAIN; /* not open yet */
	return probe_procfilter_set(&ps->probe, set, mask);
}

int source_probe_trust_names(struct event_source *s, uint64_t after_ns)
{
	struct probe_source *ps = s->priv;

	if (!ps)
		return -EAGAIN; /* not open yet */
	return probe_procfilter_trust(&ps->probe, after_ns);
}

const struct event_source source_probe = {
    .name = "probe",
    .boot_time = 1,
    .open = probe_src_open,
    .fd = probe_src_fd,
    .next = probe_src_next,
    .stats = probe_src_stats,
    .close = probe_src_close,
};
