# eventgen/: lanner-eventgen, harmless actions that each trigger one of
# the default rules (eventgen/actions.def lists them).
bin_PROGRAMS += eventgen/lanner-eventgen
eventgen_lanner_eventgen_SOURCES = eventgen/main.c eventgen/eg.h \
	eventgen/actions.def eventgen/role.c eventgen/eg_file.c \
	eventgen/eg_proc.c eventgen/eg_net.c eventgen/eg_container.c \
	eventgen/act_write.c eventgen/act_read.c eventgen/act_priv.c \
	eventgen/act_net.c eventgen/act_exec.c \
	common/rmtree.c common/rmtree.h
