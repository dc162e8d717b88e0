/* What the state tests share: the tables, the record buffer, one way to
 * feed a record, the shell that most tests start from. */
#ifndef TEST_STATE_H
#define TEST_STATE_H

#include "engine/state/state.h"
#include "test_state_evts.h"

extern struct state st;
extern struct evt_ctx *ctx;
extern uint8_t rec[TEVT_BUF];
extern const struct tproc bash_p;

void feed(int len, void (*between)(void));

void test_fork_fds(void);
void test_dup_close_range(void);
void test_anon_fds(void);

#endif
