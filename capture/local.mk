# capture/: see Makefile.am
