# broker/: see Makefile.am
