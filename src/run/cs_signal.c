/* cs_signal.c -- removing the partial files on a fatal signal.  A signal
 * handler can reach only static storage, so the paths live in static
 * buffers: the single piece of process-wide state in crampsim. */
#include "cs_signal.h"

#include <assert.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static char cs_signal_paths[CS_SIGNAL_MAX_PATHS][4096];
static const int cs_signal_list[] = {SIGINT, SIGTERM, SIGHUP};

static void cs_signal_handler_(int sig)
{
    for (int k = 0; k < CS_SIGNAL_MAX_PATHS; k++)
        if (cs_signal_paths[k][0]) unlink(cs_signal_paths[k]); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Copies `path` into slot k (empty when NULL or too long); 1 if set. */
static int cs_signal_set_(size_t k, const char *path)
{
    if (path && strlen(path) < sizeof cs_signal_paths[k]) {
        memcpy(cs_signal_paths[k], path, strlen(path) + 1);
        return 1;
    }
    cs_signal_paths[k][0] = '\0';
    return 0;
}

void cs_signal_guard(const char *const *paths, size_t n)
{
    assert(n <= CS_SIGNAL_MAX_PATHS);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    int any = 0;
    for (size_t k = 0; k < CS_SIGNAL_MAX_PATHS; k++) any |= cs_signal_set_(k, k < n ? paths[k] : NULL);
    sa.sa_handler = any ? cs_signal_handler_ : SIG_DFL;
    for (size_t k = 0; k < sizeof cs_signal_list / sizeof *cs_signal_list; k++)
        sigaction(cs_signal_list[k], &sa, NULL);
}
