/* cs_strbuf.h -- a small growable string buffer, and whole-file reading.
 *
 * Messages, generated YAML and parameter docs are built piecewise; this is
 * the one place that does the growth and overflow arithmetic.  Appends are
 * all-or-nothing: on CS_ERR_NOMEM the buffer keeps its previous contents. */
#ifndef CS_STRBUF_H
#define CS_STRBUF_H

#include <stddef.h>

#include "cs_msg.h"

typedef struct cs_strbuf {
    char *data; /* owned; NULL until the first successful append, then NUL-terminated */
    size_t len; /* bytes in data, not counting the NUL */
    size_t cap; /* bytes allocated for data */
} cs_strbuf;

/* Makes b an empty buffer that owns nothing.  Never fails. */
void cs_strbuf_init(cs_strbuf *b);

/* Appends the NUL-terminated s.  Returns CS_OK or CS_ERR_NOMEM. */
int cs_strbuf_append(cs_strbuf *b, const char *s);

/* Appends the first n bytes of s (which need not be NUL-terminated and may
 * hold NUL bytes).  Returns CS_OK or CS_ERR_NOMEM. */
int cs_strbuf_appendn(cs_strbuf *b, const char *s, size_t n);

/* Appends printf-style formatted text.  Returns CS_OK, CS_ERR_NOMEM, or
 * CS_ERR_INTERNAL if the format itself fails (vsnprintf < 0). */
int cs_strbuf_appendf(cs_strbuf *b, const char *fmt, ...) CS_PRINTF(2, 3);

/* The contents as a C string: "" (a static literal) before the first append. */
const char *cs_strbuf_str(const cs_strbuf *b);

/* Empties the buffer but keeps its allocation. */
void cs_strbuf_reset(cs_strbuf *b);

/* Frees the data and leaves b as after cs_strbuf_init.  Accepts NULL. */
void cs_strbuf_free(cs_strbuf *b);

/* Longest file cs_file_read_all reads: the files read whole are scenarios
 * and models a person writes (a few hundred kB at most), and a path such as
 * /dev/zero would otherwise be read until memory runs out. */
#define CS_FILE_MAX_BYTES ((size_t)64 << 20)

/* Reads the whole file at path into a new NUL-terminated buffer.  On success
 * *out owns the buffer (free with free()) and *len, when len is not NULL, is
 * its size without the NUL (the file may contain NUL bytes).  On failure
 * prints "PATH: cannot read: <strerror>" through msg, sets *out = NULL and
 * *len = 0, and returns CS_ERR_IO (CS_ERR_NOMEM when memory ran out) with
 * errno telling why (ENOENT: not there, EIO: the read failed, EFBIG: longer
 * than CS_FILE_MAX_BYTES, "File too large", ...). */
int cs_file_read_all(const char *path, cs_msg *msg, char **out, size_t *len);

#endif
