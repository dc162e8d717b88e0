# bench for capture: the probe's cost per open+close pair (needs root).
noinst_PROGRAMS += bench/bench_probe
bench_bench_probe_SOURCES = bench/bench_probe.c
bench_bench_probe_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture
bench_bench_probe_CFLAGS = $(AM_CFLAGS) $(LIBURING_CFLAGS)
bench_bench_probe_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS) $(LIBURING_LIBS) -lpthread
# bench for capture: how long the probe takes to load, and the verifier's
# instructions and time for each program (needs root).
noinst_PROGRAMS += bench/bench_probe_load
bench_bench_probe_load_SOURCES = bench/bench_probe_load.c
nodist_bench_bench_probe_load_SOURCES = capture/probe.skel.h
bench_bench_probe_load_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture \
	-I$(top_builddir)/capture
bench_bench_probe_load_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
bench_bench_probe_load_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS)
# bench for capture: what a syscall no rule wants pays for the raw
# sys_exit hook, for per-syscall tracepoints and for the probe (needs
# root). Its small programs are built like the probe.
noinst_PROGRAMS += bench/bench_hooks
bench_bench_hooks_SOURCES = bench/bench_hooks.c
nodist_bench_bench_hooks_SOURCES = bench/bench_hooks.skel.h \
	capture/probe.skel.h
bench_bench_hooks_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture \
	-I$(top_builddir)/capture -I$(top_builddir)/bench
bench_bench_hooks_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
bench_bench_hooks_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS)

bench/bench_hooks.bpf.o: bench/bench_hooks.bpf.c capture/vmlinux.h \
		capture/probe.h capture/probe_syscall.bpf.h common/openfilter.h
	@$(MKDIR_P) bench
	$(AM_V_CC)$(CLANG) -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(BPF_TARGET_ARCH) \
		-I$(top_srcdir)/common -I$(top_srcdir)/capture -Icapture \
		-c $(top_srcdir)/bench/bench_hooks.bpf.c -o $@

bench/bench_hooks.lnk.o: bench/bench_hooks.bpf.o
	$(AM_V_GEN)$(BPFTOOL) gen object $@ $<

bench/bench_hooks.skel.h: bench/bench_hooks.lnk.o
	$(AM_V_GEN)$(BPFTOOL) gen skeleton $< name bench_hooks > $@.tmp && mv $@.tmp $@

bench/bench_hooks-bench_hooks.$(OBJEXT): bench/bench_hooks.skel.h \
	capture/probe.skel.h
CLEANFILES += bench/bench_hooks.bpf.o bench/bench_hooks.lnk.o \
	bench/bench_hooks.skel.h
EXTRA_DIST += bench/bench_hooks.bpf.c
