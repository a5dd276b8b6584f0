/* test_roundtrip.c -- a whole run through the run layer (cs_run_main), read
 * back with the HDF5 reader: the file holds what the run computed, its
 * counts obey the model's accounting identities, and bad input leaves no
 * file.  Runs at any MPI size (registered at 1 and 2 ranks). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_h5.h"
#include "cs_run.h"
#include "cs_status.h"
#include "cs_test.h"

#define N_AGENTS 20000
#define N_NIGHTS 120
#define N_STRATA 90

static char dir[256];

/* rank 0 makes the directory; every rank uses its name */
static void make_dir_(void)
{
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0) snprintf(dir, sizeof dir, "%s", cs_test_tmpdir());
    MPI_Bcast(dir, sizeof dir, MPI_CHAR, 0, MPI_COMM_WORLD);
}

static int run_(const char *out, const char *const *sets, size_t n_sets)
{
    cs_msg msg = {.stream = NULL, .quiet = 1};
    cs_run_opts o = {.config = cs_test_source_path("configs/default.yaml"), .output = out, .sets = sets,
                     .n_sets = n_sets, .threads = 2, .quiet = 1, .point = -1};
    return cs_run_main(&o, MPI_COMM_WORLD, &msg);
}

static int64_t sum_(const int64_t *v, size_t n)
{
    int64_t s = 0;
    for (size_t k = 0; k < n; k++) s += v[k];
    return s;
}

static void test_run_writes_a_complete_consistent_file(void)
{
    char out[512], partial[600];
    snprintf(out, sizeof out, "%s/roundtrip.h5", dir);
    snprintf(partial, sizeof partial, "%s.partial", out);
    /* nobody dies, so every cramp night stays with an agent to the end */
    static const char *const sets[] = {"population.size=20000", "horizon.nights=120", "replicates=2",
                                       "output.series=daily", "output.agents=true",
                                       "demography.mortality_makeham=0", "demography.mortality_gompertz_male=0",
                                       "demography.mortality_gompertz_female=0"};
    CU_ASSERT_EQUAL_FATAL(run_(out, sets, 8), CS_OK);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank != 0) return;
    CU_ASSERT_EQUAL(access(partial, F_OK), -1);
    cs_msg msg = {0};
    cs_h5r *r = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_h5r_open(out, &msg, &r), CS_OK);
    int64_t v = 0;
    CU_ASSERT_EQUAL(cs_h5r_attr_i64(r, "/meta", "population_size", &v), CS_OK);
    CU_ASSERT_EQUAL(v, N_AGENTS);
    CU_ASSERT_EQUAL(cs_h5r_attr_i64(r, "/meta", "nights", &v), CS_OK);
    CU_ASSERT_EQUAL(v, N_NIGHTS);

    /* person-nights: every agent every night, in every replicate and period */
    static int64_t pn[2 * N_NIGHTS * N_STRATA], cramps[2 * N_NIGHTS * N_STRATA], nights[2 * N_NIGHTS * N_STRATA],
        calf[2 * N_NIGHTS * N_STRATA], thigh[2 * N_NIGHTS * N_STRATA], foot[2 * N_NIGHTS * N_STRATA];
    int nd = 0;
    uint64_t dims[4];
    CU_ASSERT_EQUAL_FATAL(cs_h5r_dims(r, "/arms/status_quo/timeseries/person_nights", &nd, dims), CS_OK);
    CU_ASSERT_EQUAL(nd, 3);
    CU_ASSERT_EQUAL(dims[0], 2);
    CU_ASSERT_EQUAL(dims[1], N_NIGHTS);
    CU_ASSERT_EQUAL(dims[2], N_STRATA);
    const size_t n = 2 * N_NIGHTS * N_STRATA;
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/timeseries/person_nights", CS_H5_I64, pn, n), CS_OK);
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/timeseries/cramps", CS_H5_I64, cramps, n), CS_OK);
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/timeseries/cramp_nights", CS_H5_I64, nights, n), CS_OK);
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/timeseries/cramps_calf", CS_H5_I64, calf, n), CS_OK);
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/timeseries/cramps_thigh", CS_H5_I64, thigh, n), CS_OK);
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/timeseries/cramps_foot", CS_H5_I64, foot, n), CS_OK);
    for (size_t p = 0; p < 2 * N_NIGHTS; p++) CU_ASSERT_EQUAL(sum_(pn + p * N_STRATA, N_STRATA), N_AGENTS);
    for (size_t k = 0; k < n; k++) {
        CU_ASSERT(cramps[k] >= nights[k]);
        CU_ASSERT_EQUAL(calf[k] + thigh[k] + foot[k], cramps[k]);
    }
    CU_ASSERT(sum_(cramps, n) > 0);

    /* the survey: every agent in exactly one frequency class */
    static int64_t freq[2 * N_STRATA * 6];
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/summary/frequency", CS_H5_I64, freq, 2 * N_STRATA * 6), CS_OK);
    CU_ASSERT_EQUAL(sum_(freq, N_STRATA * 6), N_AGENTS);
    CU_ASSERT_EQUAL(sum_(freq + N_STRATA * 6, N_STRATA * 6), N_AGENTS);

    /* per-agent cramp nights of replicate 1 add up to the series (the survey
     * window covers the whole 120-night run) */
    static uint16_t win[N_AGENTS];
    CU_ASSERT_EQUAL(cs_h5r_read(r, "/arms/status_quo/agents/replicate_1/win_nights", CS_H5_U16, win, N_AGENTS), CS_OK);
    int64_t per_agent = 0;
    for (size_t i = 0; i < N_AGENTS; i++) per_agent += win[i];
    CU_ASSERT_EQUAL(per_agent, sum_(nights + N_NIGHTS * N_STRATA, N_NIGHTS * N_STRATA));
    cs_h5r_close(&r);
}

static void test_bad_config_writes_no_file(void)
{
    char out[512], partial[600];
    snprintf(out, sizeof out, "%s/never.h5", dir);
    snprintf(partial, sizeof partial, "%s.partial", out);
    static const char *const sets[] = {"population.size=0"};
    CU_ASSERT_EQUAL(run_(out, sets, 1), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(access(out, F_OK), -1);
    CU_ASSERT_EQUAL(access(partial, F_OK), -1);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    make_dir_();
    static const cs_test_case cases[] = {
        {"run writes a complete, consistent file", test_run_writes_a_complete_consistent_file},
        {"bad config writes no file", test_bad_config_writes_no_file},
        {NULL, NULL}};
    int rc = cs_test_run("roundtrip", cases), any = 0;
    MPI_Allreduce(&rc, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Finalize();
    return any;
}
