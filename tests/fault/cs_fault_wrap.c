/* cs_fault_wrap.c -- fault injection for the crampsim_fault test binary.
 *
 * Linked with -Wl,--wrap=SYMBOL for every function below, so that each call
 * that crampsim's own code makes to malloc, fopen, H5Dwrite, ... goes
 * through __wrap_SYMBOL first (calls made inside libc, HDF5 or Open MPI do
 * not: the faults land on our call sites only).  Calls fall in three
 * classes -- alloc, file, hdf5 -- each counted in call order.
 *
 *   CS_FAULT=count            count only (and list every call's site)
 *   CS_FAULT=CLASS:N          the N-th call of CLASS fails, once
 *   CS_FAULT=CLASS:N+         that call and every later one of CLASS fail
 *                             (a full disk, memory gone for good)
 *   CS_FAULT=CLASS:N:ERRNO    ... failing with errno ERRNO (ENOSPC, EACCES,
 *                             EIO; default ENOMEM for alloc, EIO for file)
 *   CS_FAULT_RANK=R           under mpiexec: inject on MPI rank R only
 *                             (OMPI_COMM_WORLD_RANK); every rank counts
 *   CS_FAULT_REPORT=FILE      where the report goes (default: none); a
 *                             "%r" in FILE is replaced by the MPI rank, so
 *                             that each rank of an mpiexec run has its own
 *   CS_FAULT_TRAP=1           raise SIGTRAP at the fault (gdb then shows
 *                             the caller's stack)
 *
 * The report is written when main() calls MPI_Finalize, the point where
 * everything the run acquired must be released: it gives the calls per
 * class, the fault injected (call, function, site), and what is still held
 * -- heap blocks from our own allocations, FILE streams and descriptors we
 * opened, open HDF5 objects.  A run that exits without MPI_Finalize (a
 * crash, an abort) leaves no report, which the walk counts as a failure.
 *
 * A site is the return address minus the executable's load address, so it
 * is the same in every run of one binary (addr2line -f -e crampsim_fault). */
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <mpi.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { ALLOC, FILEIO, HDF5, NCLASS };
static const char *const class_name[NCLASS] = {"alloc", "file", "hdf5"};

extern const char __executable_start[]; /* the load address (PIE) */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int configured, counting, fault_class = -1, fault_errno, fault_sticky;
static long fault_at;
static long calls[NCLASS];
static struct {
    long call;
    const char *func;
    uintptr_t site;
} injected;
static long n_injected;

/* Every call, in count mode, for the walk to pick one call per site. */
enum { LOG_MAX = 1 << 18 };
static struct log_entry {
    unsigned char cls;
    const char *func;
    uintptr_t site;
} call_log[LOG_MAX];
static long n_log;

/* ---- what is held: heap blocks, streams, descriptors ---- */

/* Open addressing over pointers; TOMB marks a removed slot. */
enum { HEAP_SLOTS = 1 << 18 };
#define TOMB ((void *)1)
static void *heap[HEAP_SLOTS];
static long heap_live, heap_overflow;

static size_t slot_of_(const void *p) { return ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull >> 46; }

static void heap_add_(void *p)
{
    if (!p) return;
    pthread_mutex_lock(&lock);
    size_t i = slot_of_(p);
    for (size_t k = 0; k < HEAP_SLOTS; k++, i = (i + 1) & (HEAP_SLOTS - 1)) {
        if (heap[i] == NULL || heap[i] == TOMB) {
            heap[i] = p;
            heap_live++;
            pthread_mutex_unlock(&lock);
            return;
        }
    }
    heap_overflow = 1;
    pthread_mutex_unlock(&lock);
}

/* Forgets p if it is ours (blocks from libraries pass through). */
static void heap_remove_(void *p)
{
    if (!p) return;
    pthread_mutex_lock(&lock);
    size_t i = slot_of_(p);
    for (size_t k = 0; k < HEAP_SLOTS && heap[i] != NULL; k++, i = (i + 1) & (HEAP_SLOTS - 1)) {
        if (heap[i] == p) {
            heap[i] = TOMB;
            heap_live--;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

static long streams_open, fds_open;

/* ---- the decision ---- */

static int errno_named_(const char *s)
{
    if (strcmp(s, "ENOSPC") == 0) return ENOSPC;
    if (strcmp(s, "EACCES") == 0) return EACCES;
    if (strcmp(s, "EIO") == 0) return EIO;
    if (strcmp(s, "ENOMEM") == 0) return ENOMEM;
    if (strcmp(s, "EDQUOT") == 0) return EDQUOT;
    return EIO;
}

/* Reads CS_FAULT once (the first wrapped call). */
static void configure_(void)
{
    configured = 1;
    const char *spec = getenv("CS_FAULT");
    if (!spec || !spec[0]) return;
    const char *only = getenv("CS_FAULT_RANK"), *mine = getenv("OMPI_COMM_WORLD_RANK");
    if (only && only[0] && strcmp(only, mine ? mine : "0") != 0 && strcmp(spec, "count") != 0)
        return; /* another rank's fault: count, never fail */
    if (strcmp(spec, "count") == 0) {
        counting = 1;
        return;
    }
    char cls[16] = "";
    const char *colon = strchr(spec, ':');
    if (!colon || (size_t)(colon - spec) >= sizeof cls) return;
    memcpy(cls, spec, (size_t)(colon - spec));
    for (int c = 0; c < NCLASS; c++)
        if (strcmp(cls, class_name[c]) == 0) fault_class = c;
    char *end;
    fault_at = strtol(colon + 1, &end, 10);
    if (*end == '+') fault_sticky = 1, end++;
    fault_errno = fault_class == ALLOC ? ENOMEM : EIO;
    if (*end == ':') fault_errno = errno_named_(end + 1);
}

/* Counts one call of class `c` from `site`; 1 if it must fail (errno set). */
static int should_fail_(int c, const char *func, const void *ra)
{
    uintptr_t site = (uintptr_t)ra - (uintptr_t)__executable_start;
    pthread_mutex_lock(&lock);
    if (!configured) configure_();
    long n = ++calls[c];
    if (counting && n_log < LOG_MAX) call_log[n_log++] = (struct log_entry){(unsigned char)c, func, site};
    int fail = c == fault_class && (n == fault_at || (fault_sticky && n > fault_at));
    if (fail && n_injected++ == 0) {
        injected.call = n;
        injected.func = func;
        injected.site = site;
    }
    pthread_mutex_unlock(&lock);
    if (fail && getenv("CS_FAULT_TRAP")) raise(SIGTRAP);
    if (fail) errno = fault_errno;
    return fail;
}

#define FAIL_(cls, name) should_fail_(cls, #name, __builtin_return_address(0))

/* ---- alloc ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n)
{
    if (FAIL_(ALLOC, malloc)) return NULL;
    void *p = __real_malloc(n);
    heap_add_(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (FAIL_(ALLOC, calloc)) return NULL;
    void *p = __real_calloc(n, size);
    heap_add_(p);
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    if (FAIL_(ALLOC, realloc)) return NULL; /* the old block stays, as realloc's does */
    void *p = __real_realloc(old, n);
    if (p) {
        heap_remove_(old);
        heap_add_(p);
    }
    return p;
}

char *__wrap_strdup(const char *s)
{
    if (FAIL_(ALLOC, strdup)) return NULL;
    char *p = __real_strdup(s);
    heap_add_(p);
    return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
    if (FAIL_(ALLOC, strndup)) return NULL;
    char *p = __real_strndup(s, n);
    heap_add_(p);
    return p;
}

void __wrap_free(void *p)
{
    heap_remove_(p);
    __real_free(p);
}

/* ---- file ---- */

FILE *__real_fopen(const char *path, const char *mode);
int __real_fclose(FILE *f);
size_t __real_fread(void *buf, size_t size, size_t n, FILE *f);
size_t __real_fwrite(const void *buf, size_t size, size_t n, FILE *f);
int __real_open(const char *path, int flags, ...);
int __real_close(int fd);
int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);
char *__real_realpath(const char *path, char *resolved);

/* A failed read or write sets the stream's error flag, as a real one does
 * (ferror); glibc keeps it in _flags. */
static void set_error_flag_(FILE *f)
{
#ifdef __GLIBC__
    f->_flags |= 0x0020; /* _IO_ERR_SEEN */
#else
    (void)f;
#endif
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (FAIL_(FILEIO, fopen)) return NULL;
    FILE *f = __real_fopen(path, mode);
    if (f) __atomic_add_fetch(&streams_open, 1, __ATOMIC_RELAXED);
    return f;
}

int __wrap_fclose(FILE *f)
{
    if (f != stdout && f != stderr && f != stdin) __atomic_sub_fetch(&streams_open, 1, __ATOMIC_RELAXED);
    return __real_fclose(f);
}

size_t __wrap_fread(void *buf, size_t size, size_t n, FILE *f)
{
    if (FAIL_(FILEIO, fread)) return set_error_flag_(f), 0;
    return __real_fread(buf, size, n, f);
}

size_t __wrap_fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
    if (FAIL_(FILEIO, fwrite)) return set_error_flag_(f), 0;
    return __real_fwrite(buf, size, n, f);
}

int __wrap_open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (FAIL_(FILEIO, open)) return -1;
    int fd = __real_open(path, flags, mode);
    if (fd >= 0) __atomic_add_fetch(&fds_open, 1, __ATOMIC_RELAXED);
    return fd;
}

int __wrap_close(int fd)
{
    if (fd > 2) __atomic_sub_fetch(&fds_open, 1, __ATOMIC_RELAXED);
    return __real_close(fd);
}

int __wrap_fsync(int fd)
{
    if (FAIL_(FILEIO, fsync)) return -1;
    return __real_fsync(fd);
}

int __wrap_rename(const char *from, const char *to)
{
    if (FAIL_(FILEIO, rename)) return -1;
    return __real_rename(from, to);
}

char *__wrap_realpath(const char *path, char *resolved)
{
    if (FAIL_(FILEIO, realpath)) return NULL;
    char *p = __real_realpath(path, resolved);
    if (p && !resolved) heap_add_(p);
    return p;
}

/* ---- hdf5: creators and openers fail without acting; closers act, then
 * report failure (a close that could not flush) so that nothing leaks
 * because of the injection itself ---- */

#define WRAP_H5_(ret, name, params, args)                                  \
    ret __real_##name params;                                              \
    ret __wrap_##name params                                               \
    {                                                                      \
        if (FAIL_(HDF5, name)) return (ret)-1;                             \
        return __real_##name args;                                         \
    }
#define WRAP_H5_CLOSE_(name)                                               \
    herr_t __real_##name(hid_t id);                                        \
    herr_t __wrap_##name(hid_t id)                                         \
    {                                                                      \
        herr_t r = __real_##name(id);                                      \
        return FAIL_(HDF5, name) ? -1 : r;                                 \
    }

WRAP_H5_(hid_t, H5Fcreate, (const char *f, unsigned fl, hid_t c, hid_t a), (f, fl, c, a))
WRAP_H5_(hid_t, H5Fopen, (const char *f, unsigned fl, hid_t a), (f, fl, a))
WRAP_H5_(herr_t, H5Fflush, (hid_t o, H5F_scope_t s), (o, s))
WRAP_H5_(htri_t, H5Fis_hdf5, (const char *f), (f))
WRAP_H5_(hid_t, H5Gcreate2, (hid_t l, const char *n, hid_t a, hid_t b, hid_t c), (l, n, a, b, c))
WRAP_H5_(hid_t, H5Gopen2, (hid_t l, const char *n, hid_t a), (l, n, a))
WRAP_H5_(hid_t, H5Dcreate2, (hid_t l, const char *n, hid_t t, hid_t s, hid_t a, hid_t b, hid_t c),
         (l, n, t, s, a, b, c))
WRAP_H5_(hid_t, H5Dopen2, (hid_t l, const char *n, hid_t a), (l, n, a))
WRAP_H5_(herr_t, H5Dwrite, (hid_t d, hid_t m, hid_t ms, hid_t fs, hid_t x, const void *b),
         (d, m, ms, fs, x, b))
WRAP_H5_(herr_t, H5Dread, (hid_t d, hid_t m, hid_t ms, hid_t fs, hid_t x, void *b), (d, m, ms, fs, x, b))
WRAP_H5_(hid_t, H5Dget_space, (hid_t d), (d))
WRAP_H5_(hid_t, H5Dget_type, (hid_t d), (d))
WRAP_H5_(hid_t, H5Acreate2, (hid_t l, const char *n, hid_t t, hid_t s, hid_t a, hid_t b), (l, n, t, s, a, b))
WRAP_H5_(herr_t, H5Awrite, (hid_t a, hid_t t, const void *b), (a, t, b))
WRAP_H5_(herr_t, H5Aread, (hid_t a, hid_t t, void *b), (a, t, b))
WRAP_H5_(hid_t, H5Aopen_by_name, (hid_t l, const char *o, const char *n, hid_t a, hid_t b), (l, o, n, a, b))
WRAP_H5_(htri_t, H5Aexists, (hid_t o, const char *n), (o, n))
WRAP_H5_(htri_t, H5Aexists_by_name, (hid_t o, const char *on, const char *n, hid_t l), (o, on, n, l))
WRAP_H5_(herr_t, H5Adelete, (hid_t l, const char *n), (l, n))
WRAP_H5_(hid_t, H5Aget_type, (hid_t a), (a))
WRAP_H5_(hid_t, H5Aget_space, (hid_t a), (a))
WRAP_H5_(hid_t, H5Oopen, (hid_t l, const char *n, hid_t a), (l, n, a))
WRAP_H5_(herr_t, H5Ocopy, (hid_t s, const char *sn, hid_t d, const char *dn, hid_t a, hid_t b),
         (s, sn, d, dn, a, b))
WRAP_H5_(htri_t, H5Lexists, (hid_t l, const char *n, hid_t a), (l, n, a))
WRAP_H5_(herr_t, H5Oget_info_by_name2, (hid_t l, const char *n, void *i, unsigned f, hid_t a),
         (l, n, i, f, a))
WRAP_H5_(hid_t, H5Pcreate, (hid_t c), (c))
WRAP_H5_(hid_t, H5Screate, (H5S_class_t t), (t))
WRAP_H5_(hid_t, H5Screate_simple, (int r, const hsize_t d[], const hsize_t m[]), (r, d, m))
WRAP_H5_(herr_t, H5Sselect_hyperslab,
         (hid_t s, H5S_seloper_t o, const hsize_t a[], const hsize_t b[], const hsize_t c[], const hsize_t d[]),
         (s, o, a, b, c, d))
WRAP_H5_(hid_t, H5Tcopy, (hid_t t), (t))
WRAP_H5_CLOSE_(H5Fclose)
WRAP_H5_CLOSE_(H5Gclose)
WRAP_H5_CLOSE_(H5Dclose)
WRAP_H5_CLOSE_(H5Aclose)

/* ---- the report, at MPI_Finalize ---- */

int __real_MPI_Finalize(void);

static void write_report_(void)
{
    const char *spec_path = getenv("CS_FAULT_REPORT");
    if (!spec_path || !spec_path[0]) return;
    char path[4096];
    const char *r = strstr(spec_path, "%r"), *rank = getenv("OMPI_COMM_WORLD_RANK");
    if (r)
        snprintf(path, sizeof path, "%.*s%s%s", (int)(r - spec_path), spec_path, rank ? rank : "0", r + 2);
    else
        snprintf(path, sizeof path, "%s", spec_path);
    FILE *f = __real_fopen(path, "w");
    if (!f) return;
    const char *spec = getenv("CS_FAULT");
    fprintf(f, "spec %s\n", spec && spec[0] ? spec : "none");
    for (int c = 0; c < NCLASS; c++) fprintf(f, "calls %s %ld\n", class_name[c], calls[c]);
    fprintf(f, "injected %ld\n", n_injected);
    if (n_injected)
        fprintf(f, "first_fault %s %ld %s 0x%lx\n", class_name[fault_class], injected.call, injected.func,
                (unsigned long)injected.site);
    fprintf(f, "heap_live %ld%s\n", heap_live, heap_overflow ? " (table full: not tracked)" : "");
    fprintf(f, "streams_open %ld\n", streams_open);
    fprintf(f, "fds_open %ld\n", fds_open);
    /* Only ask HDF5 when our code used it (asking would start the library). */
    long h5_open = calls[HDF5] ? (long)H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) : 0;
    fprintf(f, "h5_open %ld\n", h5_open);
    if (counting) {
        fprintf(f, "log %ld%s\n", n_log, n_log == LOG_MAX ? " (truncated)" : "");
        long per_class[NCLASS] = {0};
        for (long k = 0; k < n_log; k++) {
            const struct log_entry *e = &call_log[k];
            fprintf(f, "call %s %ld %s 0x%lx\n", class_name[e->cls], ++per_class[e->cls], e->func,
                    (unsigned long)e->site);
        }
    }
    __real_fclose(f);
}

int __wrap_MPI_Finalize(void)
{
    write_report_();
    return __real_MPI_Finalize();
}
