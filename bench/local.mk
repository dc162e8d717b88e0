# bench/: throughput benchmarks, built with the tree but not run by make
# check. bench/bench_rules [RULES_FILE] measures rule evaluation.
noinst_PROGRAMS += bench/bench_rules
bench_bench_rules_SOURCES = bench/bench_rules.c
bench_bench_rules_CPPFLAGS = $(ENGINE_CPPFLAGS) \
	-DLNR_CONFORMANCE='"$(abs_top_srcdir)/../shared/conformance/falco_rules.yaml"'
bench_bench_rules_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_rules_LDADD = engine/libengine.la common/libcommon.la \
	$(YAML_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)
include bench/capture.mk

# bench/bench_replay CAPTURE RULES... : replay throughput on one core;
# bench/replay.sh records a busy workload and runs it.
noinst_PROGRAMS += bench/bench_replay
bench_bench_replay_SOURCES = bench/bench_replay.c
bench_bench_replay_CPPFLAGS = $(ENGINE_CPPFLAGS)
bench_bench_replay_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_replay_LDADD = engine/libengine.la common/libcommon.la \
	$(YAML_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)
EXTRA_DIST += bench/replay.sh bench/workload.sh
# bench/filter.sh: the syscall overhead of lanner, with its default and
# the upstream rules, against no probe and empty raw hooks (bench_hooks
# -f), and optionally Falco's; bench/bench_ops makes the workloads.
noinst_PROGRAMS += bench/bench_ops
bench_bench_ops_SOURCES = bench/bench_ops.c
bench_bench_ops_CFLAGS = $(AM_CFLAGS) -O2
EXTRA_DIST += bench/filter.sh bench/bpf_cost.sh
# bench/k8saudit_post: the client of bench/k8saudit.sh, audit events
# through lanner-k8saudit to alerts.
noinst_PROGRAMS += bench/k8saudit_post
bench_k8saudit_post_SOURCES = bench/k8saudit_post.c
