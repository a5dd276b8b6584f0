/* test_mem.c -- cs_mem, the counting allocator: live bytes and blocks,
 * the peak, zeroed and aligned blocks, the listing of live blocks by label,
 * free of NULL, and refusal of sizes that overflow. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cs_mem.h"
#include "cs_status.h"
#include "cs_test.h"

/* What cs_mem_each reported. */
typedef struct listing {
    size_t n;
    const char *what[8];
    size_t bytes[8];
} listing;

static void collect(const char *what, size_t bytes, void *ctx)
{
    listing *l = ctx;
    if (l->n < 8) {
        l->what[l->n] = what;
        l->bytes[l->n] = bytes;
    }
    l->n++;
}

/* Bytes listed under label `what` (labels compared by text), or SIZE_MAX if absent. */
static size_t listed(const listing *l, const char *what)
{
    for (size_t k = 0; k < l->n && k < 8; k++)
        if (strcmp(l->what[k], what) == 0) return l->bytes[k];
    return SIZE_MAX;
}

static void test_counts_bytes_blocks_and_peak(void)
{
    cs_mem *m = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_mem_create(&m), CS_OK);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 0);
    CU_ASSERT_EQUAL(cs_mem_peak(m), 0);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 0);
    double *a = cs_mem_calloc(m, 10, sizeof(double), "a");
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 80);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 1);
    uint8_t *b = cs_mem_calloc(m, 3, 1, "b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 83);
    CU_ASSERT_EQUAL(cs_mem_peak(m), 83);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 2);
    cs_mem_free(m, a);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 3);
    CU_ASSERT_EQUAL(cs_mem_peak(m), 83); /* the peak stays */
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 1);
    uint8_t *c = cs_mem_calloc(m, 50, 1, "c");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 53);
    CU_ASSERT_EQUAL(cs_mem_peak(m), 83); /* below the earlier peak */
    uint8_t *d = cs_mem_calloc(m, 40, 1, "d");
    CU_ASSERT_EQUAL(cs_mem_peak(m), 93);
    cs_mem_free(m, b);
    cs_mem_free(m, c);
    cs_mem_free(m, d);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 0);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 0);
    CU_ASSERT_EQUAL(cs_mem_peak(m), 93);
    cs_mem_destroy(&m);
    CU_ASSERT_PTR_NULL(m);
}

static void test_blocks_are_zeroed_aligned_and_writable(void)
{
    cs_mem *m = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_mem_create(&m), CS_OK);
    void *blocks[5];
    const size_t sizes[5] = {1, 3, 7, 16, 1000};
    for (size_t k = 0; k < 5; k++) {
        unsigned char *p = cs_mem_calloc(m, sizes[k], 1, "blk");
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL((uintptr_t)p % alignof(max_align_t), 0);
        size_t nonzero = 0;
        for (size_t i = 0; i < sizes[k]; i++) nonzero += p[i] != 0;
        CU_ASSERT_EQUAL(nonzero, 0);
        memset(p, 0xAB, sizes[k]);
        blocks[k] = p;
    }
    /* writing every byte of one block leaves the others (and the list) intact */
    for (size_t k = 0; k < 5; k++) cs_mem_free(m, blocks[k]);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 0);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 0);
    cs_mem_destroy(&m);
}

static void test_each_lists_exactly_the_live_blocks(void)
{
    cs_mem *m = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_mem_create(&m), CS_OK);
    listing l = {0};
    cs_mem_each(m, collect, &l);
    CU_ASSERT_EQUAL(l.n, 0);
    void *x = cs_mem_calloc(m, 4, 4, "column x");
    void *y = cs_mem_calloc(m, 1, 5, "column y");
    void *z = cs_mem_calloc(m, 2, 8, "tallies");
    l = (listing){0};
    cs_mem_each(m, collect, &l);
    CU_ASSERT_EQUAL(l.n, 3);
    CU_ASSERT_EQUAL(listed(&l, "column x"), 16);
    CU_ASSERT_EQUAL(listed(&l, "column y"), 5);
    CU_ASSERT_EQUAL(listed(&l, "tallies"), 16);
    cs_mem_free(m, y); /* from the middle of the list */
    l = (listing){0};
    cs_mem_each(m, collect, &l);
    CU_ASSERT_EQUAL(l.n, 2);
    CU_ASSERT_EQUAL(listed(&l, "column y"), SIZE_MAX);
    CU_ASSERT_EQUAL(listed(&l, "column x"), 16);
    CU_ASSERT_EQUAL(listed(&l, "tallies"), 16);
    cs_mem_free(m, x);
    cs_mem_free(m, z);
    l = (listing){0};
    cs_mem_each(m, collect, &l);
    CU_ASSERT_EQUAL(l.n, 0);
    cs_mem_destroy(&m);
}

static void test_free_of_null_changes_nothing(void)
{
    cs_mem *m = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_mem_create(&m), CS_OK);
    void *a = cs_mem_calloc(m, 1, 24, "a");
    cs_mem_free(m, NULL);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 24);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 1);
    cs_mem_free(m, a);
    cs_mem_destroy(&m);
    cs_mem_destroy(&m); /* NULL handle accepted */
    cs_mem_destroy(NULL);
}

static void test_overflowing_sizes_are_refused_without_counting(void)
{
    cs_mem *m = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_mem_create(&m), CS_OK);
    CU_ASSERT_PTR_NULL(cs_mem_calloc(m, SIZE_MAX, 2, "huge"));
    CU_ASSERT_PTR_NULL(cs_mem_calloc(m, SIZE_MAX / 2 + 1, 2, "huge"));
    CU_ASSERT_PTR_NULL(cs_mem_calloc(m, 1, SIZE_MAX, "huge")); /* no room for the header */
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 0);
    CU_ASSERT_EQUAL(cs_mem_peak(m), 0);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 0);
    /* an empty block is a valid, distinct, freeable block */
    void *e = cs_mem_calloc(m, 0, 8, "empty");
    CU_ASSERT_PTR_NOT_NULL(e);
    CU_ASSERT_EQUAL(cs_mem_bytes(m), 0);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 1);
    cs_mem_free(m, e);
    CU_ASSERT_EQUAL(cs_mem_live_blocks(m), 0);
    cs_mem_destroy(&m);
}

int main(void)
{
    static const cs_test_case cases[] = {
        {"counts bytes, blocks and the peak", test_counts_bytes_blocks_and_peak},
        {"blocks are zeroed, aligned and writable", test_blocks_are_zeroed_aligned_and_writable},
        {"each lists exactly the live blocks", test_each_lists_exactly_the_live_blocks},
        {"free of NULL changes nothing", test_free_of_null_changes_nothing},
        {"overflowing sizes are refused without counting", test_overflowing_sizes_are_refused_without_counting},
        {NULL, NULL},
    };
    return cs_test_run("mem", cases);
}
