/*
 * A minimal test harness: CHECK records a failure with file:line and goes
 * on; check_done prints "N passed, N failed" and gives the exit status.
 */
#ifndef LNR_CHECK_H
#define LNR_CHECK_H

#include <stdio.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
