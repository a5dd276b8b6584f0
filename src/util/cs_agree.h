/* cs_agree.h -- one verdict for every rank, and the cause when one rank
 * alone failed.
 *
 * Only rank 0 prints (cs_cli makes the other ranks' message sinks quiet,
 * since input errors show alike everywhere); a failure one rank alone
 * meets (memory, its disk, a signal in its library) would then stop every
 * rank without a word.  The failing rank's sink keeps its last error
 * (cs_msg.last); cs_agree hands it to rank 0, which prints it with the
 * rank's number. */
#ifndef CS_AGREE_H
#define CS_AGREE_H

#include <mpi.h>
#include <stddef.h>

#include "cs_msg.h"

/* Collective over comm: the most severe (lowest) status of all ranks.
 * When the lowest rank with that status is not rank 0, rank 0 prints
 * "rank R of P: <its last error, or the status's text>; every rank
 * stops" (through msg, which may be NULL on the other ranks). */
int cs_agree(int rc, MPI_Comm comm, cs_msg *msg);

/* The cause of a failure `rc` as `msg` keeps it: its last error's text, or
 * the status's text when it printed none.  Never NULL. */
const char *cs_agree_text(const cs_msg *msg, int rc);

/* Collective over comm: rank `from`'s cs_agree_text(msg, rc) into `cause`
 * (`size` bytes, the same on every rank) on every rank. */
void cs_agree_cause(int from, int rc, MPI_Comm comm, const cs_msg *msg, char *cause, size_t size);

#endif
