#!/bin/sh
# The probe test again with the other kind of syscall hooks than the one
# the loader picks here (capture/probe_tphooks.c), so both are tested.
exec env LNR_TEST_HOOKS=other ./tests/unit/test_probe
