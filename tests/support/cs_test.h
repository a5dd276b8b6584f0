/* cs_test.h -- the one CUnit runner every unit-test executable uses.
 *
 * CU_basic_run_tests() reports success even when assertions fail, so the
 * exit status comes from CU_get_number_of_failures(). */
#ifndef CS_TEST_H
#define CS_TEST_H

#include <CUnit/CUnit.h>

typedef struct cs_test_case {
    const char *name;
    void (*fn)(void);
} cs_test_case;

/* Registers one suite named `suite` with the NULL-terminated `cases`, runs
 * every registered suite verbosely and returns the process exit code (0 when
 * nothing failed).  Call once from main(). */
int cs_test_run(const char *suite, const cs_test_case *cases);

/* Path of a file in the source tree (CS_SOURCE_DIR from CTest, else the
 * compile-time source dir).  Returns a static buffer. */
const char *cs_test_source_path(const char *relative);

/* A fresh temporary directory for this test process (created on first use). */
const char *cs_test_tmpdir(void);

#endif
