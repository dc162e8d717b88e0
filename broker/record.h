/*
 * Recording (--capture FILE): the broker opens the
 * capture file, writes its header (this host, the whole configuration)
 * and hands the descriptor to lanner-capture, which appends the records
 * it puts in the ring. No sandboxed process opens a file.
 */
#ifndef LNR_BROKER_RECORD_H
#define LNR_BROKER_RECORD_H

struct broker;

/* Opens the file when asked to record (fatal when it cannot); nothing
 * otherwise. */
void record_setup(struct broker *b);

#endif
