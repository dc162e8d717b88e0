/*
 * What capture may do once sandboxed: drain the BPF ring buffer, copy
 * into the shm ring, wake the engine, talk to the broker over nanomsg,
 * read its drop counters, attach and detach the programs it loaded, run
 * its iterator over the fds the open filter left out, and exit. No open, no socket, no exec.
 */
#include <linux/bpf.h>
#include <linux/membarrier.h>

#include "allow.h"

const struct sc_rule capture_allow[] = {
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_LOOKUP_ELEM),	/* drop counters */
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_UPDATE_ELEM),	/* syscall and open filters */
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_DELETE_ELEM),	/* open filter paths */
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_GET_NEXT_KEY), /* open filter paths */
    /* a syscall event on: its tracepoint program attached to the perf
     * event opened at load (probe_tphooks.c); off closes the link */
    SC_ALLOW_ARG(bpf, 0, BPF_LINK_CREATE),
    /* the open filter changed: the fds it left out are reported
     * (probe_openfilter.c) */
    SC_ALLOW_ARG(bpf, 0, BPF_ITER_CREATE),
    /* an RCU grace period: the probe's programs that read the old open
     * filter are done */
    SC_ALLOW_ARG(membarrier, 0, MEMBARRIER_CMD_GLOBAL),
};
const size_t capture_allow_len = sizeof(capture_allow) / sizeof(*capture_allow);
