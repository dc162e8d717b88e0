# outputs/: see Makefile.am
