/* test_suggest.c -- cs_suggest: distance hits and misses, ties, prefix and
 * dotted-path rules, degenerate inputs. */
#include <stddef.h>

#include "cs_suggest.h"
#include "cs_test.h"

static const char *const keys[] = {"population", "seed", "days", "transmission.beta",
                                   "transmission.gamma", "output.path", "output.every"};
static const size_t nkeys = sizeof keys / sizeof keys[0];

static void test_distance_hits(void)
{
    CU_ASSERT_STRING_EQUAL(cs_suggest("populaton", keys, nkeys), "population"); /* deletion */
    CU_ASSERT_STRING_EQUAL(cs_suggest("popluation", keys, nkeys), "population"); /* swap */
    CU_ASSERT_STRING_EQUAL(cs_suggest("seeds", keys, nkeys), "seed");
    CU_ASSERT_STRING_EQUAL(cs_suggest("sed", keys, nkeys), "seed");
    CU_ASSERT_STRING_EQUAL(cs_suggest("DAYS", keys, nkeys), "days"); /* case-insensitive */
    CU_ASSERT_STRING_EQUAL(cs_suggest("Population", keys, nkeys), "population");
    CU_ASSERT_STRING_EQUAL(cs_suggest("transmision.beta", keys, nkeys), "transmission.beta");
    CU_ASSERT_STRING_EQUAL(cs_suggest("output.evrey", keys, nkeys), "output.every");
}

static void test_distance_misses(void)
{
    CU_ASSERT_PTR_NULL(cs_suggest("xyz", keys, nkeys));
    CU_ASSERT_PTR_NULL(cs_suggest("rate", keys, nkeys));
    /* "sead" is 1 from "seed", but "sxxd" is 2 > max(1, 4/3) */
    CU_ASSERT_PTR_NULL(cs_suggest("sxxd", keys, nkeys));
    CU_ASSERT_PTR_NULL(cs_suggest("popsize", keys, nkeys));
    /* long words allow more edits: 4 <= 14 / 3 */
    CU_ASSERT_STRING_EQUAL(cs_suggest("populationsize", keys, nkeys), "population");
}

static void test_ties_first_wins(void)
{
    static const char *const c[] = {"cat", "bat", "hat"};
    CU_ASSERT_PTR_EQUAL(cs_suggest("mat", c, 3), c[0]);
    static const char *const d[] = {"bat", "cat"};
    CU_ASSERT_PTR_EQUAL(cs_suggest("mat", d, 2), d[0]);
    /* a closer later candidate beats an earlier one */
    static const char *const e[] = {"seeds", "seed"};
    CU_ASSERT_PTR_EQUAL(cs_suggest("seed", e, 2), e[1]);
}

static void test_prefix(void)
{
    CU_ASSERT_STRING_EQUAL(cs_suggest("pop", keys, nkeys), "population");
    CU_ASSERT_STRING_EQUAL(cs_suggest("transmission.g", keys, nkeys), "transmission.gamma");
    /* "output" starts two candidates: ambiguous, no suggestion */
    CU_ASSERT_PTR_NULL(cs_suggest("outp", keys, nkeys));
    /* two letters are not enough for the prefix rule */
    static const char *const c[] = {"verbosity"};
    CU_ASSERT_PTR_NULL(cs_suggest("ve", c, 1));
}

static void test_dotted_last_component(void)
{
    CU_ASSERT_STRING_EQUAL(cs_suggest("beta", keys, nkeys), "transmission.beta");
    CU_ASSERT_STRING_EQUAL(cs_suggest("model.gamma", keys, nkeys), "transmission.gamma");
    CU_ASSERT_STRING_EQUAL(cs_suggest("x.PATH", keys, nkeys), "output.path");
    static const char *const c[] = {"a.rate", "b.rate"};
    CU_ASSERT_PTR_NULL(cs_suggest("zzzzzz.rate.", c, 2)); /* empty last component */
    CU_ASSERT_PTR_NULL(cs_suggest("zzzzzz.rate", c, 2)); /* ambiguous */
}

static void test_degenerate(void)
{
    CU_ASSERT_PTR_NULL(cs_suggest("", keys, nkeys));
    CU_ASSERT_PTR_NULL(cs_suggest(NULL, keys, nkeys));
    CU_ASSERT_PTR_NULL(cs_suggest("seed", NULL, 0));
    CU_ASSERT_PTR_NULL(cs_suggest("seed", keys, 0));
    static const char *const c[] = {NULL, "seed", NULL};
    CU_ASSERT_STRING_EQUAL(cs_suggest("sed", c, 3), "seed");
    CU_ASSERT_STRING_EQUAL(cs_suggest("a", (const char *const[]){"b"}, 1), "b");
}

int main(void)
{
    static const cs_test_case cases[] = {
        {"distance_hits", test_distance_hits},
        {"distance_misses", test_distance_misses},
        {"ties_first_wins", test_ties_first_wins},
        {"prefix", test_prefix},
        {"dotted_last_component", test_dotted_last_component},
        {"degenerate", test_degenerate},
        {NULL, NULL},
    };
    return cs_test_run("suggest", cases);
}
