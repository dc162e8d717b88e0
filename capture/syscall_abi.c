/*
 * Probing the kernel's syscall ABIs (syscall_abi.h) by making a call of
 * each kind that changes nothing: getpid.
 */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall_abi.h"

#define NR32_GETPID 20
#define X32_SYSCALL_BIT 0x40000000L

long syscall_abi_int80(long nr, long a, long b, long c, long d)
{
	long r;

	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory", "r8", "r9", "r10", "r11");
	return r;
}

/* The child's fault is its own: handled, it leaves no trace in the
 * kernel log. */
static void fault_exit(int sig)
{
	(void)sig;
	_exit(2);
}

int syscall_abi_ia32(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		signal(SIGSEGV, fault_exit);
		_exit(syscall_abi_int80(NR32_GETPID, 0, 0, 0, 0) == getpid()
			  ? 0
			  : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int syscall_abi_x32(void)
{
	return syscall(X32_SYSCALL_BIT | SYS_getpid) == getpid();
}
