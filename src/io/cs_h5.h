/* cs_h5.h -- crampsim's HDF5 results files: a collective writer and a
 * serial reader.
 *
 * One results file per run, written by all MPI ranks through parallel HDF5
 * (MPI-IO driver, collective transfers).  Small tables already reduced to
 * rank 0 are written from rank 0's buffer; per-agent columns are written by
 * every rank for its own contiguous block of global ids.  The file is
 * written as `<final>.partial` and renamed to `<final>` only by
 * cs_h5w_commit(), so a killed run never leaves a file that looks complete.
 *
 * Paths are absolute HDF5 paths ("/arms/status_quo/summary").  Strings
 * (attributes, "unit", "description") are stored as variable-length UTF-8,
 * which h5py reads as str and R's hdf5r as character.
 *
 * Errors: every function prints one message through the cs_msg given at
 * create/open, naming the file and the object path, and returns a negative
 * cs_status code; HDF5's own error-stack printing is switched off.  Writer
 * functions are collective and return the same status on every rank (a
 * failure on one rank fails the call everywhere).  HDF5 is not thread-safe:
 * call these from one thread per rank. */
#ifndef CS_H5_H
#define CS_H5_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_msg.h"

/* Element types of datasets and of caller buffers.  Files store the
 * little-endian type of the same width; reads convert. */
typedef enum {
    CS_H5_I64,
    CS_H5_U64,
    CS_H5_I32,
    CS_H5_U32,
    CS_H5_U16,
    CS_H5_U8,
    CS_H5_F64,
    CS_H5_F32
} cs_h5_type;

/* Size in bytes of one element of `type`; 0 for an invalid type. */
size_t cs_h5_type_size(cs_h5_type type);

/* ---- writer (collective over the communicator given at create) ---- */

typedef struct cs_h5w cs_h5w; /* opaque */

/* Creates `<final_path>.partial` (truncating an old partial) for collective
 * writing over `comm` (duplicated; MPI must be initialised).  Rank 0 first
 * probes that the file can be created; a missing or unwritable directory
 * fails on every rank with CS_ERR_IO and a message naming the path and the
 * system's reason, and leaves no file.  `final_path` must not name a
 * directory.  `msg` is borrowed for the writer's lifetime.  On success *out
 * owns the writer: end it with cs_h5w_commit() or cs_h5w_abort(). */
int cs_h5w_create(const char *final_path, MPI_Comm comm, cs_msg *msg, cs_h5w **out);

/* Distributed datasets (cs_h5w_write_dist) written after this call are
 * contiguous and unfiltered when `plain`: for files written often and read
 * once (checkpoints), where compressing costs more than the bytes saved.
 * Local (no communication); call it alike on every rank. */
void cs_h5w_set_plain(cs_h5w *w, int plain);
/* String attributes written from now on are fixed-length (the text and its
 * NUL in the object header) when `fixed`, not variable-length: reading
 * them never touches the file's global heap, on which libhdf5 1.10 can
 * loop forever when it is damaged (checkpoints, read back by --resume).
 * A fixed-length attribute lives in the object header: values up to a few
 * KiB (names, paths), not a whole config text.  Local; call it alike on
 * every rank. */
void cs_h5w_set_fixed_strings(cs_h5w *w, int fixed);

/* Collective: whether cs_h5w_create(final_path) could create its partial
 * file (rank 0 tries it, then removes it): CS_ERR_IO on every rank, with
 * the message cs_h5w_create would give, when not.  Leaves no file. */
int cs_h5w_check_path(const char *final_path, MPI_Comm comm, cs_msg *msg);

/* Creates group `path` and any missing parents; succeeds if it already
 * exists as a group, fails if something else is there. */
int cs_h5w_group(cs_h5w *w, const char *path);

/* Writes (or replaces) attribute `name` on the existing group or dataset
 * `obj_path`.  Every rank should pass the same value; rank 0's is the one
 * written (parallel HDF5 needs identical metadata everywhere).  Strings are
 * scalar variable-length UTF-8, which h5py reads as str (no 64 KiB limit:
 * a whole config text fits), or fixed-length after cs_h5w_set_fixed_strings;
 * `value` must not be NULL. */
int cs_h5w_attr_str(cs_h5w *w, const char *obj_path, const char *name, const char *value);
/* Scalar little-endian int64 attribute. */
int cs_h5w_attr_i64(cs_h5w *w, const char *obj_path, const char *name, int64_t value);
/* Scalar IEEE double attribute. */
int cs_h5w_attr_f64(cs_h5w *w, const char *obj_path, const char *name, double value);

/* Creates dataset `path` (parents created as needed; fails if it, or a
 * dataset in place of a parent, exists) of `ndims` (1..4) dimensions `dims`
 * (zero-size dims allowed; every rank's type, ndims and dims must equal
 * rank 0's) and writes rank 0's `data`, C order; other ranks' `data` is not
 * read and may be NULL.  Contiguous, no compression.  String attributes
 * "unit" and "description" (rank 0's) are written when not NULL. */
int cs_h5w_write_root(cs_h5w *w, const char *path, cs_h5_type type, int ndims,
                      const uint64_t *dims, const void *data, const char *unit,
                      const char *description);

/* Creates the 1-D dataset `path` of `n_global` elements (type and n_global
 * the same on every rank, checked) and writes this rank's elements
 * [offset, offset + n_local) from `data` (may be NULL when n_local is 0).
 * Blocks must lie inside the dataset and not overlap (checked: all ranks
 * fail with CS_ERR_INTERNAL); elements no rank writes read as 0.  Chunked
 * (1 MiB per chunk, or the whole dataset if smaller), shuffle + deflate
 * level 1 (contiguous and unfiltered after cs_h5w_set_plain).  "unit" and
 * "description" as for cs_h5w_write_root. */
int cs_h5w_write_dist(cs_h5w *w, const char *path, cs_h5_type type, uint64_t n_global,
                      uint64_t offset, uint64_t n_local, const void *data, const char *unit,
                      const char *description);

/* Creates the 1-D dataset `path` of rank 0's `n` strings (other ranks may
 * pass 0 and NULL): fixed-length UTF-8 of the longest length + 1,
 * NUL-terminated, which h5py reads as bytes (`.asstr()` gives str).  Strings must not
 * contain NUL bytes (they end at the first).  "description" written when
 * not NULL. */
int cs_h5w_write_strings(cs_h5w *w, const char *path, size_t n, const char *const *strings,
                         const char *description);

/* Closes the file, makes its data durable (fsync) and renames the partial
 * file to the final name, replacing an existing file.  Always consumes the
 * writer: *w is NULL afterwards.  On failure the partial file is removed
 * and the final name is left as it was. */
int cs_h5w_commit(cs_h5w **w);

/* Copies every object at the root of the result file `src_path` under the
 * group `dst_group` (made if missing) of a writer of one process. */
int cs_h5w_copy_file(cs_h5w *w, const char *src_path, const char *dst_group);

/* Closes the file and removes the partial file (collective, since closing
 * an MPI-IO file is).  Accepts NULL and *w == NULL; sets *w to NULL. */
void cs_h5w_abort(cs_h5w **w);

/* The `<final>.partial` path being written (owned by the writer). */
const char *cs_h5w_partial_path(const cs_h5w *w);
/* The message sink the writer was created with (for its callers' own
 * messages about what they write). */
cs_msg *cs_h5w_msg(const cs_h5w *w);

/* ---- reader (serial: any one process, no MPI needed on the file) ---- */

typedef struct cs_h5r cs_h5r; /* opaque */

/* Opens `path` read-only.  Failures: "PATH: no such file", "PATH: not an
 * HDF5 file", or the system's or HDF5's reason (CS_ERR_IO with errno set
 * when the file cannot be opened at all).  Format attributes are not
 * checked: the caller does that with the attribute readers.  `msg` is
 * borrowed for the reader's lifetime. */
int cs_h5r_open(const char *path, cs_msg *msg, cs_h5r **out);

/* Closes the file; accepts NULL and *r == NULL; sets *r to NULL. */
void cs_h5r_close(cs_h5r **r);

/* From now on a variable-length string (attribute or dataset) of the file
 * is refused (CS_ERR_FORMAT, "damaged file?") before HDF5 reads it: for
 * files this crampsim writes without any (checkpoints), whose global heap
 * is then never read.  Accepts NULL. */
void cs_h5r_set_fixed_strings(cs_h5r *r);

/* Watchdog for every reader call of the process from now on (0: none, the
 * default): libhdf5 1.10 can loop forever on a damaged file (a damaged
 * global heap under a variable-length string).  A call (open, close, an
 * attribute, a dataset's shape, a group's listing) that has not returned
 * after `seconds`, plus one second per 4 MiB of data it reads, ends the
 * process at once from a SIGALRM handler: "crampsim: error: FILE: reading
 * OBJECT did not finish in N s; the file is damaged (libhdf5 loops on
 * it)" on stderr, exit status 2, nothing cleaned up (no file removed or
 * renamed).  Takes SIGALRM (ITIMER_REAL) over: for the program, not for a
 * library caller with timers of its own (libFuzzer). */
void cs_h5r_watchdog(unsigned seconds);

/* Whether `path` names an existing group or dataset: *present is 1, or 0
 * when it does not (missing intermediate groups, a dataset in the middle of
 * the path, a dangling link, a malformed path), and CS_OK is returned,
 * printing nothing.  When the look-up itself fails (HDF5 cannot read the
 * file, a damaged file, memory) the answer is neither: *present is 0 and a
 * negative status (CS_ERR_HDF5, CS_ERR_NOMEM; CS_ERR_INTERNAL for a NULL
 * reader) is returned, with a message naming the file and path.  Callers
 * must stop on it, not take it for "absent". */
int cs_h5r_exists(cs_h5r *r, const char *path, int *present);

/* Whether `obj_path` exists and has an attribute `name` (for optional
 * attributes): *present 1 or 0 and CS_OK, or, as for cs_h5r_exists, a
 * negative status with a message when the look-up fails. */
int cs_h5r_has_attr(cs_h5r *r, const char *obj_path, const char *name, int *present);

/* Reads string attribute `name` of `obj_path` (variable or fixed length)
 * into a malloc'd NUL-terminated string the caller frees.  CS_ERR_FORMAT
 * with a message if the object or attribute is missing or not a string. */
int cs_h5r_attr_str(cs_h5r *r, const char *obj_path, const char *name, char **out);
/* Reads an integer attribute (scalar or one element); CS_ERR_FORMAT if
 * missing, not an integer, or out of int64 range. */
int cs_h5r_attr_i64(cs_h5r *r, const char *obj_path, const char *name, int64_t *out);
/* Reads a numeric (float or integer) attribute as double; CS_ERR_FORMAT if
 * missing or not a number. */
int cs_h5r_attr_f64(cs_h5r *r, const char *obj_path, const char *name, double *out);

/* Shape of dataset `path`: *ndims in 0..4 (0 for a scalar), dims[0..ndims).
 * CS_ERR_FORMAT if missing or of more than 4 dimensions. */
int cs_h5r_dims(cs_h5r *r, const char *path, int *ndims, uint64_t dims[4]);

/* Reads the whole numeric dataset `path`, converted by HDF5 to `type` (out of
 * range values are clamped), into `buf` of `buf_elems` elements.
 * CS_ERR_FORMAT if missing, not numeric, or larger than buf_elems. */
int cs_h5r_read(cs_h5r *r, const char *path, cs_h5_type type, void *buf, size_t buf_elems);

/* Reads elements [offset, offset + n) of the 1-D numeric dataset `path`,
 * converted to `type`, into `buf` (the block a rank wrote or reads back by
 * cs_h5w_write_dist).  CS_ERR_FORMAT if missing, not numeric, not 1-D, or
 * shorter than offset + n. */
int cs_h5r_read_range(cs_h5r *r, const char *path, cs_h5_type type, uint64_t offset, uint64_t n, void *buf);

/* Reads the 1-D string dataset `path` (fixed or variable length) into *out,
 * a malloc'd array of *n malloc'd NUL-terminated strings (NULL when *n is
 * 0): the caller frees each string and the array, or calls
 * cs_h5r_free_strings.  CS_ERR_FORMAT if missing or not strings. */
int cs_h5r_read_strings(cs_h5r *r, const char *path, size_t *n, char ***out);

/* Frees the n strings and the array of cs_h5r_read_strings; sets *strings
 * to NULL.  Accepts NULL and *strings == NULL. */
void cs_h5r_free_strings(char ***strings, size_t n);

/* Calls fn(name, is_group, ctx) for each child of `group` in name order
 * (strcmp order).  fn returns 0 to go on; a nonzero return stops the
 * iteration and is returned (a negative one is taken as a failure the
 * callback has reported).  CS_ERR_FORMAT if `group` is not a group. */
int cs_h5r_list(cs_h5r *r, const char *group,
                int (*fn)(const char *name, int is_group, void *ctx), void *ctx);

#endif
