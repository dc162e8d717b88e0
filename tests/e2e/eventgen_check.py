"""Matches lanner-eventgen's run report against the agent's JSON alerts.

Each action must have raised the rule it names, from a process of the
action's own session (output_fields["proc.sid"] is the action's pid),
with the fields below where an action promises more. Prints the table.
An optional third argument names actions excused here.
"""
import json
import re
import sys

# action -> {field: regex its value must match}
FIELDS = {
    "write-etc": {"fd.name": r"^/etc/lanner-eventgen\."},
    "write-root": {"fd.name": r"^/root/\.lanner-eventgen\."},
    "write-bin": {"fd.name": r"^/usr/local/bin/lanner-eventgen\."},
    "create-dev": {"fd.name": r"^/dev/lanner-eventgen\."},
    "mkdir-bin": {"fs.path.name": r"^/usr/local/bin/lanner-eventgen\."},
    "rename-bin": {"fs.path.target": r"^/usr/local/bin/lanner-eventgen\..*\.old$"},
    "shell-history": {"fs.path.name": r"/\.bash_history$"},
    # unlinked through a directory fd whose open the probe left out
    "shell-history-dirfd": {"fs.path.name": r"^/.+/\.bash_history$"},
    "clear-log": {"fd.name": r"^/var/log/lanner-eventgen\."},
    "shred": {"proc.name": r"^shred$"},
    "read-shadow": {"fd.name": r"^/etc/shadow$", "proc.name": r"^lanner-eventgen$"},
    # reached from / one component at a time through directory fds
    "read-shadow-walk": {"fd.name": r"^/etc/shadow$"},
    "read-traversal": {"fd.name": r"^/etc/shadow$", "fd.nameraw": r"^/etc/\.\./etc/shadow$"},
    "read-ssh-key": {"fd.name": r"/\.ssh/id_rsa$"},
    "symlink-shadow": {"fs.path.target": r"^/etc/shadow$"},
    "hardlink-shadow": {"fs.path.target": r"^/etc/shadow$"},
    "find-setuid": {"proc.name": r"^find$", "proc.cmdline": r"-perm -4000"},
    "mount-container": {"container.id": r"^[0-9a-f]{12}$", "proc.name": r"^mount$"},
    "user-mgmt": {"proc.name": r"^useradd$"},
    "scan-host": {"proc.name": r"^nmap$", "container.id": r"^host$"},
    "search-keys": {"proc.name": r"^find$", "proc.cmdline": r"id_rsa"},
    "setuid-root": {"evt.arg.uid": r"^(0|root)"},
    "capset-raise": {"user.uid": r"^65534$"},
    "privileged-container": {"container.id": r"^[0-9a-f]{12}$"},
    "release-agent": {"container.id": r"^[0-9a-f]{12}$", "fd.name": r"/release_agent$"},
    "shell-container": {"container.id": r"^[0-9a-f]{12}$", "proc.name": r"^sh$"},
    "copy-container": {"container.id": r"^[0-9a-f]{12}$", "proc.name": r"^scp$"},
    "scan-container": {"container.id": r"^[0-9a-f]{12}$", "proc.name": r"^nmap$"},
    "system-user-tty": {"user.name": r"^nobody$", "proc.name": r"^sh$"},
    "userfaultfd": {"user.uid": r"^65534$"},
    "system-proc-connect": {"proc.name": r"^sed$", "fd.rip": r"^127\.0\.0\.1$"},
    "metadata": {"fd.name": r"169\.254\.169\.254"},
    "netcat-exec": {"proc.name": r"^nc$"},
    "reverse-shell": {"fd.name": r"127\.0\.0\.1"},
    "stratum": {"proc.name": r"^xmrig$"},
    "ssh-port": {"proc.name": r"^ssh$"},
    "shell-webserver": {"proc.name": r"^sh$", "proc.pname": r"^nginx$"},
    "ssh-webserver": {"proc.name": r"^ssh$", "proc.pname": r"^nginx$"},
    "exec-shm": {"proc.exepath": r"^/dev/shm/"},
    "exec-memfd": {"proc.name": r"payload"},
    "lanner-signal": {"evt.target.name": r"^lanner"},
}


def main(report_path, alerts_path, unseen=""):
    """unseen: actions, comma-separated, whose calls the probe cannot see
    here (printed, not counted)."""
    excused = set(filter(None, unseen.split(",")))
    alerts = []
    with open(alerts_path) as f:
        for line in f:
            if line.startswith("{"):
                alerts.append(json.loads(line))
    missing = 0
    print("%-22s %-8s %-4s %s" % ("action", "pid", "seen", "rule"))
    with open(report_path) as f:
        for line in f:
            name, pid, status, rule = line.split(None, 3)
            rule, pid = rule.strip(), int(pid)
            mine = [a for a in alerts if a["rule"] == rule
                    and a["output_fields"].get("proc.sid") == pid]
            seen, why = bool(mine), ""
            for field, want in FIELDS.get(name, {}).items():
                vals = [str(a["output_fields"].get(field)) for a in mine]
                if not any(re.search(want, v) for v in vals):
                    seen, why = False, "%s=%s, want /%s/" % (field, vals, want)
            if not seen and name in excused:
                print("%-22s %-8d %-4s %s" % (name, pid, "-", "unseen here"))
                continue
            print("%-22s %-8d %-4s %s %s" % (name, pid, "yes" if seen else "NO",
                                          rule, why))
            missing += not seen
    print("%d actions without their alert" % missing)
    return 1 if missing else 0


sys.exit(main(*sys.argv[1:4]))
