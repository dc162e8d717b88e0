# systemd/: the unit file, with the install paths filled in.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = systemd/lanner.service
EXTRA_DIST += systemd/lanner.service.in
CLEANFILES += systemd/lanner.service
systemd/lanner.service: systemd/lanner.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && \
	sed -e 's|@bindir[@]|$(bindir)|g' -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/systemd/lanner.service.in >$@
sysusersdir = $(prefix)/lib/sysusers.d
sysusers_DATA = systemd/lanner.conf
EXTRA_DIST += systemd/lanner.sysusers
CLEANFILES += systemd/lanner.conf
systemd/lanner.conf: systemd/lanner.sysusers
	$(AM_V_GEN)$(MKDIR_P) systemd && cp $(srcdir)/systemd/lanner.sysusers $@

tmpfilesdir = $(prefix)/lib/tmpfiles.d
tmpfiles_DATA = systemd/lanner-tmpfiles.conf
EXTRA_DIST += systemd/lanner.tmpfiles
CLEANFILES += systemd/lanner-tmpfiles.conf
systemd/lanner-tmpfiles.conf: systemd/lanner.tmpfiles
	$(AM_V_GEN)$(MKDIR_P) systemd && cp $(srcdir)/systemd/lanner.tmpfiles $@

# The unit passes systemd-analyze verify (skipped without systemd).
TESTS += tests/systemd_units.sh
EXTRA_DIST += tests/systemd_units.sh

# make install puts every program, unit, page and file where it belongs.
TESTS += tests/install.sh
EXTRA_DIST += tests/install.sh
