# bench/: see Makefile.am
