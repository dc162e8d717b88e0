/*
 * What capture may do once sandboxed: drain the BPF ring buffer, copy
 * into the shm ring, wake the engine, talk to the broker over nanomsg,
 * read its drop counters, detach and exit. No open, no socket, no exec.
 */
#include <linux/bpf.h>
#include <linux/membarrier.h>

#include "allow.h"

const struct sc_rule capture_allow[] = {
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_LOOKUP_ELEM),	/* drop counters */
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_UPDATE_ELEM),	/* syscall and open filters */
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_DELETE_ELEM),	/* open filter paths */
    SC_ALLOW_ARG(bpf, 0, BPF_MAP_GET_NEXT_KEY), /* open filter paths */
    /* an RCU grace period: the probe's programs that read the old open
     * filter are done */
    SC_ALLOW_ARG(membarrier, 0, MEMBARRIER_CMD_GLOBAL),
};
const size_t capture_allow_len = sizeof(capture_allow) / sizeof(*capture_allow);
