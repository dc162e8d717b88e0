# systemd/: see Makefile.am
