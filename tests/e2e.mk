# tests for e2e: the real agent, as root (skipped otherwise, or with
# LANNER_E2E=skip). Each script sources tests/e2e/lib.sh.
E2E_TESTS = tests/e2e/alert_shadow.sh tests/e2e/privileges.sh \
	tests/e2e/sandbox.sh tests/e2e/restart.sh tests/e2e/shutdown.sh \
	tests/e2e/redeliver.sh tests/e2e/json_output.sh tests/e2e/reload.sh \
	tests/e2e/hostile_names.sh \
	tests/e2e/stop_continue.sh tests/e2e/ring_poison.sh \
	tests/e2e/restart_state.sh \
	tests/e2e/file_checks.sh \
	tests/e2e/drops.sh \
	tests/e2e/rule_parse_privileges.sh \
	tests/e2e/hostile_child.sh \
	tests/e2e/iouring.sh \
	tests/e2e/kernel_filter.sh \
	tests/e2e/control.sh \
	tests/e2e/web.sh \
	tests/e2e/web_tls.sh \
	tests/e2e/config_reload.sh \
	tests/e2e/metrics_snapshot.sh \
	tests/e2e/capture_replay.sh \
	tests/e2e/capture_alert.sh \
	tests/e2e/reload_burst.sh \
	tests/e2e/out_file.sh \
	tests/e2e/out_program.sh \
	tests/e2e/out_syslog.sh \
	tests/e2e/out_http.sh \
	tests/e2e/out_reliable.sh \
	tests/e2e/out_http_down.sh \
	tests/e2e/append_output.sh \
	tests/e2e/k8saudit.sh \
	tests/e2e/containers.sh \
	tests/e2e/containerd.sh \
	tests/e2e/cri.sh \
	tests/e2e/net_fields.sh \
	tests/e2e/fd_kinds.sh \
	tests/e2e/set_name.sh \
	tests/e2e/dns_names.sh \
	tests/e2e/fd_passing.sh \
	tests/e2e/rename_fd.sh \
	tests/e2e/eventgen.sh \
	tests/e2e/noise.sh \
	tests/e2e/filter_diff.sh \
	tests/e2e/proc_filter.sh \
	tests/e2e/open_filter.sh \
	tests/e2e/dir_filter.sh \
	tests/e2e/state_stress.sh \
	tests/e2e/users.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh tests/e2e/rules.yaml \
	tests/e2e/https_server.py tests/e2e/eventgen_check.py \
	tests/e2e/noise_workload.sh tests/e2e/alerts_by_action.py \
	tests/e2e/ctr_alert.sh tests/e2e/fake_cri.py

# A lanner-output that breaks the protocol, for hostile_child.sh.
check_PROGRAMS += tests/e2e/fake_output
tests_e2e_fake_output_SOURCES = tests/e2e/fake_output.c
tests_e2e_fake_output_LDADD = $(TEST_LIBS)

# Opens and reads a file through io_uring only, for iouring.sh.
check_PROGRAMS += tests/e2e/iou_open
tests_e2e_iou_open_SOURCES = tests/e2e/iou_open.c
tests_e2e_iou_open_CFLAGS = $(AM_CFLAGS) $(LIBURING_CFLAGS)
tests_e2e_iou_open_LDADD = $(LIBURING_LIBS)

# Makes and closes pipes, a memfd and eventfds across an exec, for
# fd_kinds.sh.
check_PROGRAMS += tests/e2e/fd_kinds
tests_e2e_fd_kinds_SOURCES = tests/e2e/fd_kinds.c

# Passes a file and sockets over a unix socket, for fd_passing.sh.
check_PROGRAMS += tests/e2e/fd_passing
tests_e2e_fd_passing_SOURCES = tests/e2e/fd_passing.c

# Renames itself with prctl(PR_SET_NAME) between opens, for set_name.sh.
check_PROGRAMS += tests/e2e/set_name
tests_e2e_set_name_SOURCES = tests/e2e/set_name.c

# Floods the probe with large records, for drops.sh.
check_PROGRAMS += tests/e2e/burst
tests_e2e_burst_SOURCES = tests/e2e/burst.c
tests_e2e_burst_LDADD = -lpthread

# Many short-lived processes and threads, for state_stress.sh.
check_PROGRAMS += tests/e2e/forkstorm
tests_e2e_forkstorm_SOURCES = tests/e2e/forkstorm.c
tests_e2e_forkstorm_LDADD = -lpthread
