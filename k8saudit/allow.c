/*
 * What lanner-k8saudit may do once sandboxed: accept connections on the
 * socket it bound, read requests and write answers on them (TLS records
 * included), wait for both with epoll, and send events to the broker
 * over the channel it already has. It cannot open files, make sockets
 * of its own or connect anywhere.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "k8saudit.h"

const struct sc_rule k8saudit_allow[] = {
    SC_ALLOW_EVSERVE,
    SC_ALLOW(getrandom), /* OpenSSL's random numbers for TLS */
};
const size_t k8saudit_allow_len =
    sizeof(k8saudit_allow) / sizeof(*k8saudit_allow);
