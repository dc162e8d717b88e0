# engine/: see Makefile.am
