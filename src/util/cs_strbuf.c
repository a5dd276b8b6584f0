/* cs_strbuf.c -- growable string buffer and whole-file reading.
 *
 * Capacity doubles (at least 64 bytes) so n appends cost O(total length);
 * every size computation is checked against SIZE_MAX.  Files are read in
 * chunks rather than sized with stat, so pipes and /dev/stdin work too. */
#include "cs_strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"

enum { CS_STRBUF_MIN_CAP = 64, CS_FILE_CHUNK = 65536 };

/* Ensures room for `extra` more bytes plus the NUL.  Returns CS_OK or
 * CS_ERR_NOMEM (b unchanged). */
static int cs_strbuf_reserve_(cs_strbuf *b, size_t extra)
{
    if (extra > SIZE_MAX - 1 - b->len) return CS_ERR_NOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return CS_OK;
    size_t cap = b->cap ? b->cap : CS_STRBUF_MIN_CAP;
    while (cap < need) cap = (cap > SIZE_MAX / 2) ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) return CS_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return CS_OK;
}

void cs_strbuf_init(cs_strbuf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

int cs_strbuf_appendn(cs_strbuf *b, const char *s, size_t n)
{
    int rc = cs_strbuf_reserve_(b, n);
    if (rc < 0) return rc;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return CS_OK;
}

int cs_strbuf_append(cs_strbuf *b, const char *s)
{
    return cs_strbuf_appendn(b, s, strlen(s));
}

int cs_strbuf_appendf(cs_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return CS_ERR_INTERNAL;
    int rc = cs_strbuf_reserve_(b, (size_t)n);
    if (rc < 0) return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CS_OK;
}

const char *cs_strbuf_str(const cs_strbuf *b)
{
    return b->data ? b->data : "";
}

void cs_strbuf_reset(cs_strbuf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void cs_strbuf_free(cs_strbuf *b)
{
    if (!b) return;
    free(b->data);
    cs_strbuf_init(b);
}

int cs_file_read_all(const char *path, cs_msg *msg, char **out, size_t *len)
{
    int rc = CS_OK;
    int err = 0;
    cs_strbuf b;
    cs_strbuf_init(&b);
    *out = NULL;
    if (len) *len = 0;

    FILE *f = fopen(path, "rb");
    if (!f) {
        err = errno;
        rc = CS_ERR_IO;
        goto done;
    }
    errno = 0;
    for (;;) {
        if (b.len > CS_FILE_MAX_BYTES) {
            err = EFBIG;
            rc = CS_ERR_IO;
            goto done;
        }
        if (cs_strbuf_reserve_(&b, CS_FILE_CHUNK) < 0) {
            err = ENOMEM;
            rc = CS_ERR_NOMEM;
            goto done;
        }
        size_t got = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
        b.len += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        err = errno ? errno : EIO;
        rc = CS_ERR_IO;
        goto done;
    }
    b.data[b.len] = '\0';
    *out = b.data;
    if (len) *len = b.len;
    cs_strbuf_init(&b);

done:
    if (f) fclose(f);
    if (rc < 0) {
        cs_msg_at(msg, path, 0, 0, NULL, "cannot read: %s", strerror(err));
        cs_strbuf_free(&b);
        errno = err; /* for the caller's verdict: bad input or I/O error */
    }
    return rc;
}
