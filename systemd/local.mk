# systemd/: the unit file, with the install paths filled in.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = systemd/lanner.service
EXTRA_DIST += systemd/lanner.service.in
CLEANFILES += systemd/lanner.service
systemd/lanner.service: systemd/lanner.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && \
	sed -e 's|@bindir[@]|$(bindir)|g' $(srcdir)/systemd/lanner.service.in >$@
