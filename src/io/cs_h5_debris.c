/* cs_h5_debris.c -- files Open MPI's shared-file-pointer components leave
 * beside a file they opened when the process is killed (SIGKILL, the OOM
 * killer, a node lost): FILE-<job>-<pid>.lock (lockedfile) and
 * FILE.data.<rank>, FILE.metadata.<rank> (individual).  HDF5 never uses
 * shared file pointers; the files only pile up.  Removed before a run
 * creates FILE again: whoever opened FILE before is gone, or is about to
 * lose FILE to this run's truncation anyway. */
#include "cs_h5_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Whether s is one or more digits followed by `end` exactly. */
static int cs_digits_then_(const char *s, const char *end)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && strcmp(s + n, end) == 0;
}

/* Whether `name` is debris of `base`: base-DIGITS-DIGITS.lock,
 * base.data.DIGITS or base.metadata.DIGITS. */
static int cs_is_debris_(const char *name, const char *base)
{
    const size_t len = strlen(base);
    if (strncmp(name, base, len) != 0) return 0;
    const char *rest = name + len;
    if (rest[0] == '-') {
        size_t n = strspn(rest + 1, "0123456789");
        return n > 0 && rest[1 + n] == '-' && cs_digits_then_(rest + 2 + n, ".lock");
    }
    if (strncmp(rest, ".data.", 6) == 0) return cs_digits_then_(rest + 6, "");
    if (strncmp(rest, ".metadata.", 10) == 0) return cs_digits_then_(rest + 10, "");
    return 0;
}

int cs_h5i_remove_debris(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - path == 0 ? 1 : slash - path), path);
    else snprintf(dir, sizeof dir, ".");
    DIR *d = opendir(dir);
    if (!d) return 0;
    int removed = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!cs_is_debris_(e->d_name, base)) continue;
        char full[8192];
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        removed += unlink(full) == 0;
    }
    closedir(d);
    return removed;
}
