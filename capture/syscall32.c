/*
 * The ia32 syscall table: which i386 syscall numbers belong to each event
 * type, so that 32-bit programs and int $0x80 from 64-bit ones are seen
 * as the same events. The numbers come from the kernel headers at build
 * time (syscall32.h, generated).
 */
#include <stddef.h>
#include <string.h>

#include "syscall32.h"

struct nr32 {
	const char *name;
	uint32_t nr;
};

static const struct nr32 table[] = {
#define LNR_NR32(name, nr) {#name, nr},
#include "syscall32_nr.h"
#undef LNR_NR32
};

/*
 * i386 calls that are a variant of another name: 32-bit ids, 64-bit
 * lengths (the low half is what the event records). A NULL variant is an
 * i386 call whose arguments have another layout than the event's, left
 * out: old_mmap takes a pointer to its arguments.
 */
static const char *const variants[][2] = {
    {"setuid32", "setuid"},
    {"setgid32", "setgid"},
    {"setreuid32", "setreuid"},
    {"setregid32", "setregid"},
    {"setresuid32", "setresuid"},
    {"setresgid32", "setresgid"},
    {"setfsuid32", "setfsuid"},
    {"setfsgid32", "setfsgid"},
    {"chown32", "chown"},
    {"lchown32", "lchown"},
    {"fchown32", "fchown"},
    {"fcntl64", "fcntl"},
    {"truncate64", "truncate"},
    {"ftruncate64", "ftruncate"},
    {"mmap2", "mmap"},
    {"mmap", NULL},
};

static const char *event_name_of(const char *i386_name)
{
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (strcmp(variants[i][0], i386_name) == 0)
			return variants[i][1];
	return i386_name;
}

/* The socket calls behind i386 socketcall, by its call number
 * (<linux/net.h> SYS_*). send and recv have no event of their own. */
static const struct {
	const char *name;
	int call;
} socketcalls[] = {
    {"socket", 1},    {"bind", 2},	  {"connect", 3},  {"listen", 4},
    {"accept", 5},    {"socketpair", 8},  {"sendto", 11},  {"recvfrom", 12},
    {"shutdown", 13}, {"getsockopt", 15}, {"sendmsg", 16}, {"recvmsg", 17},
    {"accept4", 18},
};

int syscall32_socketcall(enum lnr_evt_type type)
{
	if (type <= LNR_EVT_NONE || type >= LNR_EVT_COUNT ||
	    lnr_events[type].kind != LNR_KIND_SYSCALL)
		return -1;
	for (size_t i = 0; i < sizeof(socketcalls) / sizeof(socketcalls[0]);
	     i++)
		if (!strcmp(socketcalls[i].name, lnr_events[type].name))
			return socketcalls[i].call;
	return -1;
}

size_t syscall32_numbers(enum lnr_evt_type type, uint32_t *nrs, size_t max)
{
	size_t n = 0;

	if (type <= LNR_EVT_NONE || type >= LNR_EVT_COUNT ||
	    lnr_events[type].kind != LNR_KIND_SYSCALL)
		return 0;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const char *name = event_name_of(table[i].name);

		if (name && strcmp(name, lnr_events[type].name) == 0 && n < max)
			nrs[n++] = table[i].nr;
	}
	return n;
}
