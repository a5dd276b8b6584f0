/* cs_signal.c -- removing the partial output on a fatal signal.  A signal
 * handler can reach only static storage, so the path lives in one static
 * buffer: the single piece of process-wide state in crampsim. */
#include "cs_signal.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static char cs_signal_path[4096];
static const int cs_signal_list[] = {SIGINT, SIGTERM, SIGHUP};

static void cs_signal_handler_(int sig)
{
    if (cs_signal_path[0]) unlink(cs_signal_path); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

void cs_signal_guard(const char *partial_path)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (partial_path && strlen(partial_path) < sizeof cs_signal_path) {
        memcpy(cs_signal_path, partial_path, strlen(partial_path) + 1);
        sa.sa_handler = cs_signal_handler_;
    } else {
        cs_signal_path[0] = '\0';
        sa.sa_handler = SIG_DFL;
    }
    for (size_t k = 0; k < sizeof cs_signal_list / sizeof *cs_signal_list; k++)
        sigaction(cs_signal_list[k], &sa, NULL);
}
