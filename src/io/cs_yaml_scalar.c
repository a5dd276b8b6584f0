/* cs_yaml_scalar.c -- typed reading of YAML scalars: numbers, integers and
 * booleans from a node's text, strictly (no octal, hex or NaN; '_' only
 * between digits; an exponent form counts as an integer only when its value
 * is whole).  Separate from the tree builder: it needs no libyaml. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_yaml.h"

/* The parts of a number's text; see cs_yaml_scan_number_. */
typedef struct cs_yaml_num_ {
    int neg;
    const char *ip, *fp; /* integer and fraction parts (may hold '_'), or NULL */
    size_t il, fl;       /* their lengths in characters */
    size_t ndig;         /* digits in both parts */
    int has_dot, has_exp, has_us;
    long exp;            /* exponent, clamped to +-CS_YAML_EXP_CLAMP */
} cs_yaml_num_;

enum { CS_YAML_EXP_CLAMP = 100000 };

/* Scans a run of digits in which '_' may stand between two digits; returns
 * the number of characters consumed, or (size_t)-1 for a misplaced '_'. */
static size_t cs_yaml_scan_digits_(const char *s, size_t *ndig, int *has_us)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9') {
        (*ndig)++;
        i++;
        if (s[i] == '_') {
            if (!(s[i + 1] >= '0' && s[i + 1] <= '9')) return (size_t)-1;
            *has_us = 1;
            i++;
        }
    }
    return s[i] == '_' ? (size_t)-1 : i;
}

/* Parses [+-] digits [. digits] [(e|E) [+-] digits] covering all of s, at
 * least one mantissa digit, integer part "0" or without a leading zero.
 * Returns 0 and fills *num, or -1. */
static int cs_yaml_scan_number_(const char *s, cs_yaml_num_ *num)
{
    *num = (cs_yaml_num_){0};
    if (*s == '+' || *s == '-') num->neg = *s++ == '-';
    size_t nint = 0;
    num->ip = s;
    num->il = cs_yaml_scan_digits_(s, &nint, &num->has_us);
    if (num->il == (size_t)-1) return -1;
    if (nint > 1 && s[0] == '0') return -1;
    s += num->il;
    num->ndig = nint;
    if (*s == '.') {
        num->has_dot = 1;
        num->fp = ++s;
        num->fl = cs_yaml_scan_digits_(s, &num->ndig, &num->has_us);
        if (num->fl == (size_t)-1) return -1;
        s += num->fl;
    }
    if (num->ndig == 0) return -1;
    if (*s == 'e' || *s == 'E') {
        num->has_exp = 1;
        s++;
        int eneg = 0;
        if (*s == '+' || *s == '-') eneg = *s++ == '-';
        if (!(*s >= '0' && *s <= '9')) return -1;
        for (; *s >= '0' && *s <= '9'; s++)
            if (num->exp < CS_YAML_EXP_CLAMP) num->exp = num->exp * 10 + (*s - '0');
        if (num->exp > CS_YAML_EXP_CLAMP) num->exp = CS_YAML_EXP_CLAMP;
        if (eneg) num->exp = -num->exp;
    }
    return *s ? -1 : 0;
}

/* The text of n if it is an unquoted scalar, else NULL. */
static const char *cs_yaml_plain_(const cs_yaml_node *n)
{
    return (n && n->kind == CS_YAML_SCALAR && !n->quoted) ? n->scalar : NULL;
}

int cs_yaml_to_double(const cs_yaml_node *n, double *out)
{
    const char *s = cs_yaml_plain_(n);
    if (!s) return -1;
    const char *t = (*s == '+' || *s == '-') ? s + 1 : s;
    if (strcmp(t, ".inf") == 0 || strcmp(t, ".Inf") == 0 || strcmp(t, ".INF") == 0) {
        *out = *s == '-' ? -HUGE_VAL : HUGE_VAL;
        return 0;
    }
    cs_yaml_num_ num;
    if (cs_yaml_scan_number_(s, &num) < 0) return -1;
    char buf[128];
    const char *text = s;
    if (num.has_us) { /* strtod does not know '_': copy without them */
        size_t k = 0;
        for (const char *c = s; *c; c++) {
            if (*c == '_') continue;
            if (k + 1 >= sizeof buf) return -1;
            buf[k++] = *c;
        }
        buf[k] = '\0';
        text = buf;
    }
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (*end || (errno == ERANGE && isinf(v))) return -1;
    *out = v;
    return 0;
}

/* Digit i (0-based) of the mantissa digits of num, '_' skipped, as a cursor
 * walk: *pos is the character index within the integer part then the
 * fraction part.  Returns 0..9, or 0 past the end. */
static int cs_yaml_next_digit_(const cs_yaml_num_ *num, size_t *pos)
{
    for (;;) {
        size_t p = *pos;
        char c;
        if (p < num->il)
            c = num->ip[p];
        else if (p - num->il < num->fl)
            c = num->fp[p - num->il];
        else
            return 0;
        (*pos)++;
        if (c != '_') return c - '0';
    }
}

int cs_yaml_to_int64(const cs_yaml_node *n, int64_t *out)
{
    const char *s = cs_yaml_plain_(n);
    cs_yaml_num_ num;
    if (!s || cs_yaml_scan_number_(s, &num) < 0) return -1;
    if (num.has_dot && !num.has_exp) return -1;
    /* value = mantissa digits with the decimal point after `point` of them */
    size_t nint = 0;
    for (size_t i = 0; i < num.il; i++) nint += num.ip[i] != '_';
    long point = (long)nint + num.exp;
    uint64_t limit = num.neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t acc = 0;
    size_t pos = 0;
    long total = point > (long)num.ndig ? point : (long)num.ndig;
    for (long i = 0; i < total; i++) {
        int d = i < (long)num.ndig ? cs_yaml_next_digit_(&num, &pos) : 0;
        if (i >= point) {
            if (d) return -1; /* a nonzero digit after the point */
            continue;
        }
        if (acc > (limit - (uint64_t)d) / 10) return -1;
        acc = acc * 10 + (uint64_t)d;
    }
    if (num.neg)
        *out = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
    else
        *out = (int64_t)acc;
    return 0;
}

int cs_yaml_to_bool(const cs_yaml_node *n, int *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
                                      "YES",  "on",   "On",   "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                     "NO",    "off",   "Off",   "OFF"};
    const char *s = cs_yaml_plain_(n);
    if (!s) return -1;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcmp(s, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

const char *cs_yaml_kind_name(cs_yaml_kind k)
{
    switch (k) {
    case CS_YAML_SCALAR: return "a scalar";
    case CS_YAML_MAP: return "a mapping";
    case CS_YAML_SEQ: return "a sequence";
    }
    return "an unknown node";
}
