#!/usr/bin/env python3
"""A test receiver for http_output: an HTTPS server (HTTP with no
certificate) that records each POST as one JSON line: path, the headers
that matter, and the body (gunzipped when Content-Encoding says gzip).
Usage: https_server.py PORTFILE OUTFILE [CERT KEY [CLIENT_CA]]; with
CLIENT_CA a client certificate signed by it is required. The port it
listens on is written to PORTFILE once it accepts connections; when
PORTFILE exists, the port it names is used again."""
import gzip
import http.server
import json
import os
import socket
import ssl
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out as two writes: without this, Nagle and
        # the client's delayed ACK add 40 ms to every request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        enc = self.headers.get("Content-Encoding", "")
        body = gzip.decompress(raw) if enc == "gzip" else raw
        rec = {
            "path": self.path,
            "content_type": self.headers.get("Content-Type", ""),
            "content_encoding": enc,
            "user_agent": self.headers.get("User-Agent", ""),
            "body": body.decode("utf-8"),
            "received_ns": time.time_ns(),
        }
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps(rec) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def main():
    # Started again with the same PORTFILE: the same port.
    port = 0
    if os.path.exists(sys.argv[1]):
        with open(sys.argv[1]) as f:
            port = int(f.read())
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    if len(sys.argv) > 4:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[3], sys.argv[4])
        if len(sys.argv) > 5:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(sys.argv[5])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()


main()
