/*
 * Writing the process filter (common/procfilter.h) into the probe's maps
 * (capture/probe_names.bpf.h). While the types or the names change the
 * filter is off, so a reload never hides a record.
 */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>

#include "probe.h"
#include "probe_load.h"

/* Writes the settings kept in p, with trusted_after 0 when off or when
 * the last change failed half-way. */
static int cfg_write(struct probe_ctx *p, int off)
{
	struct lnr_names_cfg c = p->names;
	uint32_t zero = 0;

	if (off || p->names_broken)
		c.trusted_after = 0;
	if (bpf_map_update_elem(p->fd.names_cfg, &zero, &c, BPF_ANY))
		return -errno;
	return 0;
}

int probe_procfilter_init(struct probe_ctx *p)
{
	memset(&p->names, 0, sizeof(p->names));
	p->names_broken = 0;
	return cfg_write(p, 1);
}

int probe_procfilter_trust(struct probe_ctx *p, uint64_t after_ns)
{
	p->names.trusted_after = after_ns;
	return cfg_write(p, 0);
}

/*
 * Off first, and the programs that read the old settings waited for;
 * then the types and the mask; on again last. A program reads the
 * types, then trusted_after, then the mask (x86 keeps loads in order).
 */
int probe_procfilter_set(struct probe_ctx *p, const uint8_t set[LNR_EVT_COUNT],
			 const uint8_t mask[PROCFILTER_BYTES])
{
	int err = cfg_write(p, 1);

	_Static_assert(sizeof(p->names.mask) == PROCFILTER_BYTES,
		       "the probe's mask holds PROCFILTER_BITS");
	if (!err)
		err = probe_programs_drain();
	for (uint32_t t = 1; t < LNR_EVT_COUNT && !err; t++) {
		uint8_t v = (set[t] & PROCFILTER_EVT) != 0;

		if (bpf_map_update_elem(p->fd.evt_by_name, &t, &v, BPF_ANY))
			err = -errno;
	}
	p->names_broken = err != 0;
	if (err)
		return err; /* the filter stays off */
	memcpy(p->names.mask, mask, PROCFILTER_BYTES);
	err = cfg_write(p, 1);
	return err ? err : cfg_write(p, 0);
}
