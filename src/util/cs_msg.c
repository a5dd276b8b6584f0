/* cs_msg.c -- formatting of user-facing messages. */
#include "cs_msg.h"

static FILE *cs_msg_stream_(const cs_msg *m)
{
    return (m && m->stream) ? m->stream : stderr;
}

/* Keeps the text of an error in m->last (cut to its size). */
static void cs_msg_keep_(cs_msg *m, const char *prefix, const char *fmt, va_list ap)
{
    if (!m) return;
    int n = snprintf(m->last, sizeof m->last, "%s", prefix);
    if (n < 0 || (size_t)n >= sizeof m->last) return;
    vsnprintf(m->last + n, sizeof m->last - (size_t)n, fmt, ap);
}

void cs_msg_error(cs_msg *m, const char *fmt, ...)
{
    if (m) m->errors++;
    va_list ap;
    va_start(ap, fmt);
    cs_msg_keep_(m, "", fmt, ap);
    va_end(ap);
    if (m && m->quiet) return;
    FILE *f = cs_msg_stream_(m);
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
    va_list ap;
    if (m) {
        char where[320], at[16] = "";
        if (line > 0) snprintf(at, sizeof at, ":%d", line);
        snprintf(where, sizeof where, "%s%s: %s%s", file ? file : "<input>", at, key && key[0] ? key : "",
                 key && key[0] ? ": " : "");
        va_start(ap, fmt);
        cs_msg_keep_(m, where, fmt, ap);
        va_end(ap);
    }
    if (m && m->quiet) return;
    FILE *f = cs_msg_stream_(m);
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
