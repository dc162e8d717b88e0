/*
 * The fd table: one preallocated pool, a chained hash on (pid, fd) and a
 * doubly linked list per process so an exiting process drops its fds in
 * one walk.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "state_fd.h"
#include "state_thread.h"

static uint32_t pow2_above(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static uint32_t fd_hash(uint32_t pid, int64_t fd, uint32_t mask)
{
	return (pid * 2654435761u ^ (uint32_t)fd * 40503u) & mask;
}

int state_fd_init(struct fd_table *t, uint32_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
	t->mask = pow2_above(max) - 1;
	t->fds = calloc(max, sizeof(*t->fds));
	t->hash = malloc((size_t)(t->mask + 1) * sizeof(uint32_t));
	if (!t->fds || !t->hash) {
		state_fd_free(t);
		return -ENOMEM;
	}
	memset(t->hash, 0xff, (size_t)(t->mask + 1) * sizeof(uint32_t));
	/* Slots are handed out in order, so untouched pages stay unmapped. */
	t->free = STATE_NONE;
	return 0;
}

void state_fd_free(struct fd_table *t)
{
	free(t->fds);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

struct sfd *state_fd_find(const struct fd_table *t, uint32_t pid, int64_t fd)
{
	if (!t->hash || fd < 0 || fd > INT32_MAX)
		return NULL;
	for (uint32_t i = t->hash[fd_hash(pid, fd, t->mask)]; i != STATE_NONE;
	     i = t->fds[i].next)
		if (t->fds[i].pid == pid && t->fds[i].fd == fd)
			return &t->fds[i];
	return NULL;
}

enum sfd_kind state_fd_open_kind(uint32_t flags)
{
	return (flags & O_DIRECTORY) && !(flags & (O_TMPFILE & ~O_DIRECTORY))
		   ? SFD_DIRECTORY
		   : SFD_FILE;
}

static const struct {
	const char *name;
	char letter[2];
} kinds[] = {
#define SFD_KIND(id, name, letter) [SFD_##id] = {name, {letter}},
#include "state_fd_kind.def"
#undef SFD_KIND
};
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == SFD_KIND_COUNT,
	       "a name and a letter for every kind of fd");

const char *state_fd_kind_name(enum sfd_kind k)
{
	return (unsigned)k < SFD_KIND_COUNT ? kinds[k].name : "<NA>";
}

const char *state_fd_kind_letter(enum sfd_kind k)
{
	return (unsigned)k < SFD_KIND_COUNT ? kinds[k].letter : "?";
}

static void set(struct sfd *f, const char *name, uint32_t flags, uint32_t dev,
		uint64_t ino)
{
	size_t n = strnlen(name, sizeof(f->name) - 1);

	memcpy(f->name, name, n);
	f->name[n] = '\0';
	f->flags = flags;
	f->dev = dev;
	f->ino = ino;
	f->kind = state_fd_open_kind(flags);
	memset(&f->sock, 0, sizeof(f->sock));
}

struct sfd *state_fd_add(struct fd_table *t, struct sproc *p, int64_t fd,
			 const char *name, uint32_t flags, uint32_t dev,
			 uint64_t ino)
{
	struct sfd *f = state_fd_find(t, p->pid, fd);
	uint32_t i, h;

	if (f) {
		set(f, name, flags, dev, ino);
		return f;
	}
	if (fd < 0 || fd > INT32_MAX || p->nfds >= STATE_FDS_PER_PROC ||
	    (t->free == STATE_NONE && t->fresh >= t->max)) {
		t->refused++;
		return NULL;
	}
	if (t->free != STATE_NONE) {
		i = t->free;
		t->free = t->fds[i].next;
	} else {
		i = t->fresh++;
	}
	f = &t->fds[i];
	memset(f, 0, sizeof(*f));
	f->pid = p->pid;
	f->fd = (int32_t)fd;
	f->used = true;
	set(f, name, flags, dev, ino);
	h = fd_hash(p->pid, fd, t->mask);
	f->next = t->hash[h];
	t->hash[h] = i;
	f->pprev = STATE_NONE;
	f->pnext = p->fd_head;
	if (p->fd_head != STATE_NONE)
		t->fds[p->fd_head].pprev = i;
	p->fd_head = i;
	p->nfds++;
	t->count++;
	return f;
}

static void unlink_fd(struct fd_table *t, struct sproc *p, uint32_t i)
{
	struct sfd *f = &t->fds[i];
	uint32_t *link = &t->hash[fd_hash(f->pid, f->fd, t->mask)];

	while (*link != STATE_NONE && *link != i)
		link = &t->fds[*link].next;
	if (*link == i)
		*link = f->next;
	if (f->pprev != STATE_NONE)
		t->fds[f->pprev].pnext = f->pnext;
	else
		p->fd_head = f->pnext;
	if (f->pnext != STATE_NONE)
		t->fds[f->pnext].pprev = f->pprev;
	f->used = false;
	f->next = t->free;
	t->free = i;
	p->nfds--;
	t->count--;
}

void state_fd_remove(struct fd_table *t, struct sproc *p, int64_t fd)
{
	struct sfd *f = state_fd_find(t, p->pid, fd);

	if (f)
		unlink_fd(t, p, (uint32_t)(f - t->fds));
}

void state_fd_remove_all(struct fd_table *t, struct sproc *p)
{
	while (p->fd_head != STATE_NONE)
		unlink_fd(t, p, p->fd_head);
}

void state_fd_remove_range(struct fd_table *t, struct sproc *p, uint32_t first,
			   uint32_t last)
{
	uint32_t i = p->fd_head, next;

	for (; i != STATE_NONE; i = next) {
		next = t->fds[i].pnext;
		if ((uint32_t)t->fds[i].fd >= first &&
		    (uint32_t)t->fds[i].fd <= last)
			unlink_fd(t, p, i);
	}
}

void state_fd_cloexec_range(struct fd_table *t, struct sproc *p, uint32_t first,
			    uint32_t last)
{
	for (uint32_t i = p->fd_head; i != STATE_NONE; i = t->fds[i].pnext)
		if ((uint32_t)t->fds[i].fd >= first &&
		    (uint32_t)t->fds[i].fd <= last)
			t->fds[i].flags |= O_CLOEXEC;
}

void state_fd_remove_cloexec(struct fd_table *t, struct sproc *p)
{
	uint32_t i = p->fd_head;

	while (i != STATE_NONE) {
		uint32_t next = t->fds[i].pnext;

		if (t->fds[i].flags & O_CLOEXEC)
			unlink_fd(t, p, i);
		i = next;
	}
}

void state_fd_copy_all(struct fd_table *t, struct sproc *to,
		       const struct sproc *from)
{
	for (uint32_t i = from->fd_head; i != STATE_NONE; i = t->fds[i].pnext) {
		const struct sfd *f = &t->fds[i];
		struct sfd *c = state_fd_add(t, to, f->fd, f->name, f->flags,
					     f->dev, f->ino);

		if (c) {
			c->kind = f->kind;
			c->sock = f->sock;
		}
	}
}
