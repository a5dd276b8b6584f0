/* cs_signal.h -- on SIGINT, SIGTERM or SIGHUP (Ctrl-C, a batch system's
 * wall-time warning, a closed terminal) remove the run's `.partial` files
 * (the result file's and a checkpoint's being written) before dying, so an
 * interrupted run leaves nothing half-written behind; a checkpoint already
 * under its name stays, to resume from.  SIGKILL cannot be caught: it
 * leaves the `.partial` files, never a file under a final name. */
#ifndef CS_SIGNAL_H
#define CS_SIGNAL_H

/* Installs the handlers for `partial_path` and `other_partial` (copied;
 * either may be NULL); both NULL uninstalls. */
void cs_signal_guard(const char *partial_path, const char *other_partial);

#endif
