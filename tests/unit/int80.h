/*
 * 32-bit syscalls from a 64-bit process: int $0x80 takes the ia32 table,
 * as a 32-bit program's calls do. Shared by the probe's tests and the
 * benchmarks that measure those calls.
 */
#ifndef LNR_TEST_INT80_H
#define LNR_TEST_INT80_H

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static inline long int80(long nr, long a, long b, long c, long d)
{
	long r;

	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory", "r8", "r9", "r10", "r11");
	return r;
}

/*
 * Whether the kernel takes int $0x80. Without IA32 emulation (built out,
 * or ia32_emulation=0 at boot) the gate is missing and the instruction
 * faults: a child tries it, so this process never does.
 */
static inline int int80_available(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 0;
	if (pid == 0)
		_exit(int80(20 /* getpid */, 0, 0, 0, 0) == getpid() ? 0 : 1);
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#endif
