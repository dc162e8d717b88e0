/*
 * What lanner-web may do once sandboxed: accept connections on the
 * socket it bound, read requests and write answers on them, and wait
 * for both with epoll. It cannot open files, make sockets of its own or
 * connect anywhere.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "allow.h"

const struct sc_rule web_allow[] = {
    SC_ALLOW(accept4),
    SC_ALLOW(accept),
    SC_ALLOW(recvfrom),
    SC_ALLOW(sendto),
    SC_ALLOW(readv),
    SC_ALLOW_ARG(ioctl, 1, FIONREAD), /* libevent sizes its reads */
    SC_ALLOW(shutdown),
    SC_ALLOW(getpeername),
    SC_ALLOW(getsockname),
    SC_ALLOW_ARG(setsockopt, 1, SOL_SOCKET),
    SC_ALLOW(epoll_create1),
    SC_ALLOW(eventfd2),
};
const size_t web_allow_len = sizeof(web_allow) / sizeof(*web_allow);
