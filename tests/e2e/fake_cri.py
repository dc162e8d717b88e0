"""A stand-in for cri-o's CRI socket, which Debian does not package: it
reads a client's HTTP/2 request (the preface, then frames until a DATA
frame ends stream 1), answers ContainerStatus for one container id as
cri-o does (HEADERS, the gRPC message in DATA, trailers), and keeps the
connection open, as an HTTP/2 server does, until the client closes it.
It checks the request: the path, and the id in ContainerStatusRequest;
any other id gets the trailers alone (no such container). Each request
is counted in COUNT_FILE.

usage: fake_cri.py SOCKET ID COUNT_FILE
"""
import socket
import struct
import sys


def varint(v):
    out = b""
    while v >= 0x80:
        out += bytes([(v & 0x7F) | 0x80])
        v >>= 7
    return out + bytes([v])


def field(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data


def number(num, v):
    return varint(num << 3) + varint(v)


def frame(kind, flags, stream, payload):
    return (struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) +
            struct.pack(">I", stream) + payload)


def status(cid):
    mount = (field(1, b"/mnt/data") + field(2, b"/srv/data") + number(3, 1) +
             number(5, 1))
    labels = [(b"io.kubernetes.pod.name", b"web-0"),
              (b"io.kubernetes.pod.namespace", b"shop"),
              (b"io.kubernetes.pod.uid", b"6f1c")]
    st = (field(1, cid) + field(2, field(1, b"web")) +
          number(4, 1700000000000000000) +
          field(8, field(1, b"quay.example/team/web:3")) +
          field(9, b"quay.example/team/web@sha256:4e1b") +
          b"".join(field(12, field(1, k) + field(2, v)) for k, v in labels) +
          field(14, mount))
    info = b'{"privileged": true, "pid": 1}'
    msg = field(1, st) + field(2, field(1, b"info") + field(2, info))
    return b"\0" + struct.pack(">I", len(msg)) + msg


def read_request(conn):
    """The DATA of stream 1 once a frame ends it, and the HEADERS block."""
    buf = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            return None, None
        buf += chunk
        off, data, headers = 24, b"", b""
        while len(buf) - off >= 9:
            n = int.from_bytes(buf[off:off + 3], "big")
            kind, flags = buf[off + 3], buf[off + 4]
            stream = int.from_bytes(buf[off + 5:off + 9], "big") & 0x7FFFFFFF
            if len(buf) - off - 9 < n:
                break
            payload = buf[off + 9:off + 9 + n]
            off += 9 + n
            if stream == 1 and kind == 1:
                headers += payload
            if stream == 1 and kind == 0:
                data += payload
                if flags & 1:
                    return data, headers


def main():
    path, cid, count_file = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(8)
    count = 0
    while True:
        conn, _ = srv.accept()
        conn.settimeout(10)
        try:
            data, headers = read_request(conn)
            if data is None:
                continue
            count += 1
            with open(count_file, "w") as f:
                f.write("%d\n" % count)
            # ContainerStatusRequest { container_id = 1; verbose = 2 }
            asked = (b"/runtime.v1.RuntimeService/ContainerStatus" in headers
                     and data[5:7] == b"\x0a\x40" and data[7:71] == cid and
                     data[71:73] == b"\x10\x01")
            out = frame(4, 0, 0, b"") + frame(1, 4, 1, b"\x88")
            if asked:
                out += frame(0, 0, 1, status(cid))
            out += frame(1, 5, 1, b"\x88")
            conn.sendall(out)
            while conn.recv(65536):
                pass
        except OSError:
            pass
        finally:
            conn.close()


main()
