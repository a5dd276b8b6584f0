/* test_strbuf.c -- cs_strbuf growth and formatting, cs_file_read_all on
 * good, missing, NUL-holding, unreadable (directory) and endless
 * (/dev/zero) paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "cs_strbuf.h"
#include "cs_test.h"

static void test_append(void)
{
    cs_strbuf b;
    cs_strbuf_init(&b);
    CU_ASSERT_STRING_EQUAL(cs_strbuf_str(&b), "");
    CU_ASSERT_EQUAL(cs_strbuf_append(&b, "abc"), CS_OK);
    CU_ASSERT_EQUAL(cs_strbuf_appendf(&b, "-%d-%s", 42, "x"), CS_OK);
    CU_ASSERT_EQUAL(cs_strbuf_appendn(&b, "yzw", 2), CS_OK);
    CU_ASSERT_STRING_EQUAL(b.data, "abc-42-xyz");
    CU_ASSERT_EQUAL(b.len, 10);
    CU_ASSERT(b.cap > b.len);
    cs_strbuf_reset(&b);
    CU_ASSERT_EQUAL(b.len, 0);
    CU_ASSERT_STRING_EQUAL(cs_strbuf_str(&b), "");
    cs_strbuf_free(&b);
    CU_ASSERT_PTR_NULL(b.data);
    CU_ASSERT_EQUAL(b.cap, 0);
    cs_strbuf_free(NULL);
}

static void test_growth(void)
{
    cs_strbuf b;
    cs_strbuf_init(&b);
    for (int i = 0; i < 10000; i++)
        CU_ASSERT_EQUAL_FATAL(cs_strbuf_appendf(&b, "%04d", i), CS_OK);
    CU_ASSERT_EQUAL(b.len, 40000);
    CU_ASSERT_EQUAL(strlen(b.data), 40000);
    CU_ASSERT_EQUAL(memcmp(b.data + 4 * 9999, "9999", 4), 0);
    cs_strbuf_free(&b);
}

/* Writes text (len bytes) to a new file in the test tmpdir; returns its path. */
static const char *write_file(const char *name, const char *text, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", cs_test_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fwrite(text, 1, len, f);
    fclose(f);
    return path;
}

static void test_read_all(void)
{
    const char *path = write_file("a.txt", "one\0two\n", 8);
    char *text = NULL;
    size_t len = 0;
    cs_msg msg = {0};
    CU_ASSERT_EQUAL(cs_file_read_all(path, &msg, &text, &len), CS_OK);
    CU_ASSERT_EQUAL(len, 8);
    CU_ASSERT_EQUAL(memcmp(text, "one\0two\n", 9), 0); /* NUL-terminated */
    CU_ASSERT_EQUAL(msg.errors, 0);
    free(text);
    remove(path);

    path = write_file("empty.txt", "", 0);
    CU_ASSERT_EQUAL(cs_file_read_all(path, &msg, &text, NULL), CS_OK);
    CU_ASSERT_STRING_EQUAL(text, "");
    free(text);
    remove(path);
}

/* Expects cs_file_read_all(path) to fail with CS_ERR_IO and message want. */
static void check_read_error(const char *path, const char *want)
{
    char *buf = NULL, *text = (char *)"untouched";
    size_t size = 0, len = 7;
    FILE *s = open_memstream(&buf, &size);
    cs_msg msg = {.stream = s};
    CU_ASSERT_EQUAL(cs_file_read_all(path, &msg, &text, &len), CS_ERR_IO);
    fclose(s);
    CU_ASSERT_PTR_NULL(text);
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_EQUAL(msg.errors, 1);
    CU_ASSERT_STRING_EQUAL(buf, want);
    free(buf);
}

static void test_read_errors(void)
{
    char path[512], want[1024];
    snprintf(path, sizeof path, "%s/no/such.yaml", cs_test_tmpdir());
    snprintf(want, sizeof want, "%s: cannot read: No such file or directory\n", path);
    check_read_error(path, want);
    snprintf(want, sizeof want, "%s: cannot read: Is a directory\n", cs_test_tmpdir());
    check_read_error(cs_test_tmpdir(), want);
    /* an endless file (a model path of /dev/zero) stops at the limit instead
     * of filling memory (found while fuzzing, docs/reliability.md) */
    check_read_error("/dev/zero", "/dev/zero: cannot read: File too large\n");
}

int main(void)
{
    static const cs_test_case cases[] = {
        {"append", test_append},
        {"growth", test_growth},
        {"read_all", test_read_all},
        {"read_errors", test_read_errors},
        {NULL, NULL},
    };
    return cs_test_run("strbuf", cases);
}
