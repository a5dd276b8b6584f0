/* test_h5.c -- unit tests of the HDF5 results writer and reader.
 *
 * Run at 1, 2 and 3 MPI ranks (unit.h5, unit.h5.np2, unit.h5.np3): every
 * rank runs every test, so collective calls stay matched; assertions are
 * never fatal for the same reason.  Distributed writes use uneven blocks
 * and, from 2 ranks on, a rank with no elements.  Each test also checks
 * that no HDF5 identifier leaked (counted before and after: see ids_count).
 *
 * `test_h5 --sample FILE` writes one file with every kind of object, for
 * the h5py check (check_h5py.py) registered beside this test. */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs_h5.h"
#include "cs_status.h"
#include "cs_test.h"

/* The test process's MPI rank, size and shared temporary directory. */
static struct {
    int rank, size;
    char dir[256];
} T;

/* ---- helpers ---- */

static void tpath(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", T.dir, name);
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* cs_h5r_exists / cs_h5r_has_attr as 1 (present), 0 (absent) or their
 * negative status. */
static int there(cs_h5r *r, const char *path)
{
    int present = -100;
    int rc = cs_h5r_exists(r, path, &present);
    return rc < 0 ? rc : present;
}

static int has_attr(cs_h5r *r, const char *path, const char *name)
{
    int present = -100;
    int rc = cs_h5r_has_attr(r, path, name, &present);
    return rc < 0 ? rc : present;
}

/* A message sink whose text the test can read. */
typedef struct cap {
    cs_msg m;
    char *buf;
    size_t len;
} cap;

static void cap_open(cap *c)
{
    memset(c, 0, sizeof *c);
    c->m.stream = open_memstream(&c->buf, &c->len);
}

static void cap_close(cap *c);

static const char *cap_text(cap *c)
{
    fflush(c->m.stream);
    return c->buf ? c->buf : "";
}

/* Forgets what was reported so far. */
static void cap_reset(cap *c)
{
    cap_close(c);
    cap_open(c);
}

/* 1 if nothing was reported; else shows what was (and 0). */
static int no_msg(cap *c)
{
    const char *t = cap_text(c);
    if (t[0]) fprintf(stderr, "rank %d: unexpected message: %s", T.rank, t);
    return t[0] == '\0';
}

static void cap_close(cap *c)
{
    fclose(c->m.stream);
    free(c->buf);
}

/* Open HDF5 identifiers, to catch leaks: file-attached objects (files,
 * groups, datasets, attributes) through the public H5Fget_obj_count, and
 * dataspaces, datatypes and property lists through the library's internal
 * H5I_nmembers, which the public H5Inmembers refuses for library types.  It
 * is referenced weakly, and the check skipped where it is not exported (its
 * return type is int in some versions, int64_t in others: the low 32 bits
 * are right in both). */
extern int64_t H5I_nmembers(H5I_type_t type) __attribute__((weak));
static const H5I_type_t id_kinds[] = {H5I_DATASPACE, H5I_DATATYPE, H5I_GENPROP_LST};
#define N_ID_KINDS (1 + sizeof id_kinds / sizeof id_kinds[0])

static void ids_count(hsize_t out[N_ID_KINDS])
{
    out[0] = (hsize_t)H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL);
    for (size_t i = 1; i < N_ID_KINDS; i++)
        out[i] = H5I_nmembers ? (hsize_t)(int32_t)H5I_nmembers(id_kinds[i - 1]) : 0;
}

static void ids_same(const hsize_t before[N_ID_KINDS])
{
    static const char *names[N_ID_KINDS] = {"file objects", "dataspaces", "datatypes",
                                            "property lists"};
    hsize_t after[N_ID_KINDS];
    ids_count(after);
    for (size_t i = 0; i < N_ID_KINDS; i++) {
        if (after[i] != before[i])
            fprintf(stderr, "rank %d: HDF5 %s: %llu open before, %llu after\n", T.rank, names[i],
                    (unsigned long long)before[i], (unsigned long long)after[i]);
        CU_ASSERT_EQUAL(after[i], before[i]);
    }
}

/* Runs fn with fd 2 sent to a file; returns 1 if anything was written. */
static int wrote_stderr(void (*fn)(void *), void *arg)
{
    char path[300];
    tpath(path, sizeof path, "stderr.txt");
    char mine[320];
    snprintf(mine, sizeof mine, "%s.%d", path, T.rank);
    fflush(stderr);
    int saved = dup(2);
    int fd = open(mine, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
    fn(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    int wrote = stat(mine, &st) == 0 && st.st_size > 0;
    unlink(mine);
    return wrote;
}

/* Rank 0 writes a text file once every rank is done with the old one;
 * everyone waits. */
static void write_text(const char *path, const char *text)
{
    MPI_Barrier(MPI_COMM_WORLD);
    if (T.rank == 0) {
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(text, f);
            fclose(f);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

/* Rank 0 removes `path` (file, or directory tree); everyone waits. */
static void rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_tree(sub);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void rm_all(const char *path)
{
    MPI_Barrier(MPI_COMM_WORLD);
    if (T.rank == 0) rm_tree(path);
    MPI_Barrier(MPI_COMM_WORLD);
}

/* Elements per rank for distributed tests: uneven, and rank 1 has none. */
static uint64_t block_of(int r)
{
    return r == 1 ? 0 : 150000 + 777 * (uint64_t)r;
}

static void blocks(uint64_t *n_global, uint64_t *offset, uint64_t *n_local)
{
    *n_global = *offset = 0;
    for (int r = 0; r < T.size; r++) {
        if (r < T.rank) *offset += block_of(r);
        *n_global += block_of(r);
    }
    *n_local = block_of(T.rank);
}

/* Value of global id g as each element type, exactly representable. */
static void value_of(cs_h5_type t, uint64_t g, void *out)
{
    switch (t) {
    case CS_H5_I64: *(int64_t *)out = (int64_t)g * 1000003 - 7; break;
    case CS_H5_U64: *(uint64_t *)out = UINT64_MAX - g; break;
    case CS_H5_I32: *(int32_t *)out = (int32_t)g * 7 - 100000; break;
    case CS_H5_U32: *(uint32_t *)out = (uint32_t)g * 3u + 4000000000u; break;
    case CS_H5_U16: *(uint16_t *)out = (uint16_t)(g % 65521); break;
    case CS_H5_U8: *(uint8_t *)out = (uint8_t)(g % 251); break;
    case CS_H5_F64: *(double *)out = (double)g * 0.25 - 3.0; break;
    case CS_H5_F32: *(float *)out = (float)g * 0.5f; break;
    }
}

static const struct {
    cs_h5_type t;
    const char *name;
} types[] = {{CS_H5_I64, "i64"}, {CS_H5_U64, "u64"}, {CS_H5_I32, "i32"}, {CS_H5_U32, "u32"},
             {CS_H5_U16, "u16"}, {CS_H5_U8, "u8"},   {CS_H5_F64, "f64"}, {CS_H5_F32, "f32"}};
#define N_TYPES (sizeof types / sizeof types[0])

/* ---- tests ---- */

static void test_root_tables(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300];
    tpath(final, sizeof final, "root.h5");
    cap c;
    cap_open(&c);
    int64_t ti[3][4];
    double tf[2][5] = {{0.1, -0.0, 1e-300, 1e300, -2.5}, {INFINITY, -INFINITY, NAN, 3.0, 7.0}};
    uint8_t t4[2][3][1][2];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++) ti[i][j] = (int64_t)i * 1000 + j - 1500;
    ti[0][0] = INT64_MIN;
    ti[2][3] = INT64_MAX;
    for (int i = 0; i < 12; i++) (&t4[0][0][0][0])[i] = (uint8_t)(i * 21);
    int root = T.rank == 0;

    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        uint64_t d2[2] = {3, 4}, f2[2] = {2, 5}, d4[4] = {2, 3, 1, 2}, z1[1] = {0}, z2[2] = {3, 0};
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/arms/status_quo/summary/counts", CS_H5_I64, 2, d2,
                                          root ? (void *)ti : NULL, "persons",
                                          "people by stratum and state"),
                        CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/tables/f", CS_H5_F64, 2, f2, root ? tf : NULL,
                                          NULL, NULL),
                        CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/tables/u8_4d", CS_H5_U8, 4, d4,
                                          root ? (void *)t4 : NULL, "1", NULL),
                        CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/tables/empty", CS_H5_I32, 1, z1, NULL, NULL, "none"),
                        CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/tables/empty2", CS_H5_F32, 2, z2, NULL, NULL, NULL),
                        CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
        CU_ASSERT_PTR_NULL(w);
    }
    CU_ASSERT(no_msg(&c));

    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL(cs_h5r_open(final, &c.m, &r), CS_OK);
    if (r) {
        int nd = -1;
        uint64_t dims[4];
        int64_t bi[13] = {0};
        double bf[10], bc[12];
        uint8_t b4[12];
        CU_ASSERT_EQUAL(cs_h5r_dims(r, "/arms/status_quo/summary/counts", &nd, dims), CS_OK);
        CU_ASSERT(nd == 2 && dims[0] == 3 && dims[1] == 4 && dims[2] == 0);
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/summary/counts", CS_H5_I64, bi, 13),
                        CS_OK);
        CU_ASSERT(memcmp(bi, ti, sizeof ti) == 0);
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/tables/f", CS_H5_F64, bf, 10), CS_OK);
        CU_ASSERT(memcmp(bf, tf, sizeof tf) == 0); /* bit-exact, NaN and -0 included */
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/tables/u8_4d", CS_H5_U8, b4, 12), CS_OK);
        CU_ASSERT(memcmp(b4, t4, sizeof t4) == 0);
        CU_ASSERT_EQUAL(cs_h5r_dims(r, "/tables/u8_4d", &nd, dims), CS_OK);
        CU_ASSERT(nd == 4 && dims[0] == 2 && dims[1] == 3 && dims[2] == 1 && dims[3] == 2);
        /* conversion on read */
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/tables/u8_4d", CS_H5_F64, bc, 12), CS_OK);
        CU_ASSERT_EQUAL(bc[11], 231.0);
        CU_ASSERT_EQUAL(cs_h5r_dims(r, "/tables/empty", &nd, dims), CS_OK);
        CU_ASSERT(nd == 1 && dims[0] == 0);
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/tables/empty", CS_H5_I32, NULL, 0), CS_OK);
        CU_ASSERT_EQUAL(cs_h5r_dims(r, "/tables/empty2", &nd, dims), CS_OK);
        CU_ASSERT(nd == 2 && dims[0] == 3 && dims[1] == 0);
        char *s = NULL;
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/arms/status_quo/summary/counts", "unit", &s), CS_OK);
        CU_ASSERT(s && strcmp(s, "persons") == 0);
        free(s);
        s = NULL;
        CU_ASSERT_EQUAL(
            cs_h5r_attr_str(r, "/arms/status_quo/summary/counts", "description", &s), CS_OK);
        CU_ASSERT(s && strcmp(s, "people by stratum and state") == 0);
        free(s);
        s = NULL;
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/tables/empty", "description", &s), CS_OK);
        free(s);
        CU_ASSERT(no_msg(&c));
        s = NULL;
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/tables/f", "unit", &s), CS_ERR_FORMAT); /* skipped */
        CU_ASSERT_PTR_NULL(s);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "/tables/f: no attribute 'unit'"));
        cs_h5r_close(&r);
        CU_ASSERT_PTR_NULL(r);
    }
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static void test_dist(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300];
    tpath(final, sizeof final, "dist.h5");
    cap c;
    cap_open(&c);
    uint64_t n_global, offset, n_local;
    blocks(&n_global, &offset, &n_local);
    unsigned char *buf = malloc((n_local + 1) * 8);
    unsigned char *all = malloc((n_global + 16) * 8);
    unsigned char *want = malloc((n_global + 16) * 8);
    CU_ASSERT_FATAL(buf && all && want); /* same on every rank */

    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        for (size_t k = 0; k < N_TYPES; k++) {
            size_t es = cs_h5_type_size(types[k].t);
            for (uint64_t i = 0; i < n_local; i++) value_of(types[k].t, offset + i, buf + i * es);
            char path[64];
            snprintf(path, sizeof path, "/agents/%s", types[k].name);
            CU_ASSERT_EQUAL(cs_h5w_write_dist(w, path, types[k].t, n_global, offset, n_local,
                                              n_local ? buf : NULL, "1", "per-agent column"),
                            CS_OK);
        }
        /* smaller than one chunk, a rank with none (from 2 ranks), and one empty */
        int64_t one = 40 + T.rank;
        uint64_t small_n = (uint64_t)T.size - (T.size > 1), small_off = (uint64_t)T.rank;
        if (T.rank >= 1) small_off = (uint64_t)T.rank - 1;
        CU_ASSERT_EQUAL(cs_h5w_write_dist(w, "/agents/small", CS_H5_I64, small_n, small_off,
                                          T.rank == 1 ? 0 : 1, &one, NULL, NULL),
                        CS_OK);
        CU_ASSERT_EQUAL(
            cs_h5w_write_dist(w, "/agents/none", CS_H5_F64, 0, 0, 0, NULL, NULL, NULL), CS_OK);
        /* 10 trailing elements nobody writes read as 0 */
        for (uint64_t i = 0; i < n_local; i++) value_of(CS_H5_I64, offset + i, buf + i * 8);
        CU_ASSERT_EQUAL(cs_h5w_write_dist(w, "/agents/gappy", CS_H5_I64, n_global + 10, offset,
                                          n_local, buf, NULL, NULL),
                        CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
    }
    CU_ASSERT(no_msg(&c));

    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL(cs_h5r_open(final, &c.m, &r), CS_OK);
    if (r) {
        for (size_t k = 0; k < N_TYPES; k++) {
            size_t es = cs_h5_type_size(types[k].t);
            char path[64];
            snprintf(path, sizeof path, "/agents/%s", types[k].name);
            for (uint64_t g = 0; g < n_global; g++) value_of(types[k].t, g, want + g * es);
            memset(all, 0xAB, n_global * es);
            CU_ASSERT_EQUAL(cs_h5r_read(r, path, types[k].t, all, n_global), CS_OK);
            int same = memcmp(all, want, n_global * es) == 0;
            if (!same) fprintf(stderr, "rank %d: %s differs\n", T.rank, path);
            CU_ASSERT(same);
            char *u = NULL;
            CU_ASSERT_EQUAL(cs_h5r_attr_str(r, path, "unit", &u), CS_OK);
            CU_ASSERT(u && strcmp(u, "1") == 0);
            free(u);
        }
        int64_t small[4] = {0, 0, 0, 0};
        int nd;
        uint64_t dims[4];
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/agents/small", CS_H5_I64, small, 4), CS_OK);
        CU_ASSERT_EQUAL(small[0], 40);
        if (T.size == 3) CU_ASSERT(small[1] == 42 && small[2] == 0);
        CU_ASSERT_EQUAL(cs_h5r_dims(r, "/agents/none", &nd, dims), CS_OK);
        CU_ASSERT(nd == 1 && dims[0] == 0);
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/agents/gappy", CS_H5_I64, all, n_global + 10), CS_OK);
        int64_t *gi = (int64_t *)all;
        CU_ASSERT(gi[n_global - 1] == (int64_t)(n_global - 1) * 1000003 - 7);
        for (uint64_t g = n_global; g < n_global + 10; g++) CU_ASSERT_EQUAL(gi[g], 0);
        /* buffer one element short */
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/agents/i64", CS_H5_I64, all, n_global - 1),
                        CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "/agents/i64: has "));
        cs_h5r_close(&r);
    }

    /* The layout: chunked, shuffled and deflated, and actually smaller. */
    hid_t f = H5Fopen(final, H5F_ACC_RDONLY, H5P_DEFAULT);
    CU_ASSERT(f >= 0);
    if (f >= 0) {
        hid_t d = H5Dopen2(f, "/agents/i64", H5P_DEFAULT);
        hid_t p = H5Dget_create_plist(d);
        hsize_t chunk = 0;
        CU_ASSERT_EQUAL(H5Pget_layout(p), H5D_CHUNKED);
        CU_ASSERT_EQUAL(H5Pget_chunk(p, 1, &chunk), 1);
        CU_ASSERT_EQUAL(chunk, (hsize_t)131072);
        CU_ASSERT_EQUAL(H5Pget_nfilters(p), 2);
        unsigned flags, cd[4];
        size_t ncd = 4;
        CU_ASSERT_EQUAL(H5Pget_filter2(p, 1, &flags, &ncd, cd, 0, NULL, NULL), H5Z_FILTER_DEFLATE);
        CU_ASSERT(ncd >= 1 && cd[0] == 1);
        hsize_t stored = H5Dget_storage_size(d);
        if (T.rank == 0)
            printf("\n  /agents/i64: %llu elements, %llu bytes stored (%.1f%%)\n",
                   (unsigned long long)n_global, (unsigned long long)stored,
                   100.0 * (double)stored / (double)(n_global * 8));
        CU_ASSERT(stored > 0 && stored < n_global * 8 / 2);
        H5Pclose(p);
        H5Dclose(d);
        H5Fclose(f);
    }
    free(buf);
    free(all);
    free(want);
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static void test_attrs(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300];
    tpath(final, sizeof final, "attrs.h5");
    cap c;
    cap_open(&c);
    size_t big_n = 200000; /* more than an object header's 64 KiB */
    char *big = malloc(big_n + 1);
    CU_ASSERT_FATAL(big != NULL);
    for (size_t i = 0; i < big_n; i++) big[i] = (char)('a' + i % 26);
    big[big_n] = '\0';
    const char *utf8 = "Z\xc3\xbcrich \xe2\x80\x93 na\xc3\xafve \xe2\x82\xac";

    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        CU_ASSERT_EQUAL(cs_h5w_group(w, "/meta"), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/", "format", "crampsim-results"), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/meta", "version", "0.1.0"), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/meta", "version", "0.2.0"), CS_OK); /* replaces */
        CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/meta", "config", big), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/meta", "place", utf8), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/meta", "empty", ""), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_i64(w, "/meta", "ranks", T.size), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_i64(w, "/meta", "min", INT64_MIN), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_f64(w, "/meta", "wall_time", 12.5), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_f64(w, "/meta", "tiny", 4.9e-324), CS_OK);
        /* rank 0's value wins */
        CU_ASSERT_EQUAL(cs_h5w_attr_i64(w, "/meta", "seed", 1000 + T.rank), CS_OK);
        uint64_t d1[1] = {2};
        int32_t v[2] = {1, 2};
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/meta/x", CS_H5_I32, 1, d1, v, NULL, NULL), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_attr_f64(w, "/meta/x", "scale", -0.125), CS_OK);
        CU_ASSERT(no_msg(&c));
        /* an attribute on nothing fails alike on every rank; the writer goes on */
        CU_ASSERT_EQUAL(cs_h5w_attr_i64(w, "/nope", "n", 1), CS_ERR_INTERNAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "attrs.h5.partial: /nope: cannot write "
                                                    "attribute 'n': no such group or dataset"));
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
    }
    cap_reset(&c);

    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL(cs_h5r_open(final, &c.m, &r), CS_OK);
    if (r) {
        char *s = NULL;
        int64_t i = 0;
        double x = 0;
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/", "format", &s), CS_OK);
        CU_ASSERT(s && !strcmp(s, "crampsim-results"));
        free(s);
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/meta", "version", &s), CS_OK);
        CU_ASSERT(s && !strcmp(s, "0.2.0"));
        free(s);
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/meta", "config", &s), CS_OK);
        CU_ASSERT(s && !strcmp(s, big));
        free(s);
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/meta", "place", &s), CS_OK);
        CU_ASSERT(s && !strcmp(s, utf8));
        free(s);
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/meta", "empty", &s), CS_OK);
        CU_ASSERT(s && !strcmp(s, ""));
        free(s);
        CU_ASSERT_EQUAL(cs_h5r_attr_i64(r, "/meta", "ranks", &i), CS_OK);
        CU_ASSERT_EQUAL(i, T.size);
        CU_ASSERT_EQUAL(cs_h5r_attr_i64(r, "/meta", "min", &i), CS_OK);
        CU_ASSERT_EQUAL(i, INT64_MIN);
        CU_ASSERT_EQUAL(cs_h5r_attr_i64(r, "/meta", "seed", &i), CS_OK);
        CU_ASSERT_EQUAL(i, 1000);
        CU_ASSERT_EQUAL(cs_h5r_attr_f64(r, "/meta", "wall_time", &x), CS_OK);
        CU_ASSERT_EQUAL(x, 12.5);
        CU_ASSERT_EQUAL(cs_h5r_attr_f64(r, "/meta", "tiny", &x), CS_OK);
        CU_ASSERT_EQUAL(x, 4.9e-324);
        CU_ASSERT_EQUAL(cs_h5r_attr_f64(r, "/meta/x", "scale", &x), CS_OK);
        CU_ASSERT_EQUAL(x, -0.125);
        CU_ASSERT_EQUAL(has_attr(r, "/meta", "ranks"), 1);
        CU_ASSERT_EQUAL(has_attr(r, "/", "format"), 1);
        CU_ASSERT_EQUAL(has_attr(r, "/meta", "nope"), 0);
        CU_ASSERT_EQUAL(has_attr(r, "/gone/deeper", "nope"), 0);
        CU_ASSERT_EQUAL(cs_h5r_attr_f64(r, "/meta", "ranks", &x), CS_OK); /* int as double */
        CU_ASSERT_EQUAL(x, (double)T.size);
        CU_ASSERT(no_msg(&c));
        /* wrong kinds and missing ones */
        CU_ASSERT_EQUAL(cs_h5r_attr_i64(r, "/meta", "version", &i), CS_ERR_FORMAT);
        CU_ASSERT_EQUAL(cs_h5r_attr_i64(r, "/meta", "wall_time", &i), CS_ERR_FORMAT);
        CU_ASSERT_EQUAL(cs_h5r_attr_f64(r, "/meta", "version", &x), CS_ERR_FORMAT);
        s = NULL;
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/meta", "ranks", &s), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NULL(s);
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/meta", "nope", &s), CS_ERR_FORMAT);
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/gone/deeper", "nope", &s), CS_ERR_FORMAT);
        const char *t = cap_text(&c);
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "/meta: attribute 'version' is not an integer"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "/meta: attribute 'ranks' is not a string"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "attrs.h5: /meta: no attribute 'nope'"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "/gone/deeper: no such group or dataset"));
        cs_h5r_close(&r);
    }
    free(big);
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

/* Checkpoints' strings: fixed-length attributes, and a reader that refuses
 * a variable-length string before HDF5 reads it (no global heap). */
static void test_fixed_strings(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300];
    tpath(final, sizeof final, "fixed.h5");
    cap c;
    cap_open(&c);
    const char *utf8 = "Z\xc3\xbcrich \xe2\x82\xac", *labels[] = {"a", "bcd"};
    cs_h5w *w = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w), CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/", "vlen", "written before"), CS_OK);
    cs_h5w_set_fixed_strings(w, 1);
    CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/", "format", "crampsim-checkpoint"), CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/", "place", utf8), CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/", "empty", ""), CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_write_strings(w, "/labels", T.rank == 0 ? 2 : 0, T.rank == 0 ? labels : NULL, "names"),
                    CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
    CU_ASSERT(no_msg(&c));
    if (T.rank == 0) { /* the file's own types: fixed length, UTF-8 */
        hid_t f = H5Fopen(final, H5F_ACC_RDONLY, H5P_DEFAULT);
        hid_t a = H5Aopen_by_name(f, "/", "format", H5P_DEFAULT, H5P_DEFAULT), t = H5Aget_type(a);
        CU_ASSERT_EQUAL(H5Tis_variable_str(t), 0);
        CU_ASSERT_EQUAL(H5Tget_cset(t), H5T_CSET_UTF8);
        CU_ASSERT_EQUAL(H5Tget_size(t), strlen("crampsim-checkpoint") + 1);
        H5Tclose(t);
        H5Aclose(a);
        H5Fclose(f);
    }
    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL(cs_h5r_open(final, &c.m, &r), CS_OK);
    cs_h5r_set_fixed_strings(r);
    char *s = NULL, **got = NULL;
    size_t n = 0;
    const char *const want[][3] = {
        {"/", "format", "crampsim-checkpoint"}, {"/", "place", utf8}, {"/", "empty", ""}, {"/labels", "description", "names"}};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, want[k][0], want[k][1], &s), CS_OK);
        CU_ASSERT(s && !strcmp(s, want[k][2]));
        free(s);
        s = NULL;
    }
    CU_ASSERT_EQUAL(cs_h5r_read_strings(r, "/labels", &n, &got), CS_OK);
    CU_ASSERT(n == 2 && got && !strcmp(got[1], "bcd"));
    cs_h5r_free_strings(&got, n);
    CU_ASSERT(no_msg(&c));
    s = NULL;
    CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/", "vlen", &s), CS_ERR_FORMAT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "fixed.h5: /: attribute 'vlen' is a variable-length string"));
    cs_h5r_close(&r);
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static void test_strings(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300];
    tpath(final, sizeof final, "strings.h5");
    cap c;
    cap_open(&c);
    const char *names[] = {"status_quo", "", ("treat-all (\xe2\x82\xac" "5)"), "a longer label here"};
    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        int root = T.rank == 0;
        CU_ASSERT_EQUAL(cs_h5w_write_strings(w, "/arms/names", root ? 4 : 0, root ? names : NULL,
                                             "arm names in run order"),
                        CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_write_strings(w, "/empty_names", 0, NULL, NULL), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
    }
    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL(cs_h5r_open(final, &c.m, &r), CS_OK);
    if (r) {
        size_t n = 0;
        char **s = NULL;
        CU_ASSERT_EQUAL(cs_h5r_read_strings(r, "/arms/names", &n, &s), CS_OK);
        CU_ASSERT_EQUAL(n, 4);
        for (size_t i = 0; s && i < 4 && i < n; i++) CU_ASSERT_STRING_EQUAL(s[i], names[i]);
        for (size_t i = 0; s && i < n; i++) free(s[i]); /* strings one by one, then the array */
        free(s);
        char *d = NULL;
        CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/arms/names", "description", &d), CS_OK);
        CU_ASSERT(d && !strcmp(d, "arm names in run order"));
        free(d);
        s = NULL;
        CU_ASSERT_EQUAL(cs_h5r_read_strings(r, "/empty_names", &n, &s), CS_OK);
        CU_ASSERT(n == 0 && s == NULL);
        CU_ASSERT_EQUAL(cs_h5r_read_strings(r, "/arms/names", &n, &s), CS_OK);
        cs_h5r_free_strings(&s, n);
        CU_ASSERT_PTR_NULL(s);
        cs_h5r_free_strings(&s, n);
        cs_h5r_free_strings(NULL, 0);
        int nd;
        uint64_t dims[4];
        CU_ASSERT_EQUAL(cs_h5r_dims(r, "/arms/names", &nd, dims), CS_OK);
        CU_ASSERT(nd == 1 && dims[0] == 4);
        CU_ASSERT(no_msg(&c));
        double x[4];
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/names", CS_H5_F64, x, 4), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "/arms/names: not a numeric dataset"));
        cs_h5r_close(&r);
    }
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static int collect(const char *name, int is_group, void *ctx)
{
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 256 - len, "%s%s;", name, is_group ? "/" : "");
    return 0;
}

static int stop_at_b(const char *name, int is_group, void *ctx)
{
    (void)is_group;
    (*(int *)ctx)++;
    return strcmp(name, "b") == 0 ? 7 : 0;
}

static void test_groups_list(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300];
    tpath(final, sizeof final, "groups.h5");
    cap c;
    cap_open(&c);
    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        uint64_t d1[1] = {1};
        double v = 1.0;
        CU_ASSERT_EQUAL(cs_h5w_group(w, "/arms/status_quo/timeseries"), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_group(w, "/arms/status_quo/timeseries"), CS_OK); /* exists */
        CU_ASSERT_EQUAL(cs_h5w_group(w, "/arms/b"), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_group(w, "/"), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/arms/a_table", CS_H5_F64, 1, d1, &v, NULL, NULL),
                        CS_OK);
        CU_ASSERT(no_msg(&c));
        CU_ASSERT_EQUAL(cs_h5w_group(w, "/arms/a_table"), CS_ERR_INTERNAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "/arms/a_table: exists and is not a group"));
        CU_ASSERT_EQUAL(cs_h5w_group(w, "/arms/a_table/sub/deeper"), CS_ERR_INTERNAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "/arms/a_table/sub/deeper: cannot create "
                                                    "group: /arms/a_table is not a group"));
        CU_ASSERT_EQUAL(cs_h5w_group(w, "arms//x/"), CS_ERR_INTERNAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "arms//x/: not an absolute HDF5 path"));
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
    }
    cap_reset(&c);
    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL(cs_h5r_open(final, &c.m, &r), CS_OK);
    if (r) {
        char got[256] = "";
        CU_ASSERT_EQUAL(cs_h5r_list(r, "/arms", collect, got), CS_OK);
        CU_ASSERT_STRING_EQUAL(got, "a_table;b/;status_quo/;");
        got[0] = '\0';
        CU_ASSERT_EQUAL(cs_h5r_list(r, "/", collect, got), CS_OK);
        CU_ASSERT_STRING_EQUAL(got, "arms/;");
        int calls = 0;
        CU_ASSERT_EQUAL(cs_h5r_list(r, "/arms", stop_at_b, &calls), 7);
        CU_ASSERT_EQUAL(calls, 2);
        CU_ASSERT_EQUAL(there(r, "/arms/status_quo/timeseries"), 1);
        CU_ASSERT_EQUAL(there(r, "/arms/a_table"), 1);
        CU_ASSERT_EQUAL(there(r, "/"), 1);
        CU_ASSERT_EQUAL(there(r, "/arms/nope/deeper"), 0);
        CU_ASSERT_EQUAL(there(r, "/arms/a_table/x"), 0);
        CU_ASSERT_EQUAL(there(r, "arms"), 0);
        CU_ASSERT_EQUAL(there(r, "/arms//b"), 0);
        CU_ASSERT(no_msg(&c));
        CU_ASSERT_EQUAL(cs_h5r_list(r, "/arms/a_table", collect, got), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "/arms/a_table: not a group"));
        CU_ASSERT_EQUAL(cs_h5r_list(r, "/none", collect, got), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "/none: no such group"));
        cs_h5r_close(&r);
    }
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static void test_commit_replaces(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300], partial[320];
    tpath(final, sizeof final, "commit.h5");
    snprintf(partial, sizeof partial, "%s.partial", final);
    write_text(final, "an old results file\n");
    write_text(partial, "a stale partial file from a killed run\n");
    cap c;
    cap_open(&c);
    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        CU_ASSERT_STRING_EQUAL(cs_h5w_partial_path(w), partial);
        CU_ASSERT_EQUAL(cs_h5w_attr_str(w, "/", "format", "crampsim-results"), CS_OK);
        MPI_Barrier(MPI_COMM_WORLD);
        CU_ASSERT(exists(partial));
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
        CU_ASSERT_PTR_NULL(w);
    }
    CU_ASSERT(exists(final));
    CU_ASSERT(!exists(partial));
    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL(cs_h5r_open(final, &c.m, &r), CS_OK);
    char *s = NULL;
    if (r) CU_ASSERT_EQUAL(cs_h5r_attr_str(r, "/", "format", &s), CS_OK);
    CU_ASSERT(s && !strcmp(s, "crampsim-results"));
    free(s);
    cs_h5r_close(&r);
    CU_ASSERT(no_msg(&c));
    CU_ASSERT_EQUAL(cs_h5w_commit(NULL), CS_ERR_INTERNAL);
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static void test_commit_fails(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300], partial[320];
    tpath(final, sizeof final, "taken.h5");
    snprintf(partial, sizeof partial, "%s.partial", final);
    cap c;
    cap_open(&c);
    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        /* a directory takes the final name while the run writes */
        if (T.rank == 0) mkdir(final, 0755);
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_ERR_IO);
        CU_ASSERT_PTR_NULL(w);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "taken.h5.partial: cannot rename to '"));
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "taken.h5': Is a directory"));
    }
    MPI_Barrier(MPI_COMM_WORLD);
    CU_ASSERT(!exists(partial));
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static void test_abort(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char final[300], partial[320];
    tpath(final, sizeof final, "abort.h5");
    snprintf(partial, sizeof partial, "%s.partial", final);
    cap c;
    cap_open(&c);
    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc == CS_OK) {
        uint64_t n_global, offset, n_local;
        blocks(&n_global, &offset, &n_local);
        double *v = calloc(n_local + 1, sizeof *v);
        CU_ASSERT_EQUAL(cs_h5w_write_dist(w, "/agents/x", CS_H5_F64, n_global, offset, n_local, v,
                                          NULL, NULL),
                        CS_OK);
        free(v);
        cs_h5w_abort(&w);
        CU_ASSERT_PTR_NULL(w);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    CU_ASSERT(!exists(final));
    CU_ASSERT(!exists(partial));
    /* an existing final file is left alone by an aborted rewrite */
    write_text(final, "previous run\n");
    rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    cs_h5w_abort(&w);
    MPI_Barrier(MPI_COMM_WORLD);
    CU_ASSERT(exists(final));
    CU_ASSERT(!exists(partial));
    cs_h5w_abort(&w);
    cs_h5w_abort(NULL);
    CU_ASSERT(no_msg(&c));
    cap_close(&c);
    rm_all(final);
    ids_same(ids);
}

static void test_create_errors(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    char nodir[300], final[400], plain[300], adir[300];
    tpath(nodir, sizeof nodir, "nodir");
    tpath(plain, sizeof plain, "plain.txt");
    tpath(adir, sizeof adir, "adir");
    cap c;
    cap_open(&c);
    cs_h5w *w = NULL;

    /* a directory that does not exist */
    snprintf(final, sizeof final, "%s/run.h5", nodir);
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_ERR_IO);
    CU_ASSERT_PTR_NULL(w);
    const char *t = cap_text(&c);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "nodir/run.h5.partial: cannot create file: "
                                     "No such file or directory"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "nodir' does not exist"));
    CU_ASSERT(!exists(nodir));

    /* a "directory" that is a regular file (root can write anywhere else) */
    write_text(plain, "not a directory\n");
    snprintf(final, sizeof final, "%s/run.h5", plain);
    rc = cs_h5w_create(final, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_ERR_IO);
    CU_ASSERT_PTR_NULL(w);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "plain.txt/run.h5.partial: cannot create file: "
                                                "Not a directory"));

    /* the final name is a directory */
    if (T.rank == 0) mkdir(adir, 0755);
    MPI_Barrier(MPI_COMM_WORLD);
    rc = cs_h5w_create(adir, MPI_COMM_WORLD, &c.m, &w);
    CU_ASSERT_EQUAL(rc, CS_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "adir: cannot write results: it is a directory"));
    snprintf(final, sizeof final, "%s.partial", adir);
    CU_ASSERT(!exists(final));
    CU_ASSERT_EQUAL(c.m.errors, 3);

    cap_close(&c);
    rm_all(plain);
    rm_all(adir);
    ids_same(ids);
}

static void write_errors(void *arg)
{
    cap *c = arg;
    char final[300];
    tpath(final, sizeof final, "werr.h5");
    cs_h5w *w = NULL;
    int rc = cs_h5w_create(final, MPI_COMM_WORLD, &c->m, &w);
    CU_ASSERT_EQUAL(rc, CS_OK);
    if (rc != CS_OK) return;
    int64_t v[10] = {0};
    uint64_t d1[1] = {8}, d5[5] = {1, 1, 1, 1, 1};
    /* overlapping blocks (from 2 ranks), or a block past the end */
    uint64_t n_global = 4 * (uint64_t)T.size, off = T.rank == 1 ? 2 : 4 * (uint64_t)T.rank;
    if (T.size == 1) n_global = 3;
    CU_ASSERT_EQUAL(cs_h5w_write_dist(w, "/bad", CS_H5_I64, n_global, off, 4, v, NULL, NULL),
                    CS_ERR_INTERNAL);
    if (T.size == 1)
        CU_ASSERT_PTR_NOT_NULL(
            strstr(cap_text(c), "/bad: rank 0: offset 0 + 4 elements exceeds the 3"));
    if (T.size > 1)
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "/bad: blocks of two ranks overlap at 2"));
    /* an empty block between two that overlap does not hide them */
    if (T.size == 3) {
        const uint64_t o[3] = {0, 5, 8}, n[3] = {10, 0, 4};
        CU_ASSERT_EQUAL(cs_h5w_write_dist(w, "/bad", CS_H5_I64, 12, o[T.rank], n[T.rank], v, NULL,
                                          NULL),
                        CS_ERR_INTERNAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "/bad: blocks of two ranks overlap at 8"));
    }
    /* lengths that differ between ranks */
    CU_ASSERT_EQUAL(cs_h5w_write_dist(w, "/bad", CS_H5_I64, 10 + (uint64_t)T.rank, 0,
                                      T.rank == 0 ? 1 : 0, v, NULL, NULL),
                    T.size > 1 ? CS_ERR_INTERNAL : CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/t", CS_H5_I64, 1, d1, v, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/t", CS_H5_I64, 1, d1, v, NULL, NULL), CS_ERR_INTERNAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "werr.h5.partial: /t: cannot create dataset: "
                                               "it already exists"));
    CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/t5", CS_H5_I64, 5, d5, v, NULL, NULL),
                    CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/t/sub", CS_H5_I64, 1, d1, v, NULL, NULL),
                    CS_ERR_INTERNAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "/t/sub: cannot create dataset: /t is not a group"));
    /* rank 0 without data */
    CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/t0", CS_H5_I64, 1, d1, NULL, NULL, NULL),
                    CS_ERR_INTERNAL);
    if (T.rank > 0) {
        char want[64];
        snprintf(want, sizeof want, "rank 0 of %d: ", T.size);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), want));
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "/t0: no data on rank 0"));
    }
    cs_h5w_abort(&w);
    MPI_Barrier(MPI_COMM_WORLD);
    CU_ASSERT(!exists(final));
    snprintf(final + strlen(final), sizeof final - strlen(final), ".partial");
    CU_ASSERT(!exists(final));
}

static void test_write_errors(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    cap c;
    cap_open(&c);
    CU_ASSERT(!wrote_stderr(write_errors, &c)); /* no HDF5 error stack */
    cap_close(&c);
    ids_same(ids);
}

static void reader_errors(void *arg)
{
    cap *c = arg;
    char path[300];
    cs_h5r *r = NULL;
    tpath(path, sizeof path, "missing.h5");
    CU_ASSERT_EQUAL(cs_h5r_open(path, &c->m, &r), CS_ERR_IO);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "missing.h5: no such file\n"));

    tpath(path, sizeof path, "text.h5");
    write_text(path, "this is not HDF5\n");
    CU_ASSERT_EQUAL(cs_h5r_open(path, &c->m, &r), CS_ERR_FORMAT);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "text.h5: not an HDF5 file\n"));
    rm_all(path);

    tpath(path, sizeof path, "empty.h5");
    write_text(path, "");
    CU_ASSERT_EQUAL(cs_h5r_open(path, &c->m, &r), CS_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "empty.h5: not an HDF5 file\n"));
    rm_all(path);

    /* an HDF5 signature, then nothing */
    tpath(path, sizeof path, "cut.h5");
    write_text(path, "\x89HDF\r\n\x1a\n");
    CU_ASSERT_EQUAL(cs_h5r_open(path, &c->m, &r), CS_ERR_HDF5);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "cut.h5: cannot open HDF5 file (HDF5: "));
    rm_all(path);

    CU_ASSERT_EQUAL(cs_h5r_open(T.dir, &c->m, &r), CS_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), ": is a directory, not an HDF5 file"));

    /* missing objects in a good file */
    tpath(path, sizeof path, "good.h5");
    cs_h5w *w = NULL;
    int64_t v[3] = {1, 2, 3};
    uint64_t d1[1] = {3};
    if (cs_h5w_create(path, MPI_COMM_WORLD, &c->m, &w) == CS_OK) {
        CU_ASSERT_EQUAL(cs_h5w_write_root(w, "/g/t", CS_H5_I64, 1, d1, v, NULL, NULL), CS_OK);
        CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
    }
    CU_ASSERT_EQUAL(cs_h5r_open(path, &c->m, &r), CS_OK);
    if (r) {
        int64_t b[3];
        int nd;
        uint64_t dims[4];
        size_t n;
        char **s;
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/nope/x", CS_H5_I64, b, 3), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "good.h5: /nope/x: no such dataset\n"));
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/g", CS_H5_I64, b, 3), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "good.h5: /g: not a dataset\n"));
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/g/t/x", CS_H5_I64, b, 3), CS_ERR_FORMAT);
        CU_ASSERT_EQUAL(cs_h5r_dims(r, "/g/u", &nd, dims), CS_ERR_FORMAT);
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/g/t", CS_H5_I64, b, 2), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "/g/t: has 3 elements, more than the 2"));
        CU_ASSERT_EQUAL(cs_h5r_read_strings(r, "/g/t", &n, &s), CS_ERR_FORMAT);
        CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(c), "/g/t: not a string dataset"));
        CU_ASSERT_EQUAL(cs_h5r_read(r, "/g/t", CS_H5_I64, b, 3), CS_OK);
        CU_ASSERT(b[0] == 1 && b[2] == 3);
        cs_h5r_close(&r);
    }
    rm_all(path);
    cs_h5r_close(&r);
    cs_h5r_close(NULL);
}

static void test_reader_errors(void)
{
    hsize_t ids[N_ID_KINDS];
    ids_count(ids);
    cap c;
    cap_open(&c);
    CU_ASSERT(!wrote_stderr(reader_errors, &c)); /* no HDF5 error stack */
    cap_close(&c);
    ids_same(ids);
}

/* A damaged file can declare a shape whose element count wraps around 64
 * bits (2^62 + 1 by 4 "is" 4 elements, chunked and never written, so the
 * file is small): the reader refuses it instead of reading it into a
 * buffer of 4 (found while fuzzing, docs/reliability.md). */
static void test_wrapping_shape(void)
{
    if (T.rank != 0) return;
    char path[4096];
    tpath(path, sizeof path, "wrapping.h5");
    hsize_t dims[2] = {((hsize_t)1 << 62) + 1, 4}, chunk[2] = {4, 4};
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t space = H5Screate_simple(2, dims, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CU_ASSERT_FATAL(f >= 0 && space >= 0 && dcpl >= 0 && H5Pset_chunk(dcpl, 2, chunk) >= 0);
    hid_t d = H5Dcreate2(f, "/x", H5T_STD_I64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CU_ASSERT_FATAL(d >= 0);
    H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Fclose(f);
    cs_msg m = {.stream = NULL, .quiet = 1};
    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_h5r_open(path, &m, &r), CS_OK);
    int64_t buf[4] = {0, 0, 0, 0};
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/x", CS_H5_I64, buf, 4), CS_ERR_FORMAT);
    CU_ASSERT_EQUAL(m.errors, 1);
    cs_h5r_close(&r);
    unlink(path);
}

/* A look-up that fails is an error, never "absent" (docs/reliability.md,
 * "Fault injection"): a file whose group /g/sub has its object header
 * overwritten still has the link to it, but HDF5 cannot read the object.
 * cs_h5r_exists and cs_h5r_has_attr fail with CS_ERR_HDF5 and a message
 * naming the file and the object, as does listing /g; a dangling soft link
 * and a missing object stay "absent", without a message. */
static void test_lookup_fails(void)
{
    if (T.rank != 0) return;
    char path[4096];
    tpath(path, sizeof path, "damaged.h5");
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    hid_t g = H5Gcreate2(f, "/g", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t sub = H5Gcreate2(f, "/g/sub", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CU_ASSERT_FATAL(g >= 0 && sub >= 0);
    CU_ASSERT_FATAL(H5Lcreate_soft("/nowhere", f, "/g/dangling", H5P_DEFAULT, H5P_DEFAULT) >= 0);
    H5O_info_t info;
    CU_ASSERT_FATAL(H5Oget_info2(sub, &info, H5O_INFO_BASIC) >= 0);
    H5Gclose(sub);
    H5Gclose(g);
    H5Fclose(f);
    /* the object header (version 1 by default: its first byte is the
     * version) becomes garbage */
    FILE *fp = fopen(path, "r+b");
    CU_ASSERT_FATAL(fp != NULL);
    unsigned char junk[16];
    memset(junk, 0xEE, sizeof junk);
    CU_ASSERT(fseek(fp, (long)info.addr, SEEK_SET) == 0 && fwrite(junk, 1, sizeof junk, fp) == sizeof junk);
    fclose(fp);

    cap c;
    cap_open(&c);
    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_h5r_open(path, &c.m, &r), CS_OK);
    CU_ASSERT_EQUAL(there(r, "/g"), 1);
    CU_ASSERT_EQUAL(there(r, "/g/nope"), 0);
    CU_ASSERT_EQUAL(there(r, "/g/dangling"), 0);
    CU_ASSERT_EQUAL(has_attr(r, "/g/dangling", "unit"), 0);
    CU_ASSERT(no_msg(&c));
    CU_ASSERT_EQUAL(there(r, "/g/sub"), CS_ERR_HDF5);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "damaged.h5: /g/sub: cannot look up object"));
    cap_reset(&c);
    CU_ASSERT_EQUAL(there(r, "/g/sub/deeper"), CS_ERR_HDF5);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "damaged.h5: /g/sub/deeper: cannot look up object"));
    cap_reset(&c);
    CU_ASSERT_EQUAL(has_attr(r, "/g/sub", "unit"), CS_ERR_HDF5);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "damaged.h5: /g/sub: cannot look up object"));
    cap_reset(&c);
    char got[256] = "";
    CU_ASSERT_EQUAL(cs_h5r_list(r, "/g", collect, got), CS_ERR_HDF5);
    CU_ASSERT_PTR_NOT_NULL(strstr(cap_text(&c), "damaged.h5: /g/sub: cannot look up object"));
    CU_ASSERT_EQUAL(there(NULL, "/g"), CS_ERR_INTERNAL);
    cs_h5r_close(&r);
    cap_close(&c);
    unlink(path);
}

/* ---- the sample file for the h5py check ---- */

static int write_sample(const char *final)
{
    cs_msg m = {.stream = NULL, .quiet = T.rank != 0};
    cs_h5w *w = NULL;
    int rc = CS_OK;
    uint64_t n_global, offset, n_local;
    blocks(&n_global, &offset, &n_local);
    int64_t *ids = malloc((n_local + 1) * sizeof *ids);
    float *risk = malloc((n_local + 1) * sizeof *risk);
    if (!ids || !risk) rc = CS_ERR_NOMEM;
    for (uint64_t i = 0; ids && risk && i < n_local; i++) {
        value_of(CS_H5_I64, offset + i, &ids[i]);
        value_of(CS_H5_F32, offset + i, &risk[i]);
    }
    const int64_t counts[2][3] = {{1, 2, 3}, {4, 5, -6}};
    const double rates[3] = {0.5, 0.25, 0.125};
    const uint64_t d2[2] = {2, 3}, d1[1] = {3};
    const char *arms[] = {"status_quo", "treat-all (\xe2\x82\xac" "5)"};
    CS_TRY(rc);
    CS_TRY(cs_h5w_create(final, MPI_COMM_WORLD, &m, &w));
    CS_TRY(cs_h5w_group(w, "/meta"));
    CS_TRY(cs_h5w_attr_str(w, "/", "format", "crampsim-results"));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "place", "Z\xc3\xbcrich"));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "ranks", T.size));
    CS_TRY(cs_h5w_attr_f64(w, "/meta", "wall_time", 12.5));
    CS_TRY(cs_h5w_write_root(w, "/arms/status_quo/summary/counts", CS_H5_I64, 2, d2, counts,
                             "persons", "people by stratum and state"));
    CS_TRY(cs_h5w_write_root(w, "/arms/status_quo/timeseries/rate", CS_H5_F64, 1, d1, rates,
                             "1/night", NULL));
    CS_TRY(cs_h5w_write_strings(w, "/arms/names", 2, arms, "arm names"));
    CS_TRY(cs_h5w_write_dist(w, "/agents/id", CS_H5_I64, n_global, offset, n_local, ids, "1",
                             "global id"));
    CS_TRY(cs_h5w_write_dist(w, "/agents/risk", CS_H5_F32, n_global, offset, n_local, risk, NULL,
                             NULL));
    CS_TRY(cs_h5w_commit(&w));
done:
    cs_h5w_abort(&w);
    free(ids);
    free(risk);
    return rc;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &T.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &T.size);
    if (argc == 3 && strcmp(argv[1], "--sample") == 0) {
        int rc = write_sample(argv[2]);
        MPI_Finalize();
        return rc == CS_OK ? 0 : 1;
    }
    if (T.rank == 0) snprintf(T.dir, sizeof T.dir, "%s", cs_test_tmpdir());
    MPI_Bcast(T.dir, sizeof T.dir, MPI_CHAR, 0, MPI_COMM_WORLD);

    static const cs_test_case cases[] = {
        {"root-written tables read back exactly", test_root_tables},
        {"distributed datasets, uneven blocks, read back exactly", test_dist},
        {"attributes round-trip", test_attrs},
        {"string datasets", test_strings},
        {"fixed-length string attributes; variable-length refused unread", test_fixed_strings},
        {"groups, listing and existence", test_groups_list},
        {"commit renames, replaces and leaves no partial", test_commit_replaces},
        {"a failed commit leaves no partial", test_commit_fails},
        {"abort leaves no file", test_abort},
        {"create fails cleanly in a bad directory", test_create_errors},
        {"write errors agree on all ranks", test_write_errors},
        {"reader errors", test_reader_errors},
        {"a shape whose element count wraps is refused", test_wrapping_shape},
        {"a failed look-up is an error, not an absence", test_lookup_fails},
        {NULL, NULL},
    };
    int failed = cs_test_run("h5", cases) != 0, any_failed = 0;
    MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (T.rank == 0) {
        if (any_failed) fprintf(stderr, "test_h5: keeping %s\n", T.dir);
        else rm_tree(T.dir);
    }
    MPI_Finalize();
    return any_failed;
}
