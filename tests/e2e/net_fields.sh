#!/bin/sh
# Sockets in the engine's state: a TCP connection to a local listener
# raises a connect rule that reads the server's address and port, the
# layer-4 protocol and the connection's name; the accepting side is the
# server; a later send on the socket still knows its ends.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

port=$(free_port)
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<EOT

- rule: E2E connect to the test port
  desc: a connection to the test's listener
  condition: evt.type=connect and fd.sport=$port and fd.sip=127.0.0.1 and fd.l4proto=tcp
  output: "e2e connect name=%fd.name cip=%fd.cip sport=%fd.sport server=%fd.is_server proc=%proc.name"
  priority: NOTICE
- rule: E2E accept on the test port
  desc: the listener accepted the connection
  condition: evt.type in (accept, accept4) and fd.lport=$port and fd.is_server=true
  output: "e2e accept lport=%fd.lport rip=%fd.rip type=%fd.type"
  priority: NOTICE
- rule: E2E send on the test connection
  desc: data sent on the connection
  condition: evt.type=sendto and fd.rport=$port and fd.rnet in (127.0.0.0/8)
  output: "e2e send rport=%fd.rport"
  priority: NOTICE
EOT
chmod 0644 "$rules"
start_lanner -r "$rules"
sync_pipeline ready 60

python3 - "$port" <<'EOT'
import socket, sys
port = int(sys.argv[1])
srv = socket.socket()
srv.bind(("127.0.0.1", port))
srv.listen(1)
c = socket.create_connection(("127.0.0.1", port))
a, _ = srv.accept()
c.send(b"hi")
a.recv(2)
EOT
wait_for "e2e connect name=127\\.0\\.0\\.1:[0-9]+->127\\.0\\.0\\.1:$port cip=127\\.0\\.0\\.1 sport=$port server=false proc=python3" \
	"$E2E_DIR/out" 20
wait_for "e2e accept lport=$port rip=127\\.0\\.0\\.1 type=ipv4" "$E2E_DIR/out" 20
wait_for "e2e send rport=$port" "$E2E_DIR/out" 20
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"
