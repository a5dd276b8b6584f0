/* cs_sysdisk.h -- how much a process may still write, from what the system
 * says: so that a run whose output cannot fit stops before it simulates,
 * with the estimate and the limit that refuses it (the disk's counterpart
 * of cs_sysmem.h). */
#ifndef CS_SYSDISK_H
#define CS_SYSDISK_H

#include <sys/types.h>

/* Refuse only when the estimate exceeds a limit by more than this share:
 * the estimates are upper bounds (docs/reliability.md, "Limits"), so an
 * estimate a little above the limit may still fit. */
#define CS_SYSDISK_MARGIN 0.10

/* The room for files written under one folder.  A negative value: not
 * known or no limit (never a reason to refuse). */
typedef struct cs_sysdisk_room {
    double free_bytes;  /* statvfs: f_bavail * f_frsize, what an unprivileged user may still take */
    double fsize_limit; /* RLIMIT_FSIZE (ulimit -f): the largest file this process may write */
    dev_t dev;          /* the folder's file system (files on the same one share free_bytes) */
    int have_dev;
} cs_sysdisk_room;

/* The room for `file` (which need not exist): its folder's file system and
 * this process's file-size limit.  Allocates nothing. */
cs_sysdisk_room cs_sysdisk_room_of(const char *file);

typedef enum {
    CS_SYSDISK_FITS = 0,
    CS_SYSDISK_NO_ROOM,  /* the bytes written to the file system exceed its free space */
    CS_SYSDISK_TOO_LARGE /* the largest file exceeds the file-size limit */
} cs_sysdisk_verdict;

/* The decision: `need` bytes in all on a file system with `free_bytes`
 * free, the largest single file `largest` bytes under a file-size limit
 * `fsize_limit` (negative limits: none).  Refuses only beyond the margin;
 * the file-size limit first (no folder helps there). */
cs_sysdisk_verdict cs_sysdisk_decide(double need, double largest, double free_bytes, double fsize_limit);

/* "12.3 MB", "4.56 GB" (decimal units, as df -H), into buf. */
const char *cs_sysdisk_human(double bytes, char *buf, size_t size);

#endif
