/* test_h5_debris.c -- a new run of an output removes exactly the files
 * Open MPI left beside its .partial when an earlier run was killed, and
 * creating the output goes through that (cs_h5_debris.c). */
#include <CUnit/CUnit.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cs_h5.h"
#include "cs_h5_internal.h"
#include "cs_status.h"
#include "cs_test.h"

static char dir[1024];

static void touch(const char *name)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fclose(f);
}

static int exists(const char *name)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

static const char *const debris[] = {"run.h5.partial-1-4861.lock", "run.h5.partial-1700462593-2480.lock",
                                     "run.h5.partial.data.0", "run.h5.partial.metadata.12"};
static const char *const others[] = {"run.h5.partial", "run.h5.partial-1-x.lock", "run.h5.partial-1-2.lock.bak",
                                     "run.h5.partial.data.", "run.h5.partial.data.0x", "other.h5.partial-1-2.lock",
                                     "run.h5.partial-12.lock", "run.h5"};

static void test_only_the_partials_debris_goes(void)
{
    for (size_t k = 0; k < sizeof debris / sizeof *debris; k++) touch(debris[k]);
    for (size_t k = 0; k < sizeof others / sizeof *others; k++) touch(others[k]);
    char partial[2048];
    snprintf(partial, sizeof partial, "%s/run.h5.partial", dir);
    CU_ASSERT_EQUAL(cs_h5i_remove_debris(partial), 4);
    for (size_t k = 0; k < sizeof debris / sizeof *debris; k++) CU_ASSERT_FALSE(exists(debris[k]));
    for (size_t k = 0; k < sizeof others / sizeof *others; k++) CU_ASSERT_TRUE(exists(others[k]));
}

static void test_creating_the_output_removes_a_killed_runs_locks(void)
{
    touch("new.h5.partial-1-99999.lock");
    touch("new.h5.partial.metadata.0");
    char final[2048];
    snprintf(final, sizeof final, "%s/new.h5", dir);
    cs_msg msg = {.quiet = 1};
    cs_h5w *w = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_h5w_create(final, MPI_COMM_WORLD, &msg, &w), CS_OK);
    CU_ASSERT_EQUAL(cs_h5w_commit(&w), CS_OK);
    CU_ASSERT_TRUE(exists("new.h5"));
    CU_ASSERT_FALSE(exists("new.h5.partial-1-99999.lock"));
    CU_ASSERT_FALSE(exists("new.h5.partial.metadata.0"));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    snprintf(dir, sizeof dir, "%s", cs_test_tmpdir());
    static const cs_test_case cases[] = {
        {"only the .partial's lock and data files go", test_only_the_partials_debris_goes},
        {"creating the output removes a killed run's locks", test_creating_the_output_removes_a_killed_runs_locks},
        {NULL, NULL},
    };
    int failed = cs_test_run("h5_debris", cases) != 0;
    MPI_Finalize();
    return failed;
}
