/*
 * A reader of the HTTP/2 frames a gRPC server sends back on a connection
 * the broker opened and wrote its requests on (client streams 1, 3, 5,
 * ...). lanner-containers never writes: it reads the frames, knows from
 * them when every stream has ended, and takes each stream's DATA (the
 * gRPC messages). Header blocks are not decoded: a stream that ends with
 * no DATA had no answer (gRPC's status travels in them). Everything is
 * untrusted and bounded here.
 */
#ifndef LNR_H2_H
#define LNR_H2_H

#include <stddef.h>
#include <stdint.h>

#define H2_STREAMS_MAX 8

/* How far a reading of a reply as it comes got: the frames before off
 * are read, ended holds the streams whose end they carry. Zeroed for a
 * new reply. */
struct h2_scan {
	size_t off;
	unsigned ended;
	int goaway;
};

/* Whether reply[0..len) holds the end of client streams 1 to 2n-1 (or
 * of the connection): 1; 0 while more is to come; -1 when nstreams is
 * out of range, with the reason in *why. The last frame may be partial.
 * h2_scan_complete reads only the frames that came since its last call
 * on the same reply (which only grows). */
int h2_complete(const uint8_t *reply, size_t len, unsigned nstreams,
		const char **why);
int h2_scan_complete(struct h2_scan *s, const uint8_t *reply, size_t len,
		     unsigned nstreams, const char **why);

/* The error code of the first GOAWAY frame, 0 when there is none or it
 * says no error. */
uint32_t h2_goaway_error(const uint8_t *reply, size_t len);

/* Copies the DATA of stream s, padding removed, into out (cap bytes):
 * the number of bytes, or -1 when they exceed cap or a frame is
 * malformed. */
long h2_data(const uint8_t *reply, size_t len, uint32_t stream, uint8_t *out,
	     size_t cap);

#endif
