/* cs_h5_write.c -- the collective results writer.
 *
 * Every public function is collective over the writer's communicator and
 * follows one shape, so that no rank is left waiting in a collective call
 * that another rank skipped after an error:
 *   1. local argument checks and unconditional MPI exchanges (rank 0's
 *      strings and shapes are broadcast, distributed blocks gathered);
 *   2. agree: every rank learns the worst status (MPI_Allreduce);
 *   3. the HDF5 calls, which are collective for metadata and for the
 *      collective (H5FD_MPIO_COLLECTIVE) transfers;
 *   4. agree again, so all ranks return the same status.
 * Metadata (attributes, shapes) must be identical on all ranks in parallel
 * HDF5, so rank 0's values are the ones written.
 *
 * This file holds the file's life (create, commit, abort), groups,
 * attributes and the collective helpers; cs_h5_dataset.c the datasets.
 *
 * Workload: a handful of tables and per-agent columns per run, each a few
 * MB to a few GB; the extra small collectives cost nothing next to them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "cs_agree.h"
#include "cs_h5_internal.h"
#include "cs_status.h"

/* "<partial>: <obj>: <text>"; returns `code`. */
int cs_h5i_werr(cs_h5w *w, int code, const char *obj, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = cs_h5i_vreport(w->msg, w->partial_path, code, obj, fmt, ap);
    va_end(ap);
    return code;
}

/* HDF5 says only "file write failed" (the system's errno is lost inside
 * it); a full file system is the usual cause and the one a user can act
 * on, so it is named when the partial file's file system has no room. */
static const char *cs_h5w_device_reason_(const cs_h5w *w)
{
    struct statvfs fs;
    if (!w->partial_path || statvfs(w->partial_path, &fs) != 0) return NULL;
    if (fs.f_bavail < 16) return strerror(ENOSPC);
    /* the file-size limit (ulimit -f) reached: writes past it fail with EFBIG */
    struct rlimit rl;
    struct stat st;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && stat(w->partial_path, &st) == 0 &&
        (double)st.st_size + 65536.0 >= (double)rl.rlim_cur)
        return "File too large: the file-size limit (ulimit -f, RLIMIT_FSIZE) is reached";
    return NULL;
}

int cs_h5i_wherr(cs_h5w *w, const char *obj, const char *what)
{
    const char *device = cs_h5w_device_reason_(w);
    char reason[256];
    cs_h5i_reason(reason, sizeof reason);
    if (reason[0] && device)
        return cs_h5i_werr(w, CS_ERR_HDF5, obj, "%s (HDF5: %s: %s)", what, reason, device);
    if (reason[0]) return cs_h5i_werr(w, CS_ERR_HDF5, obj, "%s (HDF5: %s)", what, reason);
    return cs_h5i_werr(w, CS_ERR_HDF5, obj, "%s", what);
}

int cs_h5i_wkind_err(cs_h5w *w, int kind, const char *obj, const char *what)
{
    if (kind == CS_ERR_NOMEM) return cs_h5i_werr(w, CS_ERR_NOMEM, obj, "%s: out of memory", what);
    return cs_h5i_wherr(w, obj, what);
}

/* How long a rank that failed waits in an agreement for the others. */
#define CS_H5W_AGREE_WAIT_S 10.0

/* Ends the job from this rank: "crampsim: error: rank R of P: <cause>;
 * <why>" on stderr (this rank's sink may be quiet) in one write, so that
 * mpiexec's abort banner cannot cut it; then removes the partial file (the
 * final name is never touched), gives mpiexec a moment to forward the line
 * and aborts every rank with the exit code of `rc`. */
static void cs_h5w_abort_job_(cs_h5w *w, int rank, int rc, const char *cause, const char *why)
{
    char line[sizeof w->msg->last + 256];
    snprintf(line, sizeof line, "crampsim: error: rank %d of %d: %s; %s\n", rank, w->size, cause, why);
    FILE *f = w->msg && w->msg->stream ? w->msg->stream : stderr;
    fputs(line, f);
    fflush(f);
    if (w->partial_path) unlink(w->partial_path);
    nanosleep(&(struct timespec){.tv_nsec = 200000000}, NULL);
    MPI_Abort(MPI_COMM_WORLD, cs_status_exit_code(rc));
}

/* A rank that failed waits for the others' part of the agreement `req`.
 * They come at once unless they are inside a collective HDF5 call (a
 * metadata flush, MPI-IO's open or collective write) that this rank left
 * by failing: they wait there for it, it waits here for them, forever.  No
 * agreement is possible then, so after CS_H5W_AGREE_WAIT_S this rank says
 * so itself (its sink may be quiet), removes the partial file (the final
 * name is never touched) and aborts the job. */
static void cs_h5w_wait_or_abort_(cs_h5w *w, MPI_Request req[2], int rc)
{
    double t0 = MPI_Wtime();
    for (;;) {
        int done = 0;
        MPI_Testall(2, req, &done, MPI_STATUSES_IGNORE);
        if (done) return;
        if (MPI_Wtime() - t0 > CS_H5W_AGREE_WAIT_S) break;
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    }
    cs_h5w_abort_job_(w, w->rank, rc, cs_agree_text(w->msg, rc),
                      "the other ranks are left inside a collective HDF5 call: the job is aborted");
}

/* The agreement of cs_h5i_agree; `split_aborts`: after a step that changes
 * the file (metadata, or a collective transfer), a failure on some ranks
 * but not all leaves the ranks with different views of one file, which no
 * collective close can reconcile (it would hang or crash): rank 0 says so,
 * removes the partial file and aborts the job. */
static int cs_h5w_agree_(cs_h5w *w, int rc, const char *obj, int split_aborts)
{
    struct {
        int rc, rank;
    } in = {rc, w->rank}, out;
    int failed = rc < 0, n_failed = 0;
    /* non-blocking, so that a rank that failed can stop waiting (every
     * rank uses the same calls: blocking and non-blocking collectives do
     * not match) */
    MPI_Request req[2];
    MPI_Iallreduce(&in, &out, 1, MPI_2INT, MPI_MINLOC, w->comm, &req[0]);
    MPI_Iallreduce(&failed, &n_failed, 1, MPI_INT, MPI_SUM, w->comm, &req[1]);
    if (rc < 0 && w->size > 1) cs_h5w_wait_or_abort_(w, req, rc);
    else MPI_Waitall(2, req, MPI_STATUSES_IGNORE);
    if (out.rc >= 0) return CS_OK;
    /* The failing rank printed its cause, but only rank 0's sink prints:
     * the cause (its last message) goes to the others, which say it with
     * the rank's number. */
    char cause[sizeof w->msg->last];
    cs_agree_cause(out.rank, out.rc, w->comm, w->msg, cause, sizeof cause);
    if (split_aborts && n_failed < w->size) {
        if (w->rank == 0)
            cs_h5w_abort_job_(w, out.rank, out.rc, cause,
                              "the other ranks' part of that step succeeded, so the ranks no longer agree on "
                              "the file's contents and cannot close it together: the job is aborted");
        MPI_Barrier(w->comm); /* never returns: rank 0 ends the job */
    }
    if (rc >= 0) {
        if (obj && !strstr(cause, obj))
            cs_h5i_werr(w, out.rc, obj, "rank %d of %d: %s", out.rank, w->size, cause);
        else
            cs_msg_error(w->msg, "rank %d of %d: %s", out.rank, w->size, cause);
    }
    return out.rc;
}

int cs_h5i_agree(cs_h5w *w, int rc, const char *obj)
{
    return cs_h5w_agree_(w, rc, obj, 0);
}

int cs_h5i_agree_change(cs_h5w *w, int rc, const char *obj)
{
    return cs_h5w_agree_(w, rc, obj, 1);
}

int cs_h5i_bcast_str(cs_h5w *w, const char *obj, const char *s, char **out)
{
    *out = NULL;
    uint64_t len = UINT64_MAX; /* rank 0 passed NULL */
    if (w->rank == 0 && s) len = strlen(s);
    if (len != UINT64_MAX && len >= INT_MAX) len = UINT64_MAX - 1; /* too long for one Bcast */
    MPI_Bcast(&len, 1, MPI_UINT64_T, 0, w->comm);
    if (len == UINT64_MAX) return CS_OK;
    if (len == UINT64_MAX - 1) return cs_h5i_werr(w, CS_ERR_LIMIT, obj, "string of 2 GiB or more");
    char *copy = malloc(len + 1);
    int ok = copy != NULL, all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, w->comm);
    if (!all_ok) {
        free(copy);
        return cs_h5i_werr(w, CS_ERR_NOMEM, obj, "out of memory for a %llu-byte string",
                           (unsigned long long)len);
    }
    if (w->rank == 0) memcpy(copy, s, len);
    MPI_Bcast(copy, (int)len, MPI_CHAR, 0, w->comm);
    copy[len] = '\0';
    *out = copy;
    return CS_OK;
}

int cs_h5i_wcheck_path(cs_h5w *w, const char *path)
{
    if (cs_h5i_path_ok(path)) return CS_OK;
    return cs_h5i_werr(w, CS_ERR_INTERNAL, path ? path : "(null)", "not an absolute HDF5 path");
}

int cs_h5i_wparents(cs_h5w *w, const char *path, const char *what)
{
    int rc = CS_OK;
    char *copy = strdup(path);
    if (!copy) return cs_h5i_werr(w, CS_ERR_NOMEM, path, "out of memory");
    for (char *slash = strchr(copy + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        int kind = cs_h5i_path_kind(w->file, copy);
        if (kind < 0) rc = cs_h5i_wkind_err(w, kind, path, "cannot look up path");
        else if (kind == CS_H5I_DATASET || kind == CS_H5I_OTHER)
            rc = cs_h5i_werr(w, CS_ERR_INTERNAL, path, "%s: %s is not a group", what, copy);
        if (kind != CS_H5I_GROUP) break; /* missing parents get created */
        *slash = '/';
    }
    free(copy);
    return rc;
}

static void cs_h5w_free_(cs_h5w *w)
{
    if (!w) return;
    if (w->dxpl >= 0) H5Pclose(w->dxpl);
    if (w->comm != MPI_COMM_NULL) MPI_Comm_free(&w->comm);
    free(w->final_path);
    free(w->partial_path);
    free(w);
}

/* Rank 0 only: can `partial` be created (and `final` is no directory)?
 * Creates the partial file empty; returns 0 or an errno value. */
static int cs_h5w_probe_(const char *final_path, const char *partial)
{
    struct stat st;
    if (stat(final_path, &st) == 0 && S_ISDIR(st.st_mode)) return EISDIR;
    int fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) return errno;
    if (close(fd) != 0) return errno;
    return 0;
}

/* The directory part of `path` ("." if none), in buf. */
static void cs_h5w_dirname_(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(buf, size, ".");
    } else if (slash == path) {
        snprintf(buf, size, "/");
    } else {
        snprintf(buf, size, "%.*s", (int)(slash - path), path);
    }
}

/* The message for a failed probe (errno `verdict`); returns CS_ERR_IO
 * (CS_ERR_NOMEM when memory ran out: exit 4, not an I/O error). */
static int cs_h5w_probe_report_(cs_msg *msg, const char *final_path, const char *partial, int verdict)
{
    if (verdict == ENOMEM) {
        cs_msg_error(msg, "%s: out of memory", final_path);
        return CS_ERR_NOMEM;
    }
    if (verdict == EISDIR) {
        cs_msg_error(msg, "%s: cannot write results: it is a directory", final_path);
        return CS_ERR_IO;
    }
    char dir[4096];
    struct stat st;
    cs_h5w_dirname_(partial, dir, sizeof dir);
    if (verdict == ENOENT && stat(dir, &st) != 0)
        cs_msg_error(msg, "%s: cannot create file: %s (directory '%s' does not exist)", partial, strerror(verdict),
                     dir);
    else
        cs_msg_error(msg, "%s: cannot create file: %s", partial, strerror(verdict));
    return CS_ERR_IO;
}

int cs_h5w_check_path(const char *final_path, MPI_Comm comm, cs_msg *msg)
{
    int rank, verdict = 0;
    MPI_Comm_rank(comm, &rank);
    const size_t len = strlen(final_path);
    char *partial = malloc(len + sizeof ".partial");
    if (partial) {
        memcpy(partial, final_path, len);
        memcpy(partial + len, ".partial", sizeof ".partial");
        if (rank == 0) {
            verdict = cs_h5w_probe_(final_path, partial);
            if (verdict == 0) unlink(partial);
        }
    } else {
        verdict = ENOMEM;
    }
    int all = verdict;
    MPI_Allreduce(&verdict, &all, 1, MPI_INT, MPI_MAX, comm); /* rank 0's, or ENOMEM anywhere */
    int rc = all ? cs_h5w_probe_report_(msg, final_path, partial ? partial : final_path, all) : CS_OK;
    free(partial);
    return rc;
}

int cs_h5w_create(const char *final_path, MPI_Comm comm, cs_msg *msg, cs_h5w **out)
{
    int rc = CS_OK, inited = 0, created = 0;
    hid_t fapl = H5I_INVALID_HID;
    cs_h5w *w = NULL;
    if (out) *out = NULL;
    if (!final_path || !final_path[0] || !out) {
        cs_msg_error(msg, "cs_h5w_create: no output path given");
        return CS_ERR_INTERNAL;
    }
    MPI_Initialized(&inited);
    if (!inited) {
        cs_msg_error(msg, "%s: cannot write: MPI is not initialised", final_path);
        return CS_ERR_MPI;
    }
    cs_h5i_quiet();
    w = calloc(1, sizeof *w);
    if (w) {
        w->comm = MPI_COMM_NULL;
        w->file = w->dxpl = H5I_INVALID_HID;
        w->msg = msg;
        size_t len = strlen(final_path);
        w->final_path = strdup(final_path);
        w->partial_path = malloc(len + sizeof ".partial");
        if (w->partial_path) memcpy(w->partial_path, final_path, len);
        if (w->partial_path) memcpy(w->partial_path + len, ".partial", sizeof ".partial");
    }
    int ok = w && w->final_path && w->partial_path, all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, comm);
    if (!all_ok) {
        cs_msg_error(msg, "%s: out of memory", final_path);
        rc = CS_ERR_NOMEM;
        goto done;
    }
    MPI_Comm_dup(comm, &w->comm);
    MPI_Comm_rank(w->comm, &w->rank);
    MPI_Comm_size(w->comm, &w->size);

    /* Rank 0 probes the directory with an ordinary open() so that a
     * missing or unwritable directory gets the system's reason rather than
     * an MPI-IO error, and every rank fails alike. */
    int verdict = 0;
    if (w->rank == 0) verdict = cs_h5w_probe_(w->final_path, w->partial_path);
    /* killed runs' leftovers go before any rank opens the file (the Bcast orders it) */
    if (w->rank == 0 && verdict == 0) cs_h5i_remove_debris(w->partial_path);
    MPI_Bcast(&verdict, 1, MPI_INT, 0, w->comm);
    if (verdict != 0) {
        rc = cs_h5w_probe_report_(msg, w->final_path, w->partial_path, verdict);
        goto done;
    }
    created = 1;

    /* agreed before each collective call: H5Pset_fapl_mpio (it duplicates
     * the communicator) and H5Fcreate (MPI-IO's open); a rank that skipped
     * one would leave the others inside */
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) rc = cs_h5i_wherr(w, NULL, "cannot set up parallel file access");
    rc = cs_h5i_agree(w, rc, NULL);
    if (rc == CS_OK && (H5Pset_fapl_mpio(fapl, w->comm, MPI_INFO_NULL) < 0 ||
                        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
                        H5Pset_coll_metadata_write(fapl, 1) < 0))
        rc = cs_h5i_wherr(w, NULL, "cannot set up parallel file access");
    if (rc == CS_OK) rc = cs_h5i_agree(w, rc, NULL);
    if (rc == CS_OK) {
        w->file = H5Fcreate(w->partial_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
        if (w->file < 0) rc = cs_h5i_wherr(w, NULL, "cannot create HDF5 file");
        rc = cs_h5i_agree_change(w, rc, NULL);
    }
    if (rc == CS_OK) {
        w->dxpl = H5Pcreate(H5P_DATASET_XFER);
        if (w->dxpl < 0 || H5Pset_dxpl_mpio(w->dxpl, H5FD_MPIO_COLLECTIVE) < 0)
            rc = cs_h5i_wherr(w, NULL, "cannot set up collective transfers");
    }
    rc = cs_h5i_agree(w, rc, NULL);

done:
    if (fapl >= 0) H5Pclose(fapl);
    if (rc < 0) {
        if (w && w->file >= 0) H5Fclose(w->file);
        if (created && w->rank == 0) unlink(w->partial_path);
        cs_h5w_free_(w);
        w = NULL;
    }
    *out = w;
    return rc;
}

void cs_h5w_set_plain(cs_h5w *w, int plain)
{
    if (w) w->plain = plain != 0;
}

void cs_h5w_set_fixed_strings(cs_h5w *w, int fixed)
{
    if (w) w->fixed_str = fixed != 0;
}

const char *cs_h5w_partial_path(const cs_h5w *w)
{
    return w ? w->partial_path : NULL;
}

cs_msg *cs_h5w_msg(const cs_h5w *w) { return w ? w->msg : NULL; }

int cs_h5w_group(cs_h5w *w, const char *path)
{
    int rc = CS_OK;
    hid_t lcpl = H5I_INVALID_HID, g = H5I_INVALID_HID;
    if (!w) return CS_ERR_INTERNAL;
    CS_TRY(cs_h5i_agree(w, cs_h5i_wcheck_path(w, path), path));
    /* what is there is the same on every rank: all make the group, or none */
    int kind = cs_h5i_path_kind(w->file, path);
    if (kind < 0) rc = cs_h5i_wkind_err(w, kind, path, "cannot look up group");
    else if (kind != CS_H5I_NONE && kind != CS_H5I_GROUP)
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, path, "exists and is not a group");
    if (rc == CS_OK && kind == CS_H5I_NONE) {
        rc = cs_h5i_wparents(w, path, "cannot create group");
        lcpl = rc == CS_OK ? H5Pcreate(H5P_LINK_CREATE) : H5I_INVALID_HID;
        if (rc == CS_OK && (lcpl < 0 || H5Pset_create_intermediate_group(lcpl, 1) < 0))
            rc = cs_h5i_wherr(w, path, "cannot create group");
    }
    /* agreed before the file changes, then after */
    CS_TRY(cs_h5i_agree(w, rc, path));
    if (kind == CS_H5I_NONE) {
        g = H5Gcreate2(w->file, path, lcpl, H5P_DEFAULT, H5P_DEFAULT);
        if (g < 0) rc = cs_h5i_wherr(w, path, "cannot create group");
        rc = cs_h5i_agree_change(w, rc, path);
    }
done:
    if (g >= 0) H5Gclose(g);
    if (lcpl >= 0) H5Pclose(lcpl);
    return rc;
}

/* Collective: writes (replacing) scalar attribute `name` of type
 * ftype/mtype on the open object `obj` (every rank with the same value),
 * after a preparation whose local status is `rc`.  The status is agreed
 * before the file changes (a failure there stops every rank cleanly) and
 * after (cs_h5i_agree_change).  Agreed status, message printed. */
static int cs_h5w_attr_on_(cs_h5w *w, int rc, hid_t obj, const char *obj_path, const char *name,
                           hid_t ftype, hid_t mtype, const void *value)
{
    hid_t space = H5I_INVALID_HID, attr = H5I_INVALID_HID;
    htri_t there = 0;
    char what[320];
    snprintf(what, sizeof what, "cannot write attribute '%s'", name);
    if (rc == CS_OK && ((there = H5Aexists(obj, name)) < 0 || (space = H5Screate(H5S_SCALAR)) < 0))
        rc = cs_h5i_wherr(w, obj_path, what);
    CS_TRY(cs_h5i_agree(w, rc, obj_path));
    if (there > 0 && H5Adelete(obj, name) < 0) rc = cs_h5i_wherr(w, obj_path, what);
    if (rc == CS_OK) {
        attr = H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
        if (attr < 0 || H5Awrite(attr, mtype, value) < 0) rc = cs_h5i_wherr(w, obj_path, what);
    }
    rc = cs_h5i_agree_change(w, rc, obj_path);
done:
    if (attr >= 0) H5Aclose(attr);
    if (space >= 0) H5Sclose(space);
    return rc;
}

/* cs_h5i_attr_str_on after a preparation of local status `rc`. */
static int cs_h5w_attr_str_on_(cs_h5w *w, int rc, hid_t obj, const char *obj_path, const char *name,
                               const char *value)
{
    /* fixed length (w->fixed_str): the text itself, NUL-terminated, in the
     * object header; variable length: a pointer to it, in the global heap */
    hid_t t = H5I_INVALID_HID;
    if (rc == CS_OK) {
        t = w->fixed_str ? H5Tcopy(H5T_C_S1) : cs_h5i_vlstr_type();
        if (t >= 0 && w->fixed_str &&
            (H5Tset_size(t, strlen(value) + 1) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
            H5Tclose(t);
            t = H5I_INVALID_HID;
        }
        if (t < 0) rc = cs_h5i_wherr(w, obj_path, "cannot make a string type");
    }
    rc = cs_h5w_attr_on_(w, rc, obj, obj_path, name, t, t, w->fixed_str ? (const void *)value : (const void *)&value);
    if (t >= 0) H5Tclose(t);
    return rc;
}

int cs_h5i_attr_str_on(cs_h5w *w, hid_t obj, const char *obj_path, const char *name,
                       const char *value)
{
    return cs_h5w_attr_str_on_(w, CS_OK, obj, obj_path, name, value);
}

/* Collective attribute write on the existing object `obj_path`: value is
 * rank 0's (strings broadcast by the caller, numbers here). */
static int cs_h5w_attr_(cs_h5w *w, const char *obj_path, const char *name, int is_str,
                        hid_t ftype, hid_t mtype, const void *value)
{
    int rc = CS_OK;
    hid_t obj = H5I_INVALID_HID;
    rc = cs_h5i_wcheck_path(w, obj_path);
    if (rc == CS_OK && (!name || !name[0]))
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj_path, "attribute without a name");
    CS_TRY(cs_h5i_agree(w, rc, obj_path ? obj_path : "(null)"));
    int kind = cs_h5i_path_kind(w->file, obj_path);
    if (kind < 0) {
        rc = cs_h5i_wkind_err(w, kind, obj_path, "cannot look up object");
    } else if (kind != CS_H5I_GROUP && kind != CS_H5I_DATASET) {
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj_path,
                         "cannot write attribute '%s': no such group or dataset", name);
    } else if ((obj = H5Oopen(w->file, obj_path, H5P_DEFAULT)) < 0) {
        rc = cs_h5i_wherr(w, obj_path, "cannot open object");
    }
    /* every rank goes on, so that all take the attribute's agreements */
    if (is_str) rc = cs_h5w_attr_str_on_(w, rc, obj, obj_path, name, *(const char *const *)value);
    else rc = cs_h5w_attr_on_(w, rc, obj, obj_path, name, ftype, mtype, value);
done:
    if (obj >= 0) H5Oclose(obj);
    return rc;
}

int cs_h5w_attr_str(cs_h5w *w, const char *obj_path, const char *name, const char *value)
{
    int rc = CS_OK;
    char *v = NULL;
    if (!w) return CS_ERR_INTERNAL;
    CS_TRY(cs_h5i_agree(w, cs_h5i_bcast_str(w, obj_path, value, &v), obj_path ? obj_path : "/"));
    if (!v) {
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj_path ? obj_path : "/",
                         "attribute '%s': no value", name ? name : "");
        goto done;
    }
    rc = cs_h5w_attr_(w, obj_path, name, 1, H5I_INVALID_HID, H5I_INVALID_HID, &v);
done:
    free(v);
    return rc;
}

int cs_h5w_attr_i64(cs_h5w *w, const char *obj_path, const char *name, int64_t value)
{
    if (!w) return CS_ERR_INTERNAL;
    MPI_Bcast(&value, 1, MPI_INT64_T, 0, w->comm);
    return cs_h5w_attr_(w, obj_path, name, 0, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

int cs_h5w_attr_f64(cs_h5w *w, const char *obj_path, const char *name, double value)
{
    if (!w) return CS_ERR_INTERNAL;
    MPI_Bcast(&value, 1, MPI_DOUBLE, 0, w->comm);
    return cs_h5w_attr_(w, obj_path, name, 0, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

/* Rank 0: flush the closed file's data to stable storage (so that the
 * final name never points at a file whose data a crash lost), then rename
 * it.  Returns 0 or an errno value; *step is 1 (sync) or 2 (rename). */
static int cs_h5w_publish_(const cs_h5w *w, int *step)
{
    *step = 1;
    int fd = open(w->partial_path, O_RDONLY);
    if (fd < 0) return errno;
    int e = fsync(fd) == 0 || errno == EINVAL || errno == EROFS ? 0 : errno;
    close(fd);
    if (e) return e;
    *step = 2;
    return rename(w->partial_path, w->final_path) == 0 ? 0 : errno;
}

int cs_h5w_commit(cs_h5w **wp)
{
    int rc = CS_OK;
    if (!wp || !*wp) return CS_ERR_INTERNAL;
    cs_h5w *w = *wp;
    *wp = NULL;
    H5Pclose(w->dxpl);
    w->dxpl = H5I_INVALID_HID;
    /* Collective: flushes metadata and closes the MPI-IO file. */
    if (H5Fclose(w->file) < 0) rc = cs_h5i_wherr(w, NULL, "cannot close file");
    w->file = H5I_INVALID_HID;
    rc = cs_h5i_agree(w, rc, NULL);
    if (rc == CS_OK) {
        int v[2] = {0, 0}; /* errno, step */
        if (w->rank == 0) v[0] = cs_h5w_publish_(w, &v[1]);
        MPI_Bcast(v, 2, MPI_INT, 0, w->comm);
        if (v[0] && v[1] == 1)
            cs_msg_error(w->msg, "%s: cannot sync file: %s", w->partial_path, strerror(v[0]));
        else if (v[0])
            cs_msg_error(w->msg, "%s: cannot rename to '%s': %s", w->partial_path,
                         w->final_path, strerror(v[0]));
        if (v[0]) rc = CS_ERR_IO;
    }
    if (rc < 0 && w->rank == 0) unlink(w->partial_path);
    cs_h5w_free_(w);
    return rc;
}

void cs_h5w_abort(cs_h5w **wp)
{
    if (!wp || !*wp) return;
    cs_h5w *w = *wp;
    *wp = NULL;
    /* The file is thrown away, but closing it still flushes HDF5's metadata
     * cache.  On a full disk that flush fails, and HDF5 1.10 then keeps a
     * half-destroyed file under its id, which crashes the library's own
     * clean-up at MPI_Finalize.  Emptying the partial file first (every
     * rank is here: no write is in flight) gives the flush its room. */
    if (w->file >= 0 && w->rank == 0 && truncate(w->partial_path, 0) != 0) { /* best effort */
    }
    MPI_Barrier(w->comm);
    if (w->file >= 0) H5Fclose(w->file); /* strong close: also closes strays */
    w->file = H5I_INVALID_HID;
    /* The close is collective, so no rank still writes when rank 0 unlinks. */
    if (w->rank == 0) unlink(w->partial_path);
    cs_h5w_free_(w);
}
