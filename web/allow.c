/*
 * What lanner-web may do once sandboxed: accept connections on the
 * socket it bound, read requests and write answers on them, and wait
 * for both with epoll; with webserver.ssl_enabled, also draw OpenSSL's
 * random numbers. It cannot open files, make sockets of its own or
 * connect anywhere.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "allow.h"

const struct sc_rule web_allow[] = {
    SC_ALLOW_EVSERVE,
};
const size_t web_allow_len = sizeof(web_allow) / sizeof(*web_allow);

const struct sc_rule web_allow_tls[] = {
    SC_ALLOW_EVSERVE,
    SC_ALLOW(getrandom), /* OpenSSL's random numbers for TLS */
};
const size_t web_allow_tls_len = sizeof(web_allow_tls) / sizeof(*web_allow_tls);
