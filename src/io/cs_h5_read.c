/* cs_h5_read.c -- the serial results reader (`crampsim info`, tests,
 * --resume).
 *
 * One process opens a results file read-only with the default (POSIX)
 * driver; no MPI is involved.  Every lookup goes through cs_h5i_path_kind
 * first, so a missing object is a clear CS_ERR_FORMAT message naming the
 * file and path, never an HDF5 error stack; a look-up that fails is an
 * error (CS_ERR_HDF5, CS_ERR_NOMEM), never taken for an absence. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cs_h5_internal.h"
#include "cs_status.h"

struct cs_h5r {
    hid_t file;    /* owned */
    char *path;    /* owned */
    cs_msg *msg;   /* borrowed */
    int fixed_str; /* variable-length strings refused, never read */
};

/* ---- watchdog: libhdf5 1.10 can loop forever on a damaged file --------
 *
 * Each public reader call arms SIGALRM (ITIMER_REAL) for cs_h5r_limit_
 * seconds, plus one second per 4 MiB of data it reads; if HDF5 has not
 * returned by then, the handler writes the message prepared when the
 * timer was armed and _exit()s with the bad-input status: no cleanup, so
 * no file is removed or renamed.  Calls nest (cs_h5r_list's callback
 * reads): the innermost object is watched, the enclosing one again, with
 * a fresh limit, once it returns. */
#define CS_H5R_WATCH_DEPTH 8
#define CS_H5R_WATCH_RATE (4u << 20) /* bytes a second any disk reads */

typedef struct cs_h5r_watch {
    const char *file, *what, *name, *obj; /* borrowed from the caller */
} cs_h5r_watch;

static unsigned cs_h5r_limit_; /* 0: no watchdog */
static int cs_h5r_depth_;
static cs_h5r_watch cs_h5r_watches_[CS_H5R_WATCH_DEPTH];
static char cs_h5r_alarm_text_[1024];
static volatile size_t cs_h5r_alarm_len_;

static void cs_h5r_alarm_(int sig)
{
    (void)sig;
    ssize_t n = write(STDERR_FILENO, cs_h5r_alarm_text_, cs_h5r_alarm_len_);
    (void)n;
    _exit(2); /* cs_status_exit_code(CS_ERR_FORMAT): bad input */
}

static void cs_h5r_timer_(unsigned long long seconds)
{
    struct itimerval t = {{0, 0}, {(time_t)seconds, 0}};
    setitimer(ITIMER_REAL, &t, NULL);
}

/* (Re)arms the timer for the innermost watched object and `bytes` of data. */
static void cs_h5r_arm_(uint64_t bytes)
{
    const int k = cs_h5r_depth_ < CS_H5R_WATCH_DEPTH ? cs_h5r_depth_ : CS_H5R_WATCH_DEPTH;
    const cs_h5r_watch *w = &cs_h5r_watches_[k - 1];
    unsigned long long s = cs_h5r_limit_ + bytes / CS_H5R_WATCH_RATE;
    if (s > 86400ull * 365) s = 86400ull * 365;
    cs_h5r_timer_(0); /* the text is not read while it changes */
    int n = snprintf(cs_h5r_alarm_text_, sizeof cs_h5r_alarm_text_,
                     "crampsim: error: %s: reading %s%s%s%s%s%s did not finish in %llu s; the file is damaged "
                     "(libhdf5 loops on it)\n",
                     w->file, w->what, w->name ? " '" : "", w->name ? w->name : "", w->name ? "'" : "",
                     w->obj ? (w->name ? " of " : " ") : "", w->obj ? w->obj : "", s);
    cs_h5r_alarm_len_ = n < 0 ? 0 : (size_t)n < sizeof cs_h5r_alarm_text_ ? (size_t)n : sizeof cs_h5r_alarm_text_ - 1;
    cs_h5r_timer_(s);
}

void cs_h5r_watchdog(unsigned seconds)
{
    cs_h5r_limit_ = seconds;
    if (!seconds) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cs_h5r_alarm_;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
}

/* Watches the read of `what` ['name' of] [obj] in `file` until cs_h5r_unwatch_. */
static void cs_h5r_watch_(const char *file, const char *what, const char *name, const char *obj)
{
    if (!cs_h5r_limit_) return;
    if (cs_h5r_depth_ < CS_H5R_WATCH_DEPTH)
        cs_h5r_watches_[cs_h5r_depth_] = (cs_h5r_watch){file ? file : "(null)", what, name, obj};
    cs_h5r_depth_++;
    cs_h5r_arm_(0);
}

/* The watched read is about to move `bytes` of data: more time for it. */
static void cs_h5r_watch_bytes_(uint64_t bytes)
{
    if (cs_h5r_limit_ && cs_h5r_depth_ > 0) cs_h5r_arm_(bytes);
}

/* Ends the innermost watch; returns `rc`, the watched call's status. */
static int cs_h5r_unwatch_(int rc)
{
    if (!cs_h5r_limit_ || cs_h5r_depth_ == 0) return rc;
    if (--cs_h5r_depth_ == 0) cs_h5r_timer_(0);
    else cs_h5r_arm_(0);
    return rc;
}

void cs_h5r_set_fixed_strings(cs_h5r *r)
{
    if (r) r->fixed_str = 1;
}

/* "<file>: <obj>: <text>" ("<file>: <text>" if obj is NULL); returns `code`. */
static int cs_h5r_err_(cs_h5r *r, int code, const char *obj, const char *fmt, ...)
    CS_PRINTF(4, 5);
static int cs_h5r_err_(cs_h5r *r, int code, const char *obj, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = cs_h5i_vreport(r->msg, r->path, code, obj, fmt, ap);
    va_end(ap);
    return code;
}

/* As cs_h5r_err_ with HDF5's reason for the call that just failed. */
static int cs_h5r_herr_(cs_h5r *r, const char *obj, const char *what)
{
    char reason[256];
    cs_h5i_reason(reason, sizeof reason);
    if (reason[0]) return cs_h5r_err_(r, CS_ERR_HDF5, obj, "%s (HDF5: %s)", what, reason);
    return cs_h5r_err_(r, CS_ERR_HDF5, obj, "%s", what);
}

static int cs_h5r_open_(const char *path, cs_msg *msg, cs_h5r **out)
{
    int rc = CS_OK;
    hid_t fapl = H5I_INVALID_HID;
    cs_h5r *r = NULL;
    struct stat st;
    if (out) *out = NULL;
    if (!path || !out) {
        cs_msg_error(msg, "cs_h5r_open: no path given");
        return CS_ERR_INTERNAL;
    }
    cs_h5i_quiet();
    if (stat(path, &st) != 0) {
        int err = errno;
        if (err == ENOENT) cs_msg_error(msg, "%s: no such file", path);
        else cs_msg_error(msg, "%s: %s", path, strerror(err));
        errno = err;
        return CS_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        cs_msg_error(msg, "%s: is a directory, not an HDF5 file", path);
        errno = EISDIR;
        return CS_ERR_IO;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        int err = errno;
        cs_msg_error(msg, "%s: cannot open: %s", path, strerror(err));
        errno = err;
        return CS_ERR_IO;
    }
    close(fd);
    htri_t is_h5 = H5Fis_hdf5(path);
    if (is_h5 == 0) {
        cs_msg_error(msg, "%s: not an HDF5 file", path);
        return CS_ERR_FORMAT;
    }
    r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        cs_msg_error(msg, "%s: out of memory", path);
        rc = CS_ERR_NOMEM;
        goto done;
    }
    r->msg = msg;
    r->file = H5I_INVALID_HID;
    if (is_h5 < 0) {
        rc = cs_h5r_herr_(r, NULL, "cannot check the file");
        goto done;
    }
    /* Locks where the file system has them; where it has none (some NFS,
     * Lustre mounts) reading goes on without. */
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_file_locking(fapl, 1, 1) < 0) {
        rc = cs_h5r_herr_(r, NULL, "cannot set up file access");
        goto done;
    }
    r->file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    if (r->file < 0) rc = cs_h5r_herr_(r, NULL, "cannot open HDF5 file");
done:
    if (fapl >= 0) H5Pclose(fapl);
    if (rc < 0) cs_h5r_close(&r);
    *out = r;
    return rc;
}

int cs_h5r_open(const char *path, cs_msg *msg, cs_h5r **out)
{
    cs_h5r_watch_(path, "its superblock and root group", NULL, NULL);
    return cs_h5r_unwatch_(cs_h5r_open_(path, msg, out));
}

void cs_h5r_close(cs_h5r **rp)
{
    if (!rp || !*rp) return;
    cs_h5r *r = *rp;
    if (r->file >= 0) {
        cs_h5r_watch_(r->path, "what it closes", NULL, NULL);
        cs_h5r_unwatch_(H5Fclose(r->file));
    }
    free(r->path);
    free(r);
    *rp = NULL;
}

/* For a failed cs_h5i_path_kind (`kind` < 0): memory short said as such,
 * else HDF5's reason; names the file and `path`. */
static int cs_h5r_kind_err_(cs_h5r *r, int kind, const char *path)
{
    if (kind == CS_ERR_NOMEM) return cs_h5r_err_(r, CS_ERR_NOMEM, path, "out of memory");
    return cs_h5r_herr_(r, path, "cannot look up object");
}

static int cs_h5r_exists_(cs_h5r *r, const char *path, int *present)
{
    if (!present) return CS_ERR_INTERNAL;
    *present = 0;
    if (!r) return CS_ERR_INTERNAL;
    if (!cs_h5i_path_ok(path)) return CS_OK;
    int kind = cs_h5i_path_kind(r->file, path);
    if (kind < 0) return cs_h5r_kind_err_(r, kind, path);
    *present = kind == CS_H5I_GROUP || kind == CS_H5I_DATASET;
    return CS_OK;
}

int cs_h5r_exists(cs_h5r *r, const char *path, int *present)
{
    cs_h5r_watch_(r ? r->path : NULL, "object", NULL, path);
    return cs_h5r_unwatch_(cs_h5r_exists_(r, path, present));
}

static int cs_h5r_has_attr_(cs_h5r *r, const char *obj_path, const char *name, int *present)
{
    if (!present) return CS_ERR_INTERNAL;
    *present = 0;
    int there = 0;
    int rc = cs_h5r_exists_(r, obj_path, &there);
    if (rc < 0 || !there || !name) return rc;
    htri_t attr = H5Aexists_by_name(r->file, obj_path, name, H5P_DEFAULT);
    if (attr < 0) {
        char what[160];
        snprintf(what, sizeof what, "cannot look up attribute '%s'", name);
        return cs_h5r_herr_(r, obj_path, what);
    }
    *present = attr > 0;
    return CS_OK;
}

int cs_h5r_has_attr(cs_h5r *r, const char *obj_path, const char *name, int *present)
{
    cs_h5r_watch_(r ? r->path : NULL, "attribute", name, obj_path);
    return cs_h5r_unwatch_(cs_h5r_has_attr_(r, obj_path, name, present));
}

/* Checks that `path` names an object of kind `want` (CS_H5I_DATASET or
 * CS_H5I_GROUP; CS_H5I_OTHER for "group or dataset"); message if not. */
static int cs_h5r_expect_(cs_h5r *r, const char *path, int want)
{
    const char *what = want == CS_H5I_DATASET ? "dataset"
                       : want == CS_H5I_GROUP ? "group"
                                              : "group or dataset";
    if (!cs_h5i_path_ok(path))
        return cs_h5r_err_(r, CS_ERR_INTERNAL, path ? path : "(null)",
                           "not an absolute HDF5 path");
    int kind = cs_h5i_path_kind(r->file, path);
    if (kind < 0) return cs_h5r_kind_err_(r, kind, path);
    if (kind == CS_H5I_NONE) return cs_h5r_err_(r, CS_ERR_FORMAT, path, "no such %s", what);
    if (want == CS_H5I_OTHER ? (kind != CS_H5I_GROUP && kind != CS_H5I_DATASET) : kind != want)
        return cs_h5r_err_(r, CS_ERR_FORMAT, path, "not a %s", what);
    return CS_OK;
}

/* Opens attribute `name` of `obj_path` with its file type and its number of
 * elements; message if missing. */
static int cs_h5r_attr_open_(cs_h5r *r, const char *obj_path, const char *name, hid_t *attr,
                             hid_t *type, hssize_t *npoints)
{
    int rc = CS_OK;
    hid_t space = H5I_INVALID_HID;
    *attr = *type = H5I_INVALID_HID;
    CS_TRY(cs_h5r_expect_(r, obj_path, CS_H5I_OTHER));
    htri_t there = name ? H5Aexists_by_name(r->file, obj_path, name, H5P_DEFAULT) : 0;
    if (there < 0) {
        rc = cs_h5r_herr_(r, obj_path, "cannot look up attribute");
    } else if (!there) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, obj_path, "no attribute '%s'", name ? name : "");
    } else if ((*attr = H5Aopen_by_name(r->file, obj_path, name, H5P_DEFAULT, H5P_DEFAULT)) < 0 ||
               (*type = H5Aget_type(*attr)) < 0 || (space = H5Aget_space(*attr)) < 0 ||
               (*npoints = H5Sget_simple_extent_npoints(space)) < 0) {
        rc = cs_h5r_herr_(r, obj_path, "cannot read attribute");
    } else if (*npoints != 1) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, obj_path,
                         "attribute '%s' has %lld values, expected one", name,
                         (long long)*npoints);
    }
done:
    if (space >= 0) H5Sclose(space);
    if (rc < 0) {
        if (*type >= 0) H5Tclose(*type);
        if (*attr >= 0) H5Aclose(*attr);
        *attr = *type = H5I_INVALID_HID;
    }
    return rc;
}

/* Copies n bytes of fixed-length string text to a malloc'd string, cut at
 * the first NUL and, for space padding, without trailing spaces. */
static char *cs_h5r_fixed_str_(const char *text, size_t n, H5T_str_t pad)
{
    size_t len = 0;
    while (len < n && text[len]) len++;
    if (pad == H5T_STR_SPACEPAD)
        while (len > 0 && text[len - 1] == ' ') len--;
    char *s = malloc(len + 1);
    if (!s) return NULL;
    memcpy(s, text, len);
    s[len] = '\0';
    return s;
}

static int cs_h5r_attr_str_(cs_h5r *r, const char *obj_path, const char *name, char **out)
{
    int rc = CS_OK;
    hid_t attr, ftype, mtype = H5I_INVALID_HID;
    hssize_t np;
    char *fixed = NULL;
    *out = NULL;
    CS_TRY(cs_h5r_attr_open_(r, obj_path, name, &attr, &ftype, &np));
    if (H5Tget_class(ftype) != H5T_STRING) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, obj_path, "attribute '%s' is not a string", name);
        goto done;
    }
    htri_t var = H5Tis_variable_str(ftype);
    if (var > 0 && r->fixed_str) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, obj_path,
                         "attribute '%s' is a variable-length string, which this file never has (damaged file?)", name);
        goto done;
    }
    if (var > 0) {
        char *s = NULL;
        mtype = cs_h5i_vlstr_type();
        if (mtype < 0 || H5Tset_cset(mtype, H5Tget_cset(ftype)) < 0 ||
            H5Aread(attr, mtype, &s) < 0) {
            rc = cs_h5r_herr_(r, obj_path, "cannot read attribute");
            goto done;
        }
        *out = strdup(s ? s : "");
        H5free_memory(s);
    } else if (var == 0) {
        size_t n = H5Tget_size(ftype);
        fixed = malloc(n ? n : 1);
        if (fixed && H5Aread(attr, ftype, fixed) < 0) {
            rc = cs_h5r_herr_(r, obj_path, "cannot read attribute");
            goto done;
        }
        if (fixed) *out = cs_h5r_fixed_str_(fixed, n, H5Tget_strpad(ftype));
    } else {
        rc = cs_h5r_herr_(r, obj_path, "cannot read attribute");
        goto done;
    }
    if (!*out) rc = cs_h5r_err_(r, CS_ERR_NOMEM, obj_path, "out of memory");
done:
    free(fixed);
    if (mtype >= 0) H5Tclose(mtype);
    if (ftype >= 0) H5Tclose(ftype);
    if (attr >= 0) H5Aclose(attr);
    return rc;
}

int cs_h5r_attr_str(cs_h5r *r, const char *obj_path, const char *name, char **out)
{
    cs_h5r_watch_(r ? r->path : NULL, "attribute", name, obj_path);
    return cs_h5r_unwatch_(cs_h5r_attr_str_(r, obj_path, name, out));
}

static int cs_h5r_attr_i64_(cs_h5r *r, const char *obj_path, const char *name, int64_t *out)
{
    int rc = CS_OK;
    hid_t attr, ftype;
    hssize_t np;
    CS_TRY(cs_h5r_attr_open_(r, obj_path, name, &attr, &ftype, &np));
    if (H5Tget_class(ftype) != H5T_INTEGER) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, obj_path, "attribute '%s' is not an integer", name);
    } else if (H5Tget_sign(ftype) == H5T_SGN_NONE && H5Tget_size(ftype) >= 8) {
        uint64_t u;
        if (H5Aread(attr, H5T_NATIVE_UINT64, &u) < 0)
            rc = cs_h5r_herr_(r, obj_path, "cannot read attribute");
        else if (u > INT64_MAX)
            rc = cs_h5r_err_(r, CS_ERR_FORMAT, obj_path,
                             "attribute '%s' = %llu is out of range", name,
                             (unsigned long long)u);
        else
            *out = (int64_t)u;
    } else if (H5Aread(attr, H5T_NATIVE_INT64, out) < 0) {
        rc = cs_h5r_herr_(r, obj_path, "cannot read attribute");
    }
    H5Tclose(ftype);
    H5Aclose(attr);
done:
    return rc;
}

int cs_h5r_attr_i64(cs_h5r *r, const char *obj_path, const char *name, int64_t *out)
{
    cs_h5r_watch_(r ? r->path : NULL, "attribute", name, obj_path);
    return cs_h5r_unwatch_(cs_h5r_attr_i64_(r, obj_path, name, out));
}

static int cs_h5r_attr_f64_(cs_h5r *r, const char *obj_path, const char *name, double *out)
{
    int rc = CS_OK;
    hid_t attr, ftype;
    hssize_t np;
    CS_TRY(cs_h5r_attr_open_(r, obj_path, name, &attr, &ftype, &np));
    H5T_class_t cls = H5Tget_class(ftype);
    if (cls != H5T_FLOAT && cls != H5T_INTEGER)
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, obj_path, "attribute '%s' is not a number", name);
    else if (H5Aread(attr, H5T_NATIVE_DOUBLE, out) < 0)
        rc = cs_h5r_herr_(r, obj_path, "cannot read attribute");
    H5Tclose(ftype);
    H5Aclose(attr);
done:
    return rc;
}

int cs_h5r_attr_f64(cs_h5r *r, const char *obj_path, const char *name, double *out)
{
    cs_h5r_watch_(r ? r->path : NULL, "attribute", name, obj_path);
    return cs_h5r_unwatch_(cs_h5r_attr_f64_(r, obj_path, name, out));
}

/* Opens dataset `path` with its type and shape (ndims <= 4 enforced). */
static int cs_h5r_dset_open_(cs_h5r *r, const char *path, hid_t *dset, hid_t *type,
                             int *ndims, hsize_t dims[4])
{
    int rc = CS_OK;
    hid_t space = H5I_INVALID_HID;
    *dset = *type = H5I_INVALID_HID;
    CS_TRY(cs_h5r_expect_(r, path, CS_H5I_DATASET));
    if ((*dset = H5Dopen2(r->file, path, H5P_DEFAULT)) < 0 || (*type = H5Dget_type(*dset)) < 0 ||
        (space = H5Dget_space(*dset)) < 0 || (*ndims = H5Sget_simple_extent_ndims(space)) < 0) {
        rc = cs_h5r_herr_(r, path, "cannot open dataset");
    } else if (*ndims > 4) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "%d dimensions (at most 4 supported)", *ndims);
    } else if (H5Sget_simple_extent_dims(space, dims, NULL) < 0) {
        rc = cs_h5r_herr_(r, path, "cannot read dataset shape");
    }
done:
    if (space >= 0) H5Sclose(space);
    if (rc < 0) {
        if (*type >= 0) H5Tclose(*type);
        if (*dset >= 0) H5Dclose(*dset);
        *dset = *type = H5I_INVALID_HID;
    }
    return rc;
}

/* Number of elements of a shape; 1 for a scalar.  A damaged file can
 * declare dimensions whose product wraps around (2^62 + 1 by 4 is 4 in 64
 * bits): such a shape counts as UINT64_MAX, more than any buffer. */
static uint64_t cs_h5r_count_(int ndims, const hsize_t dims[4])
{
    uint64_t n = 1;
    int wraps = 0;
    for (int i = 0; i < ndims; i++) {
        if (dims[i] == 0) return 0;
        if (n > UINT64_MAX / dims[i]) wraps = 1;
        n *= dims[i];
    }
    return wraps ? UINT64_MAX : n;
}

static int cs_h5r_dims_(cs_h5r *r, const char *path, int *ndims, uint64_t dims[4])
{
    int rc = CS_OK;
    hid_t dset, type;
    hsize_t d[4] = {0, 0, 0, 0};
    CS_TRY(cs_h5r_dset_open_(r, path, &dset, &type, ndims, d));
    for (int i = 0; i < 4; i++) dims[i] = i < *ndims ? d[i] : 0;
    H5Tclose(type);
    H5Dclose(dset);
done:
    return rc;
}

int cs_h5r_dims(cs_h5r *r, const char *path, int *ndims, uint64_t dims[4])
{
    cs_h5r_watch_(r ? r->path : NULL, "dataset", NULL, path);
    return cs_h5r_unwatch_(cs_h5r_dims_(r, path, ndims, dims));
}

static int cs_h5r_read_(cs_h5r *r, const char *path, cs_h5_type type, void *buf, size_t buf_elems)
{
    int rc = CS_OK;
    hid_t dset, ftype;
    int ndims;
    hsize_t d[4];
    hid_t mtype = cs_h5i_mem_type(type);
    if (mtype < 0)
        return cs_h5r_err_(r, CS_ERR_INTERNAL, path ? path : "(null)", "invalid element type %d",
                           (int)type);
    CS_TRY(cs_h5r_dset_open_(r, path, &dset, &ftype, &ndims, d));
    H5T_class_t cls = H5Tget_class(ftype);
    uint64_t n = cs_h5r_count_(ndims, d);
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "not a numeric dataset");
    else if (n > buf_elems)
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path,
                         "has %llu elements, more than the %zu expected", (unsigned long long)n,
                         buf_elems);
    else if (n > 0 && !buf)
        rc = cs_h5r_err_(r, CS_ERR_INTERNAL, path, "no buffer to read into");
    else if (n > 0 && (cs_h5r_watch_bytes_(n * H5Tget_size(mtype)), H5Dread(dset, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0))
        rc = cs_h5r_herr_(r, path, "cannot read dataset");
    H5Tclose(ftype);
    H5Dclose(dset);
done:
    return rc;
}

int cs_h5r_read(cs_h5r *r, const char *path, cs_h5_type type, void *buf, size_t buf_elems)
{
    cs_h5r_watch_(r ? r->path : NULL, "dataset", NULL, path);
    return cs_h5r_unwatch_(cs_h5r_read_(r, path, type, buf, buf_elems));
}

static int cs_h5r_read_range_(cs_h5r *r, const char *path, cs_h5_type type, uint64_t offset, uint64_t n, void *buf)
{
    int rc = CS_OK;
    hid_t dset, ftype, fspace = H5I_INVALID_HID, mspace = H5I_INVALID_HID;
    int ndims;
    hsize_t d[4];
    hid_t mtype = cs_h5i_mem_type(type);
    if (mtype < 0)
        return cs_h5r_err_(r, CS_ERR_INTERNAL, path ? path : "(null)", "invalid element type %d", (int)type);
    CS_TRY(cs_h5r_dset_open_(r, path, &dset, &ftype, &ndims, d));
    H5T_class_t cls = H5Tget_class(ftype);
    hsize_t start = offset, count = n;
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "not a numeric dataset");
    else if (ndims != 1)
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "%d dimensions, expected 1", ndims);
    else if (offset > d[0] || n > d[0] - offset)
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "has %llu elements, fewer than the %llu expected",
                         (unsigned long long)d[0], (unsigned long long)(offset + n));
    else if (n > 0 && !buf)
        rc = cs_h5r_err_(r, CS_ERR_INTERNAL, path, "no buffer to read into");
    else if (n > 0 && (cs_h5r_watch_bytes_(n * H5Tget_size(mtype)), (fspace = H5Dget_space(dset)) < 0 ||
                       (mspace = H5Screate_simple(1, &count, NULL)) < 0 ||
                       H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
                       H5Dread(dset, mtype, mspace, fspace, H5P_DEFAULT, buf) < 0))
        rc = cs_h5r_herr_(r, path, "cannot read dataset");
    if (mspace >= 0) H5Sclose(mspace);
    if (fspace >= 0) H5Sclose(fspace);
    H5Tclose(ftype);
    H5Dclose(dset);
done:
    return rc;
}

int cs_h5r_read_range(cs_h5r *r, const char *path, cs_h5_type type, uint64_t offset, uint64_t n, void *buf)
{
    cs_h5r_watch_(r ? r->path : NULL, "dataset", NULL, path);
    return cs_h5r_unwatch_(cs_h5r_read_range_(r, path, type, offset, n, buf));
}

/* Copies n strings of the given lengths into a malloc'd array of malloc'd
 * NUL-terminated strings; NULL if out of memory (nothing left allocated). */
static char **cs_h5r_copy_strings_(size_t n, char *const *texts, const size_t *lens)
{
    char **out = calloc(n, sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
        out[i] = malloc(lens[i] + 1);
        if (!out[i]) {
            cs_h5r_free_strings(&out, i);
            return NULL;
        }
        memcpy(out[i], texts[i], lens[i]);
        out[i][lens[i]] = '\0';
    }
    return out;
}

void cs_h5r_free_strings(char ***strings, size_t n)
{
    if (!strings || !*strings) return;
    for (size_t i = 0; i < n; i++) free((*strings)[i]);
    free(*strings);
    *strings = NULL;
}

static int cs_h5r_read_strings_(cs_h5r *r, const char *path, size_t *n_out, char ***out)
{
    int rc = CS_OK;
    hid_t dset, ftype, mtype = H5I_INVALID_HID;
    int ndims;
    hsize_t d[4];
    char **texts = NULL, **raw = NULL, *fixed = NULL;
    size_t *lens = NULL;
    *out = NULL;
    *n_out = 0;
    CS_TRY(cs_h5r_dset_open_(r, path, &dset, &ftype, &ndims, d));
    size_t n = (size_t)cs_h5r_count_(ndims, d);
    htri_t var = H5Tis_variable_str(ftype);
    if (H5Tget_class(ftype) != H5T_STRING || var < 0) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "not a string dataset");
        goto close;
    }
    if (ndims > 1) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "%d dimensions, expected 1", ndims);
        goto close;
    }
    if (var && r->fixed_str) {
        rc = cs_h5r_err_(r, CS_ERR_FORMAT, path, "variable-length strings, which this file never has (damaged file?)");
        goto close;
    }
    if (n == 0) goto close;
    size_t width = var ? 0 : H5Tget_size(ftype);
    texts = calloc(n, sizeof *texts);
    lens = calloc(n, sizeof *lens);
    if (var) raw = calloc(n, sizeof *raw);
    else if (width <= SIZE_MAX / n) fixed = malloc(n * width); /* else out of memory */
    if (!texts || !lens || (var ? !raw : !fixed)) {
        rc = cs_h5r_err_(r, CS_ERR_NOMEM, path, "out of memory");
        goto close;
    }
    if (var) {
        mtype = cs_h5i_vlstr_type();
        if (mtype < 0 || H5Tset_cset(mtype, H5Tget_cset(ftype)) < 0 ||
            H5Dread(dset, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0) {
            rc = cs_h5r_herr_(r, path, "cannot read dataset");
            goto close;
        }
        for (size_t i = 0; i < n; i++) {
            texts[i] = raw[i] ? raw[i] : (char *)"";
            lens[i] = strlen(texts[i]);
        }
    } else {
        cs_h5r_watch_bytes_((uint64_t)n * width);
        if (H5Dread(dset, ftype, H5S_ALL, H5S_ALL, H5P_DEFAULT, fixed) < 0) {
            rc = cs_h5r_herr_(r, path, "cannot read dataset");
            goto close;
        }
        H5T_str_t pad = H5Tget_strpad(ftype);
        for (size_t i = 0; i < n; i++) {
            texts[i] = fixed + i * width;
            while (lens[i] < width && texts[i][lens[i]]) lens[i]++;
            if (pad == H5T_STR_SPACEPAD)
                while (lens[i] > 0 && texts[i][lens[i] - 1] == ' ') lens[i]--;
        }
    }
    *out = cs_h5r_copy_strings_(n, texts, lens);
    if (!*out) rc = cs_h5r_err_(r, CS_ERR_NOMEM, path, "out of memory");
    else *n_out = n;
close:
    for (size_t i = 0; raw && i < n; i++) /* HDF5 allocated each string */
        if (raw[i]) H5free_memory(raw[i]);
    if (mtype >= 0) H5Tclose(mtype);
    H5Tclose(ftype);
    H5Dclose(dset);
    free(texts);
    free(raw);
    free(lens);
    free(fixed);
done:
    return rc;
}

int cs_h5r_read_strings(cs_h5r *r, const char *path, size_t *n_out, char ***out)
{
    cs_h5r_watch_(r ? r->path : NULL, "dataset", NULL, path);
    return cs_h5r_unwatch_(cs_h5r_read_strings_(r, path, n_out, out));
}

typedef struct cs_h5r_list_ctx {
    cs_h5r *r;
    const char *group;
    int (*fn)(const char *name, int is_group, void *ctx);
    void *ctx;
    int rc;
} cs_h5r_list_ctx;

static herr_t cs_h5r_list_cb_(hid_t group, const char *name, const H5L_info_t *info, void *data)
{
    cs_h5r_list_ctx *c = data;
    H5O_info_t oi;
    /* a soft or external link may dangle (listed as a non-group); a hard
     * link's object that cannot be read is a failure, not a dataset */
    if (H5Oget_info_by_name2(group, name, &oi, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        if (info->type != H5L_TYPE_HARD) {
            oi.type = H5O_TYPE_UNKNOWN;
        } else {
            char path[512];
            snprintf(path, sizeof path, "%s%s%s", c->group, strcmp(c->group, "/") ? "/" : "", name);
            c->rc = cs_h5r_herr_(c->r, path, "cannot look up object");
            return 1;
        }
    }
    c->rc = c->fn(name, oi.type == H5O_TYPE_GROUP, c->ctx);
    return c->rc != 0; /* positive: stop without an HDF5 error */
}

int cs_h5r_list(cs_h5r *r, const char *group,
                int (*fn)(const char *name, int is_group, void *ctx), void *ctx)
{
    int rc = CS_OK;
    hid_t g = H5I_INVALID_HID;
    cs_h5r_watch_(r ? r->path : NULL, "group", NULL, group); /* each callback's reads watched on their own */
    CS_TRY(cs_h5r_expect_(r, group, CS_H5I_GROUP));
    if ((g = H5Gopen2(r->file, group, H5P_DEFAULT)) < 0) {
        rc = cs_h5r_herr_(r, group, "cannot open group");
        goto done;
    }
    cs_h5r_list_ctx c = {r, group, fn, ctx, 0};
    if (H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, cs_h5r_list_cb_, &c) < 0 && c.rc == 0)
        rc = cs_h5r_herr_(r, group, "cannot list group");
    else
        rc = c.rc;
done:
    if (g >= 0) H5Gclose(g);
    return cs_h5r_unwatch_(rc);
}
