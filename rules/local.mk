# rules/: see Makefile.am
