/* cs_msg.h -- user-facing messages on stderr.
 *
 * Messages say where (file:line:col or key) and why; they are printed by
 * the code that detects the problem.  Under MPI only the rank that owns the
 * message prints: callers pass a cs_msg sink whose `quiet` flag is set on
 * ranks other than 0 for errors every rank detects alike (config). */
#ifndef CS_MSG_H
#define CS_MSG_H

#include <stdarg.h>
#include <stdio.h>

#if defined(__GNUC__)
#define CS_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define CS_PRINTF(fmt_index, first_arg)
#endif

typedef struct cs_msg {
    FILE *stream; /* borrowed; NULL means stderr */
    int quiet;    /* nonzero: print nothing (other ranks, tests) */
    int errors;   /* number of errors reported so far */
    char last[512]; /* the last error's text, kept even when quiet: another rank may print it (cs_agree) */
} cs_msg;

/* "crampsim: error: <text>\n" */
void cs_msg_error(cs_msg *m, const char *fmt, ...) CS_PRINTF(2, 3);
/* "<file>:<line>:<col>: <key>: <text>\n"; line and col are 1-based, 0 omits them. */
void cs_msg_at(cs_msg *m, const char *file, int line, int col, const char *key,
               const char *fmt, ...) CS_PRINTF(6, 7);
/* "crampsim: warning: <text>\n" (does not count as an error). */
void cs_msg_warn(cs_msg *m, const char *fmt, ...) CS_PRINTF(2, 3);

#endif
