/*
 * The HTTP channel's TLS material, read once before the sandbox closes:
 * the CA certificates of http_output.ca_cert, ca_bundle and every file
 * of ca_path, as one bundle in memory, and for mtls the client
 * certificate and key. libcurl gets them as blobs, so no connection ever
 * opens a file.
 */
#ifndef LNR_HTTP_TLS_H
#define LNR_HTTP_TLS_H

#include <curl/curl.h>

#include "conf.h"

/* Sets verification (or, with insecure, none) and the blobs on h. 0 or
 * -errno, logged with the file at fault. */
int http_tls_setup(CURL *h, const struct conf *c);

#endif
