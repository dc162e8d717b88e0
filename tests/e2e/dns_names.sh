#!/bin/sh
# fd.sip.name and its kin on the real probe: the rules name domains,
# lanner-resolve resolves them through the host's resolver configuration
# (here an /etc/hosts the test writes, bind-mounted in a mount namespace
# of lanner's own), and a connection to an address of one of them raises
# the rule that names it, with the name in the alert; a connection to an
# address no rule's name resolves to does not. Two names of one address
# are both its names. lanner-resolve starts only once the rules name a
# domain. A reload that names a new domain gets it resolved.
# A changed /etc/resolv.conf is read again. A resolver killed is
# restarted and gets the names again; an engine killed is restarted and
# gets the addresses again.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"
command -v unshare >/dev/null || e2e_skip "needs unshare"
sock=$E2E_DIR/ctl.sock
port=$(free_port)
hosts=$E2E_DIR/hosts
cat >"$hosts" <<EOT
127.0.0.1 localhost
127.0.0.77 c2.lanner.test alias.lanner.test
127.0.0.78 pool.lanner.test
EOT
chmod 0644 "$hosts"

rules=$E2E_DIR/rules.yaml
write_rules() {
	cat "$E2E_RULES" - >"$rules" <<EOT

- list: e2e_c2_names
  items: [c2.lanner.test, nowhere.lanner.invalid]
- rule: E2E connect to a named server
  desc: a connection to an address of a listed name
  condition: evt.type=connect and fd.sport=$port and fd.sip.name in (e2e_c2_names)
  output: "e2e named sip=%fd.sip cip_names=%fd.cip.name proc=%proc.name"
  priority: NOTICE
- rule: E2E connect to an alias
  desc: the same address under its other name
  condition: evt.type=connect and fd.sport=$port and fd.sip.name=alias.lanner.test and fd.rip.name=c2.lanner.test
  output: "e2e alias sip=%fd.sip"
  priority: NOTICE
- rule: E2E connect to no named server
  desc: a connection to an address no listed name has
  condition: evt.type=connect and fd.sport=$port and not fd.sip.name in (e2e_c2_names)
  output: "e2e unnamed sip=%fd.sip"
  priority: NOTICE
$1
EOT
	chmod 0644 "$rules"
}
# First rules naming no domain: lanner-resolve is not started.
cp "$E2E_RULES" "$rules"
chmod 0644 "$rules"

# The resolver reads this /etc/hosts; the mount goes with lanner's
# namespace. unshare and sh exec, so $LANNER_PID is lanner's.
resolv=$E2E_DIR/resolv.conf
cp /etc/resolv.conf "$resolv" 2>/dev/null || : >"$resolv"
chmod 0644 "$resolv"
cat >"$E2E_DIR/in_ns" <<EOT
#!/bin/sh
mount --bind "$hosts" /etc/hosts &&
	mount --bind "$resolv" /etc/resolv.conf && exec "$LANNER" "\$@"
EOT
chmod 0755 "$E2E_DIR/in_ns"
"$(command -v unshare)" -m --propagation private "$E2E_DIR/in_ns" \
	-r "$rules" --control "$sock" >"$E2E_DIR/out" 2>"$E2E_DIR/err" &
LANNER_PID=$!
sync_pipeline ready 60

engine() {
	"$e2e_build/broker/lannerctl" -s "$sock" --json status |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["engine"][sys.argv[1]])' "$1"
}
answered() { [ "$(engine dns_answers)" -ge "$1" ]; }
[ -z "$(child_pid lanner-resolve)" ] ||
	e2e_fail "lanner-resolve runs though no rule names a domain"
"$e2e_build/broker/lannerctl" -s "$sock" status | grep -Eq '^lanner-resolve +0 .* idle$' ||
	e2e_fail "lanner-resolve is not shown idle"
echo "no domain named: lanner-resolve idle, not started"
# Rules naming domains: it starts and resolves them.
write_rules ""
kill -HUP "$LANNER_PID"
wait_until 30 answered 2 || e2e_fail "no answers from the resolver"
"$e2e_build/broker/lannerctl" -s "$sock" status | grep -Eq '^lanner-resolve +[1-9][0-9]* .* running$' ||
	e2e_fail "lanner-resolve is not shown running"
[ "$(engine dns_names)" = 3 ] || e2e_fail "expected 3 names, the engine has $(engine dns_names)"

connect() { # ADDRESS...: a listener on each and a connection to it
	python3 - "$port" "$@" <<'EOT'
import socket, sys
port = int(sys.argv[1])
for addr in sys.argv[2:]:
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(1)
    c = socket.create_connection((addr, port))
    srv.accept()[0].close()
    c.close()
    srv.close()
EOT
}
connect 127.0.0.77 127.0.0.79 || e2e_fail "the connections failed"
wait_for "e2e named sip=127\\.0\\.0\\.77 cip_names=<NA> proc=python3" "$E2E_DIR/out" 20
wait_for "e2e alias sip=127\\.0\\.0\\.77" "$E2E_DIR/out" 20
wait_for "e2e unnamed sip=127\\.0\\.0\\.79" "$E2E_DIR/out" 20
sync_pipeline connected 20
[ "$(count 'e2e (named|alias) sip=127\.0\.0\.79' "$E2E_DIR/out")" = 0 ] ||
	e2e_fail "an address no name has matched a name"
[ "$(count 'e2e unnamed sip=127\.0\.0\.77' "$E2E_DIR/out")" = 0 ] ||
	e2e_fail "the named address matched the negation"

# A reload naming a new domain: it is resolved and matched.
write_rules "- rule: E2E connect to the pool
  desc: a name only the reloaded rules have
  condition: evt.type=connect and fd.sport=$port and fd.sip.name=pool.lanner.test
  output: \"e2e pool sip=%fd.sip name=%fd.sip.name\"
  priority: NOTICE"
answers=$(engine dns_answers)
kill -HUP "$LANNER_PID"
wait_until 30 answered $((answers + 1)) || e2e_fail "the new name was not resolved"
connect 127.0.0.78 || e2e_fail "the connection failed"
wait_for "e2e pool sip=127\\.0\\.0\\.78 name=pool\\.lanner\\.test" "$E2E_DIR/out" 20

# A changed resolv.conf is read again and every name resolved again.
echo "options timeout:1" >>"$resolv"
wait_for "resolver configuration changed" "$E2E_DIR/err" 40

# kill_child NAME: SIGKILL, then its successor.
kill_child() {
	old=$(child_pid "$1")
	[ -n "$old" ] || e2e_fail "no $1 running"
	kill -9 "$old"
	wait_until 30 sh -c "p=\$(pgrep -P $LANNER_PID -x '$1'); [ -n \"\$p\" ] && [ \"\$p\" != $old ]" ||
		e2e_fail "$1 was not restarted"
}
kill_child lanner-resolve
kill_child lanner-engine
sync_pipeline restarted 60
# The three names /etc/hosts has, from the new resolver to the new engine.
wait_until 30 answered 3 || e2e_fail "the new engine got no addresses"
connect 127.0.0.77 || e2e_fail "the connection failed"
wait_until 20 sh -c "[ \$(grep -c 'e2e named sip=127\\.0\\.0\\.77' '$E2E_DIR/out') -ge 2 ]" ||
	e2e_fail "no alert for the named server after the engine restarted"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"
