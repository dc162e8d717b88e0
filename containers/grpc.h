/*
 * What the gRPC runtimes' parsers (containerd.c, cri.c) share: the
 * message of a reply read from its HTTP/2 frames (h2.c), the first
 * length-delimited field of a protobuf message, and the Kubernetes
 * labels of a map<string, string> entry.
 */
#ifndef LNR_GRPC_H
#define LNR_GRPC_H

#include <stddef.h>
#include <stdint.h>

#include "inspect.h"

/* The gRPC message of the first of `streams` streams that has one: 1
 * with *msg (in a buffer of this file's, until the next call) and *len;
 * 0 when no stream has one (the runtime does not know the container);
 * -1 after inspect_fail (a cut or broken reply, a compressed message, a
 * GOAWAY with an error). */
int grpc_reply(struct inspect *in, const uint8_t *reply, size_t len,
	       unsigned streams, const uint8_t **msg, size_t *mlen);

/* The value of the first length-delimited field `field` of a message,
 * or NULL (absent, or the message is malformed). */
const uint8_t *grpc_field(const uint8_t *msg, size_t len, uint32_t field,
			  size_t *n);

/* A labels map entry { key = 1; value = 2 }: the pod's name, namespace,
 * uid and sandbox id go into in->info. */
void grpc_k8s_label(struct inspect *in, const uint8_t *entry, size_t len);

#endif
