/*
 * The control protocol between lannerctl and the broker: over a unix
 * stream socket only root may reach, the client writes one command line
 * ("status [json]", "restart capture|engine|output CHANNEL", "reload",
 * "reopen"); the broker answers "ok" or "error" on the first line, then
 * text, and closes.
 */
#ifndef LNR_CONTROL_H
#define LNR_CONTROL_H

#define CONTROL_DEFAULT "/run/lanner.sock"

#endif
