/* cs_h5_dataset.c -- the writer's datasets: tables from rank 0's buffer,
 * per-agent columns from every rank's block, and string lists.
 *
 * Each public function follows the writer's collective shape (see
 * cs_h5_write.c): checks and MPI exchanges, agree, HDF5, agree.  Every rank
 * joins each H5Dwrite with a collective transfer, a rank with nothing to
 * write selecting nothing, because parallel HDF5 writes filtered
 * (compressed) datasets only collectively. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cs_h5_internal.h"
#include "cs_status.h"

/* Target bytes per chunk of a distributed dataset. */
#define CS_H5_CHUNK_BYTES ((uint64_t)1 << 20)
/* Deflate level of distributed datasets: 1 is fast and gets most of the
 * gain (with the shuffle filter before it). */
#define CS_H5_DEFLATE_LEVEL 1

/* Selections a rank makes for its part of a write. */
enum { CS_H5W_SEL_ALL, CS_H5W_SEL_NONE, CS_H5W_SEL_RANGE };

/* What one write needs besides the path; filled by each public writer. */
typedef struct cs_h5w_put {
    hid_t ftype, mtype; /* borrowed */
    int ndims;
    hsize_t dims[4];
    hid_t dcpl; /* borrowed; H5P_DEFAULT for contiguous */
    int sel;    /* CS_H5W_SEL_* */
    hsize_t start, count; /* CS_H5W_SEL_RANGE, 1-D */
    const void *buf;
    const char *unit, *description; /* already agreed across ranks */
} cs_h5w_put;

/* Bytes kept free under the file-size limit for what HDF5 writes at close
 * (metadata, the file's end), besides a share of the file. */
#define CS_H5_FSIZE_RESERVE (512.0 * 1024.0)
#define CS_H5_FSIZE_SHARE 0.02

/* Under a file-size limit (ulimit -f), a write past it fails with EFBIG
 * (SIGXFSZ ignored: main.c) and leaves HDF5 unable to close the file --
 * it then crashes at MPI_Finalize.  So a dataset that would take the
 * file's datasets, counted raw (an upper bound of what compressed ones
 * take; a string counts its pointer: the texts go in the reserve), near
 * the limit is refused before HDF5 writes anything: the file closes whole
 * and is thrown away.  Every rank counts alike (the shapes are agreed).
 * Local status. */
static int cs_h5w_fits_(cs_h5w *w, const char *path, const cs_h5w_put *p)
{
    double bytes = (double)H5Tget_size(p->ftype);
    for (int i = 0; i < p->ndims; i++) bytes *= (double)p->dims[i];
    w->raw_bytes += bytes;
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return CS_OK;
    if (w->raw_bytes * (1.0 + CS_H5_FSIZE_SHARE) + CS_H5_FSIZE_RESERVE <= (double)rl.rlim_cur) return CS_OK;
    return cs_h5i_werr(w, CS_ERR_IO, path,
                       "cannot write dataset: File too large: the file-size limit (ulimit -f, RLIMIT_FSIZE) is "
                       "reached (%.0f bytes; the datasets so far take %.0f before compression)",
                       (double)rl.rlim_cur, w->raw_bytes);
}

/* Collective: creates dataset `path` (parents too; fails if it exists),
 * writes this rank's selection with a collective transfer, adds the unit
 * and description attributes.  Agreed status. */
static int cs_h5w_put_(cs_h5w *w, const char *path, const cs_h5w_put *p)
{
    int rc = CS_OK;
    hid_t lcpl = H5I_INVALID_HID, fspace = H5I_INVALID_HID, mspace = H5I_INVALID_HID;
    hid_t dset = H5I_INVALID_HID;
    /* Every rank agrees before each collective call (H5Dcreate2 allocates
     * the storage, H5Dwrite transfers collectively): one that skipped it
     * after a failure of its own would leave the others waiting inside. */
    int kind = cs_h5i_path_kind(w->file, path);
    if (kind < 0)
        rc = cs_h5i_wkind_err(w, kind, path, "cannot look up dataset");
    else if (kind != CS_H5I_NONE)
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, path, "cannot create dataset: it already exists");
    if (rc == CS_OK) rc = cs_h5i_wparents(w, path, "cannot create dataset");
    if (rc == CS_OK) rc = cs_h5w_fits_(w, path, p);
    if (rc == CS_OK) {
        lcpl = H5Pcreate(H5P_LINK_CREATE);
        if (lcpl < 0 || H5Pset_create_intermediate_group(lcpl, 1) < 0 ||
            (fspace = H5Screate_simple(p->ndims, p->dims, NULL)) < 0)
            rc = cs_h5i_wherr(w, path, "cannot create dataset");
    }
    CS_TRY(cs_h5i_agree(w, rc, path));
    dset = H5Dcreate2(w->file, path, p->ftype, fspace, lcpl, p->dcpl, H5P_DEFAULT);
    if (dset < 0) rc = cs_h5i_wherr(w, path, "cannot create dataset");
    CS_TRY(cs_h5i_agree_change(w, rc, path));
    herr_t e = 0;
    if (p->sel == CS_H5W_SEL_ALL) {
        mspace = H5Screate_simple(p->ndims, p->dims, NULL);
    } else if (p->sel == CS_H5W_SEL_RANGE && p->count > 0) {
        mspace = H5Screate_simple(1, &p->count, NULL);
        e = H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &p->start, NULL, &p->count, NULL);
    } else { /* a rank with nothing to write still joins the collective write */
        hsize_t one = 1;
        mspace = H5Screate_simple(1, &one, NULL);
        if (mspace >= 0) e = H5Sselect_none(mspace);
        if (e >= 0) e = H5Sselect_none(fspace);
    }
    if (mspace < 0 || e < 0) rc = cs_h5i_wherr(w, path, "cannot select the part to write");
    CS_TRY(cs_h5i_agree(w, rc, path));
    /* A dataset of no elements has no storage to write to (parallel HDF5
     * fails with "addr overflow"); every rank knows the shape, so all skip. */
    hsize_t total = 1;
    for (int i = 0; i < p->ndims; i++) total *= p->dims[i];
    char dummy = 0; /* HDF5 wants a buffer even for an empty selection */
    const void *buf = p->buf ? p->buf : &dummy;
    /* unfiltered datasets of a plain writer: each rank writes its own block
     * independently (no collective buffering to arrange); filters need
     * collective transfers */
    const hid_t dxpl = w->plain && p->dcpl != H5P_DEFAULT ? H5P_DEFAULT : w->dxpl;
    if (total > 0 && H5Dwrite(dset, p->mtype, mspace, fspace, dxpl, buf) < 0)
        rc = cs_h5i_wherr(w, path, "cannot write dataset");
    /* a collective transfer that failed on some ranks only may have left
     * the chunk index different between ranks; an independent one (into
     * storage allocated at creation) changes no metadata */
    if (dxpl == w->dxpl) CS_TRY(cs_h5i_agree_change(w, rc, path));
    else CS_TRY(cs_h5i_agree(w, rc, path));
    if (p->unit) CS_TRY(cs_h5i_attr_str_on(w, dset, path, "unit", p->unit));
    if (p->description)
        CS_TRY(cs_h5i_attr_str_on(w, dset, path, "description", p->description));
done:
    if (dset >= 0) H5Dclose(dset);
    if (mspace >= 0) H5Sclose(mspace);
    if (fspace >= 0) H5Sclose(fspace);
    if (lcpl >= 0) H5Pclose(lcpl);
    return rc;
}

/* Collective: rank 0's unit and description on every rank. */
static int cs_h5w_bcast_meta_(cs_h5w *w, const char *obj, const char *unit,
                              const char *description, char **u, char **d)
{
    int rc = cs_h5i_bcast_str(w, obj, unit, u);
    if (rc == CS_OK) rc = cs_h5i_bcast_str(w, obj, description, d);
    return rc;
}

int cs_h5w_write_root(cs_h5w *w, const char *path, cs_h5_type type, int ndims,
                      const uint64_t *dims, const void *data, const char *unit,
                      const char *description)
{
    int rc = CS_OK;
    char *u = NULL, *d = NULL;
    if (!w) return CS_ERR_INTERNAL;
    const char *obj = path ? path : "(null)";
    /* Rank 0's header: type, ndims, dims.  Every rank checks its own. */
    int64_t head[6] = {(int64_t)type, ndims, 0, 0, 0, 0};
    int local_ok = ndims >= 1 && ndims <= 4 && dims;
    for (int i = 0; local_ok && i < ndims; i++) head[2 + i] = (int64_t)dims[i];
    int64_t head0[6];
    memcpy(head0, head, sizeof head);
    MPI_Bcast(head0, 6, MPI_INT64_T, 0, w->comm);
    int rc_meta = cs_h5w_bcast_meta_(w, obj, unit, description, &u, &d);

    rc = cs_h5i_wcheck_path(w, path);
    if (rc == CS_OK && !cs_h5_type_size(type))
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj, "invalid element type %d", (int)type);
    if (rc == CS_OK && !local_ok)
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj, "%d dimensions (1 to 4 supported)", ndims);
    if (rc == CS_OK && memcmp(head, head0, sizeof head) != 0)
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj,
                         "type or shape differs from rank 0's on rank %d", w->rank);
    cs_h5w_put p = {.ndims = ndims, .dcpl = H5P_DEFAULT, .unit = u, .description = d};
    uint64_t n = 1;
    for (int i = 0; rc == CS_OK && i < ndims; i++) {
        p.dims[i] = dims[i];
        if (dims[i] != 0 && n > (uint64_t)SIZE_MAX / cs_h5_type_size(type) / dims[i])
            rc = cs_h5i_werr(w, CS_ERR_LIMIT, obj, "too many elements");
        n *= dims[i];
    }
    if (rc == CS_OK && w->rank == 0 && n > 0 && !data)
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj, "no data on rank 0");
    if (rc == CS_OK) rc = rc_meta;
    CS_TRY(cs_h5i_agree(w, rc, obj));

    p.ftype = cs_h5i_file_type(type);
    p.mtype = cs_h5i_mem_type(type);
    p.sel = w->rank == 0 ? CS_H5W_SEL_ALL : CS_H5W_SEL_NONE;
    p.buf = w->rank == 0 ? data : NULL;
    rc = cs_h5i_agree(w, cs_h5w_put_(w, path, &p), path);
done:
    free(u);
    free(d);
    return rc;
}

/* Orders blocks by offset for the overlap check. */
static int cs_h5w_cmp_block_(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Collective: gathers every rank's (offset, n_local, n_global, type) and
 * checks them all, so every rank reaches the same verdict.  Rank 0's
 * message names the offending rank. */
static int cs_h5w_check_blocks_(cs_h5w *w, const char *obj, cs_h5_type type, uint64_t n_global,
                                uint64_t offset, uint64_t n_local)
{
    int rc = CS_OK;
    uint64_t mine[4] = {offset, n_local, n_global, (uint64_t)type};
    uint64_t *all = malloc((size_t)w->size * sizeof mine);
    int ok = all != NULL, all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, w->comm);
    if (!all_ok) {
        rc = cs_h5i_werr(w, CS_ERR_NOMEM, obj, "out of memory");
        goto done;
    }
    MPI_Allgather(mine, 4, MPI_UINT64_T, all, 4, MPI_UINT64_T, w->comm);
    for (int r = 0; r < w->size; r++) {
        const uint64_t *b = all + 4 * (size_t)r;
        if (b[2] != all[2] || b[3] != all[3]) {
            rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj,
                             "rank %d: length or type differs from rank 0's", r);
            goto done;
        }
        if (b[1] > b[2] || b[0] > b[2] - b[1]) {
            rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj,
                             "rank %d: offset %llu + %llu elements exceeds the %llu", r,
                             (unsigned long long)b[0], (unsigned long long)b[1],
                             (unsigned long long)b[2]);
            goto done;
        }
    }
    qsort(all, (size_t)w->size, sizeof mine, cs_h5w_cmp_block_);
    uint64_t end = 0; /* of the non-empty blocks so far, in offset order */
    for (int r = 0; r < w->size; r++) {
        const uint64_t *b = all + 4 * (size_t)r;
        if (b[1] == 0) continue;
        if (b[0] < end) {
            rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj, "blocks of two ranks overlap at %llu",
                             (unsigned long long)b[0]);
            goto done;
        }
        end = b[0] + b[1];
    }
    if (!cs_h5_type_size(type))
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj, "invalid element type %d", (int)type);
done:
    free(all);
    return rc;
}

/* Chunked, shuffled and deflated layout for n elements of `esize` bytes.
 * Parallel HDF5 (1.10.2 and later) writes filtered datasets only with
 * collective transfers, which is what the writer uses; tested at 1, 2 and 3
 * ranks, some with no elements.  An empty dataset stays contiguous (a chunk
 * may not exceed fixed dimensions of 0), and so does every dataset of a
 * writer set plain. */
static int cs_h5w_dist_dcpl_(cs_h5w *w, const char *obj, uint64_t n, size_t esize, hid_t *dcpl)
{
    *dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (*dcpl < 0) return cs_h5i_wherr(w, obj, "cannot create dataset properties");
    if (n == 0 || w->plain) return CS_OK;
    uint64_t chunk = CS_H5_CHUNK_BYTES / esize;
    if (chunk > n) chunk = n;
    hsize_t c = chunk;
    if (H5Pset_chunk(*dcpl, 1, &c) < 0 || (esize > 1 && H5Pset_shuffle(*dcpl) < 0) ||
        (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 &&
         H5Pset_deflate(*dcpl, CS_H5_DEFLATE_LEVEL) < 0))
        return cs_h5i_wherr(w, obj, "cannot set chunking and compression");
    return CS_OK;
}

int cs_h5w_write_dist(cs_h5w *w, const char *path, cs_h5_type type, uint64_t n_global,
                      uint64_t offset, uint64_t n_local, const void *data, const char *unit,
                      const char *description)
{
    int rc = CS_OK;
    char *u = NULL, *d = NULL;
    hid_t dcpl = H5I_INVALID_HID;
    if (!w) return CS_ERR_INTERNAL;
    const char *obj = path ? path : "(null)";
    int rc_meta = cs_h5w_bcast_meta_(w, obj, unit, description, &u, &d);
    rc = cs_h5w_check_blocks_(w, obj, type, n_global, offset, n_local);
    if (rc == CS_OK) rc = cs_h5i_wcheck_path(w, path);
    if (rc == CS_OK && n_local > 0 && !data)
        rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj, "no data on rank %d", w->rank);
    if (rc == CS_OK) rc = rc_meta;
    CS_TRY(cs_h5i_agree(w, rc, obj));

    rc = cs_h5w_dist_dcpl_(w, path, n_global, cs_h5_type_size(type), &dcpl);
    rc = cs_h5i_agree(w, rc, obj); /* all ranks create the dataset, or none */
    if (rc == CS_OK) {
        cs_h5w_put p = {.ftype = cs_h5i_file_type(type), .mtype = cs_h5i_mem_type(type),
                        .ndims = 1, .dims = {n_global}, .dcpl = dcpl,
                        .sel = CS_H5W_SEL_RANGE, .start = offset, .count = n_local,
                        .buf = n_local ? data : NULL, .unit = u, .description = d};
        rc = cs_h5w_put_(w, path, &p);
    }
    rc = cs_h5i_agree(w, rc, path);
done:
    if (dcpl >= 0) H5Pclose(dcpl);
    free(u);
    free(d);
    return rc;
}

int cs_h5w_write_strings(cs_h5w *w, const char *path, size_t n, const char *const *strings,
                         const char *description)
{
    int rc = CS_OK;
    char *d = NULL, *block = NULL;
    hid_t t = H5I_INVALID_HID;
    if (!w) return CS_ERR_INTERNAL;
    const char *obj = path ? path : "(null)";
    /* Rank 0's count and longest length decide the shape everywhere. */
    uint64_t shape[2] = {n, 0};
    int bad = 0;
    if (w->rank == 0) {
        for (size_t i = 0; i < n && !bad; i++) {
            if (!strings || !strings[i]) bad = 1;
            else if (strlen(strings[i]) > shape[1]) shape[1] = strlen(strings[i]);
        }
    }
    MPI_Bcast(shape, 2, MPI_UINT64_T, 0, w->comm);
    rc = cs_h5i_bcast_str(w, obj, description, &d);
    if (rc == CS_OK) rc = cs_h5i_wcheck_path(w, path);
    if (rc == CS_OK && bad) rc = cs_h5i_werr(w, CS_ERR_INTERNAL, obj, "NULL string on rank 0");
    size_t width = (size_t)shape[1] + 1; /* NUL-terminated: friendly to C readers */
    if (rc == CS_OK && shape[0] > SIZE_MAX / width)
        rc = cs_h5i_werr(w, CS_ERR_LIMIT, obj, "too many strings");
    if (rc == CS_OK && w->rank == 0 && shape[0] > 0) {
        block = calloc((size_t)shape[0], width);
        if (!block) rc = cs_h5i_werr(w, CS_ERR_NOMEM, obj, "out of memory");
        for (size_t i = 0; block && i < n; i++)
            memcpy(block + i * width, strings[i], strlen(strings[i]));
    }
    CS_TRY(cs_h5i_agree(w, rc, obj));

    t = H5Tcopy(H5T_C_S1);
    if (t < 0 || H5Tset_size(t, width) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 ||
        H5Tset_cset(t, H5T_CSET_UTF8) < 0)
        rc = cs_h5i_wherr(w, obj, "cannot make a string type");
    rc = cs_h5i_agree(w, rc, obj); /* all ranks create the dataset, or none */
    if (rc == CS_OK) {
        cs_h5w_put p = {.ftype = t, .mtype = t, .ndims = 1, .dims = {shape[0]},
                        .dcpl = H5P_DEFAULT,
                        .sel = w->rank == 0 ? CS_H5W_SEL_ALL : CS_H5W_SEL_NONE,
                        .buf = block, .description = d};
        rc = cs_h5w_put_(w, path, &p);
    }
    rc = cs_h5i_agree(w, rc, obj);
done:
    if (t >= 0) H5Tclose(t);
    free(block);
    free(d);
    return rc;
}
