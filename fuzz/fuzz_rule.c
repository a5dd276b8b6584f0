/* fuzz_rule.c -- libFuzzer target: a target rule compiled against the
 * leg-cramps model's attribute table, then evaluated for agents whose
 * attributes take awkward values (NaN, infinities, huge, negative zero).
 * Besides the sanitizers it checks cs_rule.h's promises: a refusal is a
 * configuration error with a message and a column inside the text; an
 * accepted rule keeps its text, lists its attributes in increasing order,
 * and eval is its value != 0. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_rule.h"
#include "cs_status.h"
#include "fuzz_support.h"
#include "lc_model.h"

static const double awkward_[] = {0.0, 1.0, -1.0, 0.5, 65.0, NAN, INFINITY, -INFINITY, DBL_MAX, -0.0, DBL_MIN, 1e-300};
enum { N_AWKWARD = sizeof awkward_ / sizeof awkward_[0] };

static double get_awkward_(const void *ctx, int attr, size_t i)
{
    const size_t n_attrs = *(const size_t *)ctx;
    if (attr < 0 || (size_t)attr >= n_attrs) fuzz_fail("eval read an attribute outside the table", attr);
    return awkward_[((size_t)attr * 7 + i) % N_AWKWARD];
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static void check_accepted_(const cs_rule *r, const char *text)
{
    if (strcmp(cs_rule_text(r), text) != 0) fuzz_fail("compile: the rule's text is not the text given", 0);
    size_t n = 0;
    const int *used = cs_rule_attrs(r, &n);
    for (size_t k = 0; k < n; k++)
        if (used[k] < 0 || (size_t)used[k] >= lc_n_attrs || (k && used[k] <= used[k - 1]))
            fuzz_fail("compile: attribute list not increasing inside the table", used[k]);
    for (size_t i = 0; i < N_AWKWARD; i++) {
        const int holds = cs_rule_eval(r, get_awkward_, &lc_n_attrs, i);
        const double v = cs_rule_value(r, get_awkward_, &lc_n_attrs, i);
        if (holds != (v != 0)) fuzz_fail("eval is not value != 0", holds);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cs_rule *r = NULL;
    cs_rule_error err = {.column = -1};
    const int rc = cs_rule_compile(text, lc_attrs, lc_n_attrs, &r, &err);
    if (rc == CS_OK) {
        if (!r) fuzz_fail("compile: CS_OK without a rule", rc);
        check_accepted_(r, text);
    } else {
        if (r) fuzz_fail("compile: a rule left on failure", rc);
        if (rc != CS_ERR_CONFIG && rc != CS_ERR_NOMEM) fuzz_fail("compile: unexpected status", rc);
        if (!err.message[0] || !memchr(err.message, '\0', sizeof err.message))
            fuzz_fail("compile: refused without a message", rc);
        if (err.column < 0 || (size_t)err.column > strlen(text) + 1) fuzz_fail("compile: column outside the text", err.column);
    }
    cs_rule_destroy(&r);
    free(text);
    return 0;
}
