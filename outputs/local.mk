# outputs/: lanner-output CHANNEL, one worker process per output channel.
libexec_PROGRAMS += outputs/lanner-output
outputs_lanner_output_SOURCES = outputs/main.c \
	outputs/channel.c outputs/channel.h \
	outputs/format.c outputs/format.h \
	outputs/out_stdout.c \
	outputs/worker.c outputs/worker.h
outputs_lanner_output_CFLAGS = $(AM_CFLAGS) $(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)
outputs_lanner_output_LDADD = common/libcommon.la
