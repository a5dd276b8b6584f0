/* cs_msg.c -- formatting of user-facing messages. */
#include "cs_msg.h"

static FILE *cs_msg_stream_(const cs_msg *m)
{
    return (m && m->stream) ? m->stream : stderr;
}

void cs_msg_error(cs_msg *m, const char *fmt, ...)
{
    if (m) m->errors++;
    if (m && m->quiet) return;
    FILE *f = cs_msg_stream_(m);
    va_list ap;
    va_start(ap, fmt);
    fputs("crampsim: error: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
}

void cs_msg_at(cs_msg *m, const char *file, int line, int col, const char *key,
               const char *fmt, ...)
{
    if (m) m->errors++;
    if (m && m->quiet) return;
    FILE *f = cs_msg_stream_(m);
    va_list ap;
    va_start(ap, fmt);
    fputs(file ? file : "<input>", f);
    if (line > 0) fprintf(f, ":%d", line);
    if (line > 0 && col > 0) fprintf(f, ":%d", col);
    fputs(": ", f);
    if (key && key[0]) fprintf(f, "%s: ", key);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
}

void cs_msg_warn(cs_msg *m, const char *fmt, ...)
{
    if (m && m->quiet) return;
    FILE *f = cs_msg_stream_(m);
    va_list ap;
    va_start(ap, fmt);
    fputs("crampsim: warning: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
}
