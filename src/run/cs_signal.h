/* cs_signal.h -- on SIGINT, SIGTERM or SIGHUP (Ctrl-C, a batch system's
 * wall-time warning, a closed terminal) remove the run's `.partial` files
 * (the result files and a checkpoint being written) before dying, so an
 * interrupted run leaves nothing half-written behind; a checkpoint already
 * under its name stays, to resume from.  SIGKILL cannot be caught: it
 * leaves the `.partial` files, never a file under a final name. */
#ifndef CS_SIGNAL_H
#define CS_SIGNAL_H

#include <stddef.h>

/* The most partial files one process guards: the result files of a family
 * of sweep points run together (CS_SWEEP_FAMILY_MAX) and a checkpoint. */
#define CS_SIGNAL_MAX_PATHS 17

/* Installs the handlers for the n `paths` (copied; NULL entries skipped;
 * more than CS_SIGNAL_MAX_PATHS is a programming error and asserts); n == 0
 * uninstalls. */
void cs_signal_guard(const char *const *paths, size_t n);

#endif
