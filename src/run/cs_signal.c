/* cs_signal.c -- removing the partial files on a fatal signal.  A signal
 * handler can reach only static storage, so the paths live in static
 * buffers: the single piece of process-wide state in crampsim. */
#include "cs_signal.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static char cs_signal_paths[2][4096];
static const int cs_signal_list[] = {SIGINT, SIGTERM, SIGHUP};

static void cs_signal_handler_(int sig)
{
    for (int k = 0; k < 2; k++)
        if (cs_signal_paths[k][0]) unlink(cs_signal_paths[k]); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Copies `path` into slot k (empty when NULL or too long); 1 if set. */
static int cs_signal_set_(int k, const char *path)
{
    if (path && strlen(path) < sizeof cs_signal_paths[k]) {
        memcpy(cs_signal_paths[k], path, strlen(path) + 1);
        return 1;
    }
    cs_signal_paths[k][0] = '\0';
    return 0;
}

void cs_signal_guard(const char *partial_path, const char *other_partial)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    const int any = cs_signal_set_(0, partial_path) | cs_signal_set_(1, other_partial);
    sa.sa_handler = any ? cs_signal_handler_ : SIG_DFL;
    for (size_t k = 0; k < sizeof cs_signal_list / sizeof *cs_signal_list; k++)
        sigaction(cs_signal_list[k], &sa, NULL);
}
