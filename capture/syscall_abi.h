/*
 * Which syscall ABIs the running kernel takes besides x86_64's: i386
 * (int $0x80, 32-bit programs) and x32. Where it takes neither, every
 * syscall reaches its own exit tracepoint, which misses the other two.
 */
#ifndef LNR_SYSCALL_ABI_H
#define LNR_SYSCALL_ABI_H

/* An i386 syscall through int $0x80, from this 64-bit process. */
long syscall_abi_int80(long nr, long a, long b, long c, long d);
/* Whether the kernel takes i386 syscalls; tried in a child, as the
 * instruction faults where the kernel has no IA32 emulation. */
int syscall_abi_ia32(void);
/* Whether the kernel takes x32 syscalls. */
int syscall_abi_x32(void);

#endif
