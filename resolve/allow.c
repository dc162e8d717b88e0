/*
 * What lanner-resolve may do once sandboxed, beyond the runtime every
 * child has (read, recvmsg, poll, close, malloc, its broker channel):
 * what c-ares does for a lookup. It reads /etc/hosts (open read-only),
 * makes UDP and TCP sockets to the name servers and talks on them. It
 * cannot write a file or listen.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "resolve.h"

const struct sc_rule resolve_allow[] = {
    SC_ALLOW(getuid), /* child_report */
    SC_ALLOW_ARG(prctl, 0, PR_GET_SECCOMP),
    SC_ALLOW_MASK(openat, 2, O_ACCMODE | O_CREAT | O_TRUNC, O_RDONLY),
    SC_ALLOW(fstat),
    SC_ALLOW(newfstatat),
    SC_ALLOW(lseek),
    SC_ALLOW_ARG(socket, 0, AF_INET),
    SC_ALLOW_ARG(socket, 0, AF_INET6),
    SC_ALLOW(connect),
    SC_ALLOW(setsockopt),
    SC_ALLOW(sendto),
    SC_ALLOW(recvfrom),
    SC_ALLOW(writev),
    SC_ALLOW(fcntl),
    SC_ALLOW_ARG(ioctl, 1, FIONBIO),
    SC_ALLOW(getrandom),
    /* a new channel (resolv.conf changed): stat, and the host name
     * c-ares takes the search domain from when none is configured */
    SC_ALLOW(stat),
    SC_ALLOW(uname),
};
const size_t resolve_allow_len = sizeof(resolve_allow) / sizeof(*resolve_allow);
