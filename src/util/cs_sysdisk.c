/* cs_sysdisk.c -- the room a process may still write (see cs_sysdisk.h).
 * Anything the system will not say counts as no limit: the check must
 * never refuse a run because a call failed on some other system. */
#include "cs_sysdisk.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

cs_sysdisk_room cs_sysdisk_room_of(const char *file)
{
    cs_sysdisk_room room = {-1, -1, 0, 0};
    char dir[4096];
    const char *slash = file ? strrchr(file, '/') : NULL;
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == file) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - file), file);
    /* a folder not made yet (a sweep's points): the nearest one that is */
    struct statvfs fs;
    int got = statvfs(dir, &fs) == 0;
    for (char *cut; !got && (cut = strrchr(dir, '/')) != NULL;) {
        if (cut == dir) cut[1] = '\0';
        else *cut = '\0';
        got = statvfs(dir, &fs) == 0;
        if (!got && cut == dir) break;
    }
    if (!got && strchr(dir, '/') == NULL) {
        snprintf(dir, sizeof dir, ".");
        got = statvfs(dir, &fs) == 0;
    }
    /* a read-only file system: creating the file says so, better than "no room" */
    if (got && !(fs.f_flag & ST_RDONLY)) room.free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
    struct stat st;
    if (got && stat(dir, &st) == 0) {
        room.dev = st.st_dev;
        room.have_dev = 1;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) room.fsize_limit = (double)rl.rlim_cur;
    return room;
}

cs_sysdisk_verdict cs_sysdisk_decide(double need, double largest, double free_bytes, double fsize_limit)
{
    const double over = 1.0 + CS_SYSDISK_MARGIN;
    if (fsize_limit >= 0 && largest > fsize_limit * over) return CS_SYSDISK_TOO_LARGE;
    if (free_bytes >= 0 && need > free_bytes * over) return CS_SYSDISK_NO_ROOM;
    return CS_SYSDISK_FITS;
}

const char *cs_sysdisk_human(double bytes, char *buf, size_t size)
{
    static const char *const units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    size_t u = 0;
    double v = bytes;
    while (v >= 1000.0 && u + 1 < sizeof units / sizeof *units) {
        v /= 1000.0;
        u++;
    }
    if (u == 0) snprintf(buf, size, "%.0f bytes", v);
    else snprintf(buf, size, "%.3g %s", v, units[u]);
    return buf;
}
