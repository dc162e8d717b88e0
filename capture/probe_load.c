/*
 * The probe loader, in libbpf's usual order: open, set rodata and map
 * sizes, load, fill the maps that tie syscalls to event programs, attach.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/membarrier.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "probe.h"
#include "probe.skel.h"
#include "probe_load.h"
#include "syscall32.h"

/* Syscall number of each SYSCALL event, -1 for the other kinds. */
#define NR_SYSCALL(name) __NR_##name
#define NR_SCHED(name) -1
#define NR_SYNTH(name) -1
#define NR_PLUGIN(name) -1
#define NR_IOURING(name) -1
static const int evt_syscall_nr[LNR_EVT_COUNT] = {
    [LNR_EVT_NONE] = -1,
#define LNR_EVENT(ID, name, kind, params) [LNR_EVT_##ID] = NR_##kind(name),
#include "event_table.def"
#undef LNR_EVENT
};

/*
 * The io_uring opcodes of each IOURING event, by the names the kernel's
 * enum io_uring_op gives them: the numbers are taken from the running
 * kernel, and an opcode it does not have is never mapped. The forms on
 * registered buffers and the zero-copy sends are their plain operation.
 */
#define IOU_NAMES 2 /* opcodes one event stands for, at most */
static const struct {
	enum lnr_evt_type type;
	const char *op[IOU_NAMES];
} iou_ops[] = {
    {LNR_EVT_IOU_OPENAT, {"IORING_OP_OPENAT"}},
    {LNR_EVT_IOU_OPENAT2, {"IORING_OP_OPENAT2"}},
    {LNR_EVT_IOU_CLOSE, {"IORING_OP_CLOSE"}},
    {LNR_EVT_IOU_UNLINKAT, {"IORING_OP_UNLINKAT"}},
    {LNR_EVT_IOU_RENAMEAT, {"IORING_OP_RENAMEAT"}},
    {LNR_EVT_IOU_MKDIRAT, {"IORING_OP_MKDIRAT"}},
    {LNR_EVT_IOU_SYMLINKAT, {"IORING_OP_SYMLINKAT"}},
    {LNR_EVT_IOU_LINKAT, {"IORING_OP_LINKAT"}},
    {LNR_EVT_IOU_SOCKET, {"IORING_OP_SOCKET"}},
    {LNR_EVT_IOU_CONNECT, {"IORING_OP_CONNECT"}},
    {LNR_EVT_IOU_ACCEPT, {"IORING_OP_ACCEPT"}},
    {LNR_EVT_IOU_BIND, {"IORING_OP_BIND"}},
    {LNR_EVT_IOU_LISTEN, {"IORING_OP_LISTEN"}},
    {LNR_EVT_IOU_FTRUNCATE, {"IORING_OP_FTRUNCATE"}},
    {LNR_EVT_IOU_SHUTDOWN, {"IORING_OP_SHUTDOWN"}},
    {LNR_EVT_IOU_READ, {"IORING_OP_READ", "IORING_OP_READ_FIXED"}},
    {LNR_EVT_IOU_WRITE, {"IORING_OP_WRITE", "IORING_OP_WRITE_FIXED"}},
    {LNR_EVT_IOU_READV, {"IORING_OP_READV", "IORING_OP_READV_FIXED"}},
    {LNR_EVT_IOU_WRITEV, {"IORING_OP_WRITEV", "IORING_OP_WRITEV_FIXED"}},
    {LNR_EVT_IOU_SEND, {"IORING_OP_SEND", "IORING_OP_SEND_ZC"}},
    {LNR_EVT_IOU_SENDMSG, {"IORING_OP_SENDMSG", "IORING_OP_SENDMSG_ZC"}},
    {LNR_EVT_IOU_RECV, {"IORING_OP_RECV"}},
    {LNR_EVT_IOU_RECVMSG, {"IORING_OP_RECVMSG"}},
};

#define IOU_NOPS (sizeof(iou_ops) / sizeof(iou_ops[0]))
#define IOU_COUNT_SYSCALL 0
#define IOU_COUNT_SCHED 0
#define IOU_COUNT_SYNTH 0
#define IOU_COUNT_PLUGIN 0
#define IOU_COUNT_IOURING 1
enum {
	IOU_EVENTS = 0
#define LNR_EVENT(ID, name, kind, params) +IOU_COUNT_##kind
#include "event_table.def"
#undef LNR_EVENT
};
_Static_assert(IOU_NOPS == IOU_EVENTS,
	       "every IOURING event needs its opcode in iou_ops");

static void iou_op_found(struct probe_ctx *p, const char *name, int32_t val)
{
	if (!name || val < 0 || val >= LNR_PROBE_IOU_OPS)
		return;
	for (size_t i = 0; i < IOU_NOPS; i++)
		for (size_t j = 0; j < IOU_NAMES; j++)
			if (iou_ops[i].op[j] && !strcmp(name, iou_ops[i].op[j]))
				p->iou_op_evt[val] = (uint16_t)iou_ops[i].type;
}

/* Finds each opcode of iou_ops in the kernel's BTF. */
static int iou_ops_resolve(struct probe_ctx *p)
{
	struct btf *btf = btf__load_vmlinux_btf();
	const struct btf_type *t = NULL;
	int id;

	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, "io_uring_op", BTF_KIND_ENUM);
	if (id > 0)
		t = btf__type_by_id(btf, id);
	for (uint16_t i = 0; t && i < btf_vlen(t); i++) {
		const struct btf_enum *e = btf_enum(t) + i;

		iou_op_found(p, btf__name_by_offset(btf, e->name_off), e->val);
	}
	btf__free(btf);
	return 0;
}

struct bpf_program *probe_event_prog(struct probe *skel, enum lnr_evt_type t,
				     enum probe_prog_at at)
{
#define PROG_SYSCALL(ID)                                                       \
	case LNR_EVT_##ID:                                                     \
		return at == PROBE_AT_EXIT	   ? skel->progs.lnr_evt_##ID  \
		       : at == PROBE_AT_TRACEPOINT ? skel->progs.lnr_tpe_##ID  \
						   : NULL;
#define PROG_SCHED(ID)
#define PROG_SYNTH(ID)
#define PROG_PLUGIN(ID)
#define PROG_IOURING(ID)                                                       \
	case LNR_EVT_##ID:                                                     \
		return at == PROBE_AT_EXIT     ? skel->progs.lnr_evt_##ID      \
		       : at == PROBE_AT_SUBMIT ? skel->progs.lnr_skp_##ID      \
					       : NULL;
	switch (t) {
#define LNR_EVENT(ID, name, kind, params) PROG_##kind(ID)
#include "event_table.def"
#undef LNR_EVENT
	default:
		return NULL;
	}
#undef PROG_SYSCALL
#undef PROG_SCHED
#undef PROG_SYNTH
#undef PROG_PLUGIN
#undef PROG_IOURING
}

/* libbpf's messages, one logger line per text line. */
static int libbpf_log(enum libbpf_print_level level, const char *fmt,
		      va_list ap)
{
	enum log_level l = level == LIBBPF_WARN	  ? LOG_LVL_WARN
			   : level == LIBBPF_INFO ? LOG_LVL_INFO
						  : LOG_LVL_DEBUG;
	char *text, *line, *save = NULL;

	if (vasprintf(&text, fmt, ap) < 0)
		return 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		log_msg(l, "%s", line);
	free(text);
	return 0;
}

static int map_set(int map, uint32_t nr, uint32_t size, uint16_t v)
{
	if (nr >= size)
		return -ERANGE;
	if (bpf_map_update_elem(map, &nr, &v, BPF_ANY))
		return -errno;
	return 0;
}

/* Every opcode of the running kernel that stands for type; one it does
 * not have has nothing to map. */
static int set_iou_event(struct probe_ctx *p, enum lnr_evt_type type,
			 uint16_t v)
{
	int err = 0;

	for (uint32_t op = 0; op < LNR_PROBE_IOU_OPS && !err; op++)
		if (p->iou_op_evt[op] == type)
			err =
			    map_set(p->fd.iou_op_evt, op, LNR_PROBE_IOU_OPS, v);
	return err;
}

/* Both syscall tables: the x86_64 number and the i386 ones, if any. */
int probe_set_event(struct probe_ctx *p, enum lnr_evt_type type, int on)
{
	uint16_t v = on ? (uint16_t)type : 0;
	uint32_t nr32[4];
	size_t n32;
	int err, call;

	if (type <= LNR_EVT_NONE || type >= LNR_EVT_COUNT)
		return -EINVAL;
	err = map_set(p->fd.evt_state_only, type, LNR_EVT_COUNT,
		      on == PROBE_STATE_ONLY);
	if (err)
		return err;
	if (lnr_events[type].kind == LNR_KIND_IOURING)
		return set_iou_event(p, type, v);
	if (evt_syscall_nr[type] < 0)
		return -EINVAL;
	err = map_set(p->fd.syscall_evt, (uint32_t)evt_syscall_nr[type],
		      LNR_PROBE_NR_SYSCALLS, v);
	if (!err)
		err = probe_tp_set(p, type, on);
	n32 = syscall32_numbers(type, nr32, sizeof(nr32) / sizeof(nr32[0]));
	for (size_t i = 0; i < n32 && !err; i++)
		err = map_set(p->fd.syscall_evt32, nr32[i],
			      LNR_PROBE_NR_SYSCALLS, v);
	call = syscall32_socketcall(type);
	if (call >= 0 && !err)
		err = map_set(p->fd.socketcall_evt, (uint32_t)call,
			      LNR_PROBE_SOCKETCALLS, v);
	return err;
}

/* Reads and writes are the busiest calls and nothing needs them unless a
 * rule names them: they start off, until a selection turns them on;
 * their io_uring twins with them. */
static int on_at_load(enum lnr_evt_type t)
{
	static const enum lnr_evt_type busy[] = {
	    LNR_EVT_READ,     LNR_EVT_WRITE, LNR_EVT_PREAD64,
	    LNR_EVT_PWRITE64, LNR_EVT_READV, LNR_EVT_WRITEV,
	};

	for (size_t i = 0; i < sizeof(busy) / sizeof(busy[0]); i++)
		if (busy[i] == lnr_evt_twin(t))
			return 0;
	return 1;
}

/* Puts event t's program, if it has one, into its tail-call table. */
static int wire_prog(struct probe_ctx *p, uint32_t t, enum probe_prog_at at)
{
	struct bpf_program *prog = probe_event_prog(p->skel, t, at);
	struct bpf_map *map =
	    at == PROBE_AT_SUBMIT ? p->skel->maps.iou_skip_progs
	    : lnr_events[t].kind == LNR_KIND_IOURING ? p->skel->maps.iou_progs
						     : p->skel->maps.evt_progs;
	int fd = prog ? bpf_program__fd(prog) : -1;

	/* With tracepoints, no syscall event program is tail-called. */
	if (prog && !bpf_program__autoload(prog))
		return 0;
	if (prog && bpf_map_update_elem(bpf_map__fd(map), &t, &fd, BPF_ANY))
		return -errno;
	return 0;
}

/* Ties every event program into its tail-call table (syscall exit,
 * io_uring submission or completion), then enables the event. */
static int wire_events(struct probe_ctx *p)
{
	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++) {
		int err;

		if (!probe_event_prog(p->skel, t, PROBE_AT_EXIT))
			continue;
		err = wire_prog(p, t, PROBE_AT_EXIT);
		if (!err)
			err = wire_prog(p, t, PROBE_AT_SUBMIT);
		if (err)
			return err;
		if (probe_set_event(p, t, on_at_load(t)))
			return -EINVAL;
	}
	return 0;
}

int probe_open(struct probe_ctx *p, uint32_t ring_bytes, enum probe_hooks hooks)
{
	int ncpu, err;

	if (ring_bytes & (ring_bytes - 1) || (ring_bytes && ring_bytes < 4096))
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	memset(p->tp, -1, sizeof(p->tp));
	libbpf_set_print(libbpf_log);
	p->skel = probe__open();
	if (!p->skel)
		return -errno ? -errno : -EINVAL;
	err = probe_tp_choose(hooks);
	if (err < 0)
		goto fail;
	p->hooks = (enum probe_hooks)err;
	probe_tp_autoload(p);
	/* A small ring wakes the reader sooner, so it has room to drain. */
	if (ring_bytes) {
		err =
		    bpf_map__set_max_entries(p->skel->maps.events, ring_bytes);
		if (err)
			goto fail;
		if (ring_bytes / 4 < LNR_PROBE_WATERMARK)
			p->skel->rodata->wakeup_watermark = ring_bytes / 4;
	}
	ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0) {
		err = ncpu ? ncpu : -EINVAL;
		goto fail;
	}
	bpf_map__set_max_entries(p->skel->maps.scratch,
				 (uint32_t)ncpu * LNR_PROBE_AREAS);
	/* Event programs run only as tail calls from lnr_sys_exit,
	 * lnr_iou_submit and lnr_iou_complete, or by the links of
	 * probe_tp_set. */
	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++)
		for (int at = 0; at < PROBE_AT_COUNT; at++) {
			struct bpf_program *prog =
			    probe_event_prog(p->skel, t, at);

			if (prog)
				bpf_program__set_autoattach(prog, false);
		}
	return 0;
fail:
	probe_unload(p);
	return err;
}

static void maps_close(struct probe_maps *m)
{
#define PROBE_MAP_CLOSE(name)                                                  \
	if (m->name >= 0)                                                      \
		close(m->name);
	PROBE_MAPS(PROBE_MAP_CLOSE)
#undef PROBE_MAP_CLOSE
}

static void maps_note(struct probe_ctx *p)
{
#define PROBE_MAP_NOTE(name) p->fd.name = bpf_map__fd(p->skel->maps.name);
	PROBE_MAPS(PROBE_MAP_NOTE)
#undef PROBE_MAP_NOTE
}

/* The probe's ELF image, built into the binary, was read once, to load
 * it: its pages (3 MB) leave the process's memory, to be read from the
 * file again should anything touch them. */
static void elf_image_drop(void)
{
	size_t sz, page = (size_t)sysconf(_SC_PAGESIZE);
	const char *start = probe__elf_bytes(&sz);
	size_t lead = (page - (uintptr_t)start % page) % page; /* to a page */

	if (sz > lead && (sz - lead) / page)
		(void)madvise((void *)(start + lead), (sz - lead) / page * page,
			      MADV_DONTNEED);
}

int probe_release_object(struct probe_ctx *p)
{
	struct probe_maps copy;

	if (p->released)
		return 0;
	memset(&copy, -1, sizeof(copy));
#define PROBE_MAP_COPY(name)                                                   \
	if ((copy.name = fcntl(p->fd.name, F_DUPFD_CLOEXEC, 3)) < 0)           \
		goto fail;
	PROBE_MAPS(PROBE_MAP_COPY)
#undef PROBE_MAP_COPY
	/* The links (skel->links) stay; only the object goes. */
	bpf_object__close(p->skel->obj);
	p->skel->obj = NULL;
	elf_image_drop();
	p->fd = copy;
	p->ring.map_fd = copy.events;
	p->released = 1;
	return 0;
fail:
	maps_close(&copy);
	return -errno;
}

int probe_start(struct probe_ctx *p, probe_record_fn fn, void *arg)
{
	int err = probe__load(p->skel);

	if (err)
		goto fail;
	err = iou_ops_resolve(p);
	if (err)
		goto fail;
	maps_note(p);
	err = probe_tp_open(p);
	if (!err)
		err = wire_events(p);
	if (!err)
		err = probe_openfilter_init(p);
	if (!err)
		err = probe_procfilter_init(p);
	if (err)
		goto fail;
	p->fn = fn;
	p->arg = arg;
	err = kring_open(&p->ring, p->fd.events,
			 bpf_map__max_entries(p->skel->maps.events),
			 (size_t)LNR_PROBE_REC_MAX);
	if (err)
		goto fail;
	err = probe__attach(p->skel);
	if (err)
		goto fail;
	return 0;
fail:
	probe_unload(p);
	return err;
}

int probe_load(struct probe_ctx *p, uint32_t ring_bytes, probe_record_fn fn,
	       void *arg)
{
	int err = probe_open(p, ring_bytes, PROBE_HOOKS_AUTO);

	return err ? err : probe_start(p, fn, arg);
}

int probe_programs_drain(void)
{
	return syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) ? -errno
								    : 0;
}

int probe_fd(const struct probe_ctx *p)
{
	return p->ring.map_fd;
}

int probe_poll(struct probe_ctx *p, int timeout_ms)
{
	struct pollfd pfd = {.fd = p->ring.map_fd, .events = POLLIN};

	if (timeout_ms && !kring_pending(&p->ring) &&
	    poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	return kring_consume(&p->ring, p->fn, p->arg);
}

uint64_t probe_kernel_drops(const struct probe_ctx *p,
			    uint64_t why[PROBE_DROP_COUNT],
			    uint64_t by_type[LNR_EVT_COUNT])
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t vals[ncpu > 0 ? ncpu : 1], sum = 0;
	int fd = p->fd.drops;

	if (why)
		memset(why, 0, PROBE_DROP_COUNT * sizeof(*why));
	if (by_type)
		memset(by_type, 0, LNR_EVT_COUNT * sizeof(*by_type));
	if (ncpu <= 0)
		return 0;
	for (uint32_t k = 0; k < PROBE_DROP_COUNT * LNR_EVT_COUNT; k++) {
		if (bpf_map_lookup_elem(fd, &k, vals))
			continue;
		for (int i = 0; i < ncpu; i++) {
			sum += vals[i];
			if (why)
				why[k / LNR_EVT_COUNT] += vals[i];
			if (by_type)
				by_type[k % LNR_EVT_COUNT] += vals[i];
		}
	}
	return sum;
}

void probe_unload(struct probe_ctx *p)
{
	probe_tp_close(p);
	kring_close(&p->ring);
	probe__destroy(p->skel);
	if (p->released)
		maps_close(&p->fd);
	p->released = 0;
	p->skel = NULL;
}
