/*
 * Helpers of the field test, shared by its files: the state and the event
 * being evaluated, and checks of the text a field's values render to
 * while the event is current (between the state's before and after
 * steps).
 */
#ifndef LNR_TEST_FIELDS_UTIL_H
#define LNR_TEST_FIELDS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/fields/fields.h"
#include "engine/state/state.h"
#include "test_state_evts.h"

extern struct state st;
extern struct evt_ctx *ctx;
extern uint8_t rec[TEVT_BUF];

struct fcase {
	const char *field;
	const char *want;
};

/* Values of each case's field rendered and joined with ','; "<NA>" when
 * there are none. */
void expect(const struct fcase *c, size_t n);

#define EXPECT(...)                                                            \
	do {                                                                   \
		static const struct fcase cases_[] = {__VA_ARGS__};            \
		expect(cases_, sizeof(cases_) / sizeof(cases_[0]));            \
	} while (0)

/* The record of len bytes in rec becomes the current event. */
void begin(int len);
void end(void);

/* Cases of test_fields_target.c, test_fields_fs.c, test_fields_sock.c,
 * test_fields_io.c, test_fields_anonfd.c and test_fields_scm.c. */
void test_target_fields(void);
void test_fs_fields(void);
void test_sock_fields(void);
void test_io_fields(void);
void test_anonfd_fields(void);
void test_scm_fields(void);

#endif
