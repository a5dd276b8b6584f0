/* cs_test.c -- CUnit runner and small helpers shared by unit tests. */
#include "cs_test.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cs_test_run(const char *suite, const cs_test_case *cases)
{
    if (CU_initialize_registry() != CUE_SUCCESS) return 1;
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    if (!s) goto fail;
    for (const cs_test_case *c = cases; c->name; c++)
        if (!CU_add_test(s, c->name, c->fn)) goto fail;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    return (failures == 0 && run > 0) ? 0 : 1;
fail:
    fprintf(stderr, "CUnit error: %s\n", CU_get_error_msg());
    CU_cleanup_registry();
    return 1;
}

const char *cs_test_source_path(const char *relative)
{
    static char buf[4096];
    const char *root = getenv("CS_SOURCE_DIR");
    if (!root) root = CS_TEST_SOURCE_DIR;
    snprintf(buf, sizeof buf, "%s/%s", root, relative);
    return buf;
}

const char *cs_test_tmpdir(void)
{
    static char dir[256];
    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/cs_test_XXXXXX", base ? base : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return dir;
}
