/* cs_signal.h -- on SIGINT, SIGTERM or SIGHUP (Ctrl-C, a batch system's
 * wall-time warning, a closed terminal) remove the run's `.partial` file
 * before dying, so an interrupted run leaves nothing behind.  SIGKILL cannot
 * be caught: it leaves the `.partial`, never a file under the final name. */
#ifndef CS_SIGNAL_H
#define CS_SIGNAL_H

/* Installs the handlers for `partial_path` (copied; NULL uninstalls). */
void cs_signal_guard(const char *partial_path);

#endif
