# capture/: the capture process and its eBPF probe. The probe is built
# from the running kernel's BTF into the build directory; nothing
# prebuilt is kept in the tree.
CAPTURE_BPF_SRCS = capture/probe.bpf.c capture/probe_fill.bpf.h \
	capture/probe_path.bpf.h capture/probe_proc.bpf.h \
	capture/probe_iouring.bpf.h capture/probe_iouring_net.bpf.h \
	capture/probe_iouring_io.bpf.h \
	capture/probe_net.bpf.h capture/probe_scm.bpf.h capture/probe_fds.bpf.h \
	capture/probe_io.bpf.h capture/probe_open.bpf.h capture/probe_unseen.bpf.h \
	capture/probe_syscall.bpf.h capture/probe_names.bpf.h \
	common/openfilter.h common/procfilter.h \
	capture/probe.h

capture/vmlinux.h: $(VMLINUX_BTF)
	@$(MKDIR_P) capture
	$(AM_V_GEN)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

capture/probe.bpf.o: $(CAPTURE_BPF_SRCS) capture/vmlinux.h \
		common/event.h common/event_table.def common/pp.h
	@$(MKDIR_P) capture
	$(AM_V_CC)$(CLANG) -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(BPF_TARGET_ARCH) \
		-I$(top_srcdir)/common -I$(top_srcdir)/capture -Icapture \
		-c $(top_srcdir)/capture/probe.bpf.c -o $@

# Linking through bpftool drops the DWARF sections the skeleton would embed.
capture/probe.lnk.o: capture/probe.bpf.o
	$(AM_V_GEN)$(BPFTOOL) gen object $@ $<

capture/probe.skel.h: capture/probe.lnk.o
	$(AM_V_GEN)$(BPFTOOL) gen skeleton $< name probe > $@.tmp && mv $@.tmp $@

# The i386 syscall numbers by name, from the kernel headers.
capture/syscall32_nr.h:
	@$(MKDIR_P) capture
	$(AM_V_GEN)echo '#include <asm/unistd_32.h>' | $(CC) -E -dM - | \
		awk '/^#define __NR_[a-z0-9_]+ [0-9]+$$/ { \
			sub("__NR_", "", $$2); print "LNR_NR32(" $$2 ", " $$3 ")" }' \
		> $@.tmp && mv $@.tmp $@

BUILT_SOURCES += capture/probe.skel.h capture/syscall32_nr.h
CLEANFILES += capture/vmlinux.h capture/probe.bpf.o capture/probe.lnk.o \
	capture/probe.skel.h capture/syscall32_nr.h
EXTRA_DIST += $(CAPTURE_BPF_SRCS)

# The loader, the /proc snapshot and the ring pump, shared by
# lanner-capture and the tests.
noinst_LTLIBRARIES += capture/libprobe.la
capture_libprobe_la_SOURCES = \
	capture/source.h capture/source_probe.c capture/probe_load.c \
	capture/kring.c capture/kring.h \
	capture/probe_openfilter.c capture/probe_procfilter.c \
	capture/probe_load.h capture/probe.h capture/proc_snapshot.c \
	capture/proc_snapshot.h capture/timeconv.c capture/timeconv.h \
	capture/pump.c capture/pump.h capture/syscall32.c capture/syscall32.h \
	capture/syscall_abi.c capture/syscall_abi.h capture/probe_tphooks.c \
	capture/source_file.c capture/source_file.h \
	capture/recorder.c capture/recorder.h
nodist_capture_libprobe_la_SOURCES = capture/probe.skel.h \
	capture/syscall32_nr.h
capture_libprobe_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/capture
capture_libprobe_la_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
capture_libprobe_la_LIBADD = $(LIBBPF_LIBS) $(LIBELF_LIBS)

libexec_PROGRAMS += capture/lanner-capture
capture_lanner_capture_SOURCES = capture/main.c capture/allow.c \
	capture/allow.h
capture_lanner_capture_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/capture
capture_lanner_capture_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
capture_lanner_capture_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) \
	$(CAPNG_LIBS)

libexec_PROGRAMS += capture/lanner-snapshot
capture_lanner_snapshot_SOURCES = capture/snapshot_main.c
capture_lanner_snapshot_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
capture_lanner_snapshot_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) \
	$(CAPNG_LIBS)

# Replays capture files (lanner -e) into the ring, sandboxed like capture.
libexec_PROGRAMS += capture/lanner-replay
capture_lanner_replay_SOURCES = capture/replay_main.c
capture_lanner_replay_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
capture_lanner_replay_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) \
	$(CAPNG_LIBS)
