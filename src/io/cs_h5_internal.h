/* cs_h5_internal.h -- what the files of the HDF5 layer share: the type
 * table, HDF5 error-stack capture, path checks and the string type
 * (cs_h5.c), and the writer's state and collective helpers (cs_h5_write.c,
 * used by cs_h5_dataset.c).  Not installed; public headers never include
 * it. */
#ifndef CS_H5_INTERNAL_H
#define CS_H5_INTERNAL_H

#include <hdf5.h>

#include "cs_h5.h"

/* Kinds of object at an HDF5 path, as cs_h5i_path_kind() reports them. */
enum { CS_H5I_NONE = 0, CS_H5I_GROUP = 1, CS_H5I_DATASET = 2, CS_H5I_OTHER = 3 };

/* Switches off HDF5's automatic error-stack printing (process-wide; the
 * library is ours alone).  Idempotent. */
void cs_h5i_quiet(void);

/* Native (memory) and little-endian (file) HDF5 type of `type`: library
 * constants, never closed; H5I_INVALID_HID for an invalid type. */
hid_t cs_h5i_mem_type(cs_h5_type type);
hid_t cs_h5i_file_type(cs_h5_type type);

/* Copies the innermost description on HDF5's default error stack (the
 * specific cause) into buf, or "" when the stack is empty.  Call right
 * after the failing HDF5 call: the next API call clears the stack. */
void cs_h5i_reason(char *buf, size_t size);
/* Prints "<file>: <obj>: <text>" ("<file>: <text>" if obj is NULL) through
 * msg and returns `code`: the one message format of reader and writer. */
int cs_h5i_vreport(cs_msg *msg, const char *file, int code, const char *obj, const char *fmt, va_list ap);

/* 1 if `path` is a well-formed absolute HDF5 path: starts with '/', no
 * empty components, no trailing '/' (except "/" itself). */
int cs_h5i_path_ok(const char *path);

/* What `path` names in `file`: CS_H5I_NONE (also when an intermediate
 * component is missing or not a group, or is a dangling soft or external
 * link), _GROUP, _DATASET or _OTHER; CS_ERR_NOMEM or CS_ERR_HDF5 (no
 * message) when the look-up itself fails -- never "none" for a failure.
 * `path` must be cs_h5i_path_ok. */
int cs_h5i_path_kind(hid_t file, const char *path);

/* A new variable-length UTF-8 string type; the caller closes it.
 * H5I_INVALID_HID on failure. */
hid_t cs_h5i_vlstr_type(void);

/* ---- writer internals (cs_h5_write.c), shared with cs_h5_dataset.c ---- */

struct cs_h5w {
    MPI_Comm comm;      /* owned duplicate of the caller's communicator */
    int rank, size;
    cs_msg *msg;        /* borrowed */
    hid_t file, dxpl;   /* owned; dxpl asks for collective transfers */
    char *final_path;   /* owned */
    char *partial_path; /* owned: final_path + ".partial" */
    int plain;          /* distributed datasets contiguous, without filters */
    int fixed_str;      /* string attributes fixed-length (no global heap) */
    double raw_bytes;   /* the datasets' bytes so far, before compression (cs_h5w_fits_) */
};

/* Prints "<partial>: <obj>: <text>" on this rank ("<partial>: <text>" if
 * obj is NULL); returns `code`. */
int cs_h5i_werr(cs_h5w *w, int code, const char *obj, const char *fmt, ...) CS_PRINTF(4, 5);
/* As cs_h5i_werr, adding HDF5's reason for the call that just failed;
 * returns CS_ERR_HDF5. */
int cs_h5i_wherr(cs_h5w *w, const char *obj, const char *what);
/* For a failed cs_h5i_path_kind (`kind` < 0): memory short said as such
 * (CS_ERR_NOMEM, exit 4), else as cs_h5i_wherr. */
int cs_h5i_wkind_err(cs_h5w *w, int kind, const char *obj, const char *what);
/* Collective: the lowest status over all ranks.  A rank that did not fail
 * itself reports which rank did and why: "rank R of P: <that rank's last
 * message>" (that rank printed the reason, but its message sink may be
 * quiet). */
int cs_h5i_agree(cs_h5w *w, int rc, const char *obj);
/* As cs_h5i_agree, after a step that changed the file on the ranks where
 * it succeeded (metadata, a collective transfer): when it failed on some
 * ranks only, their views of the file differ and no collective close can
 * end it (it would hang), so rank 0 prints "rank R of P: <cause>; ...",
 * removes the partial file and aborts the job (MPI_Abort, exit code of the
 * status).  A rank that failed and waits more than 10 s for the others in
 * either agreement (they are inside a collective call it left) does the
 * same itself. */
int cs_h5i_agree_change(cs_h5w *w, int rc, const char *obj);
/* Collective: rank 0's string `s` (NULL allowed) as a malloc'd copy in *out
 * on every rank (NULL if rank 0 passed NULL).  Same status everywhere. */
int cs_h5i_bcast_str(cs_h5w *w, const char *obj, const char *s, char **out);
/* Local: removes what Open MPI leaves beside `path` when a process that
 * had it open is killed (cs_h5_debris.c); how many files went. */
int cs_h5i_remove_debris(const char *path);
/* Local: CS_ERR_INTERNAL with a message unless `path` is cs_h5i_path_ok. */
int cs_h5i_wcheck_path(cs_h5w *w, const char *path);
/* Local: fails with "<what>: <prefix> is not a group" if an existing
 * parent of `path` is a dataset (HDF5's own reason is cryptic). */
int cs_h5i_wparents(cs_h5w *w, const char *path, const char *what);
/* Collective: writes (replacing) scalar UTF-8 string attribute `name` on
 * the open object `obj`; every rank must pass the same value.  Agreed
 * status. */
int cs_h5i_attr_str_on(cs_h5w *w, hid_t obj, const char *obj_path, const char *name,
                       const char *value);

#endif
