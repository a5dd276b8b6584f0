/* cs_rule_lex.c -- the rule lexer and the messages of compile errors.
 *
 * Tokens are read one at a time on the parser's demand, so the first
 * problem from the left is the one reported: an unknown attribute (with a
 * did-you-mean over the table and the keywords), a malformed number or a
 * stray character fails as soon as it is met.  Characters outside ASCII
 * fail at once, so every column before an error counts bytes and
 * characters alike. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_rule_internal.h"
#include "cs_suggest.h"

static const char *const cs_rule_keywords_[] = {"and", "or", "not", "true", "false"};
enum { CS_RULE_NKEYWORDS = sizeof cs_rule_keywords_ / sizeof cs_rule_keywords_[0] };

/* ---- errors -------------------------------------------------------------- */

int cs_rulei_set_error(cs_rule_error *err, int rc, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->column = col;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return rc;
}

const char *cs_rulei_show(const cs_rule_parser *p, const cs_rule_tok *t, char buf[48])
{
    if (t->kind == CS_TOK_END) return strcpy(buf, "the end of the rule");
    int cut = t->len > 40;
    snprintf(buf, 48, "'%.*s%s'", cut ? 37 : t->len, p->text + t->col - 1, cut ? "..." : "");
    return buf;
}

static int cs_rule_is_word_start_(char c) { return isalpha((unsigned char)c) || c == '_'; }
static int cs_rule_is_word_char_(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* ---- lexer --------------------------------------------------------------- */

/* A character that cannot start a token, at byte offset i. */
static int cs_rule_stray_(cs_rule_parser *p, size_t i)
{
    const unsigned char *s = (const unsigned char *)p->text + i;
    int col = (int)i + 1;
    if (s[0] == '"' || s[0] == '\'')
        return cs_rulei_fail(p, col, "unexpected quote %c (rules compare numbers; there are no strings)", s[0]);
    if (s[0] < 0x80) {
        if (isprint(s[0])) return cs_rulei_fail(p, col, "unexpected character '%c'", s[0]);
        return cs_rulei_fail(p, col, "unexpected character 0x%02x", s[0]);
    }
    /* a UTF-8 sequence: show it whole, and name the ASCII spelling of a few */
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2, k = 1;
    while (k < n && s[k] >= 0x80 && s[k] < 0xC0) k++;
    static const struct {
        const char *utf8, *ascii;
    } alias[] = {{"\xE2\x89\xA5", ">="}, {"\xE2\x89\xA4", "<="}, {"\xE2\x89\xA0", "!="},
                 {"\xE2\x88\xA7", "&&"}, {"\xE2\x88\xA8", "||"}, {"\xC2\xAC", "!"},
                 {"\xE2\x88\x92", "-"},  {"\xC3\x97", "*"}};
    for (size_t a = 0; a < sizeof alias / sizeof alias[0]; a++)
        if (strlen(alias[a].utf8) == k && memcmp(s, alias[a].utf8, k) == 0)
            return cs_rulei_fail(p, col, "unexpected character '%.*s' (did you mean '%s'?)", (int)k,
                                 (const char *)s, alias[a].ascii);
    return cs_rulei_fail(p, col, "unexpected character '%.*s'", (int)k, (const char *)s);
}

/* A number at offset i: digits [. digits] [e [+-] digits], or . digits ... */
static int cs_rule_number_(cs_rule_parser *p, size_t i, cs_rule_tok *t)
{
    const char *s = p->text;
    size_t j = i;
    int ok = 1;
    while (isdigit((unsigned char)s[j])) j++;
    if (s[j] == '.') {
        j++;
        while (isdigit((unsigned char)s[j])) j++;
    }
    if (s[j] == 'e' || s[j] == 'E') {
        size_t k = j + 1;
        if (s[k] == '+' || s[k] == '-') k++;
        ok = isdigit((unsigned char)s[k]) != 0;
        j = k;
        while (isdigit((unsigned char)s[j])) j++;
    }
    if (cs_rule_is_word_char_(s[j]) || s[j] == '.') ok = 0;
    if (!ok) {
        while (cs_rule_is_word_char_(s[j]) || s[j] == '.') j++;
        t->len = (int)(j - i);
        char buf[48];
        return cs_rulei_fail(p, t->col, "malformed number %s", cs_rulei_show(p, t, buf));
    }
    t->kind = CS_TOK_NUM;
    t->len = (int)(j - i);
    memcpy(p->word, s + i, j - i);
    p->word[j - i] = '\0';
    t->num = strtod(p->word, NULL);
    if (isinf(t->num)) {
        char buf[48];
        return cs_rulei_fail(p, t->col, "number %s is too large", cs_rulei_show(p, t, buf));
    }
    return CS_OK;
}

/* An identifier at offset i: a keyword or an attribute of the table. */
static int cs_rule_word_(cs_rule_parser *p, size_t i, cs_rule_tok *t)
{
    const char *s = p->text + i;
    size_t n = 0;
    while (cs_rule_is_word_char_(s[n])) n++;
    t->len = (int)n;
    memcpy(p->word, s, n);
    p->word[n] = '\0';
    static const cs_rule_kind kinds[CS_RULE_NKEYWORDS] = {CS_TOK_AND, CS_TOK_OR, CS_TOK_NOT, CS_TOK_NUM,
                                                          CS_TOK_NUM};
    for (size_t k = 0; k < CS_RULE_NKEYWORDS; k++)
        if (strcmp(p->word, cs_rule_keywords_[k]) == 0) {
            t->kind = kinds[k];
            t->num = strcmp(p->word, "true") == 0;
            return CS_OK;
        }
    for (size_t a = 0; a < p->n_table; a++)
        if (strcmp(p->word, p->table[a].name) == 0) {
            t->kind = CS_TOK_ATTR;
            t->attr = (int)a;
            return CS_OK;
        }
    /* unknown: suggest an attribute or a keyword (no suggestion without memory) */
    const char *hint = NULL;
    const char **cand = malloc((p->n_table + CS_RULE_NKEYWORDS) * sizeof *cand);
    if (cand) {
        for (size_t a = 0; a < p->n_table; a++) cand[a] = p->table[a].name;
        memcpy(cand + p->n_table, cs_rule_keywords_, sizeof cs_rule_keywords_);
        hint = cs_suggest(p->word, cand, p->n_table + CS_RULE_NKEYWORDS);
    }
    char buf[48];
    int rc = hint ? cs_rulei_fail(p, t->col, "unknown attribute %s (did you mean '%s'?)", cs_rulei_show(p, t, buf),
                                  hint)
                  : cs_rulei_fail(p, t->col, "unknown attribute %s", cs_rulei_show(p, t, buf));
    free(cand);
    return rc;
}

int cs_rulei_next(cs_rule_parser *p)
{
    const char *s = p->text;
    size_t i = p->pos;
    while (i < p->len && isspace((unsigned char)s[i])) i++;
    cs_rule_tok t = {.kind = CS_TOK_END, .col = (int)i + 1, .len = 1};
    p->prev = p->tok;
    if (i >= p->len) {
        t.col = p->end_col;
        p->tok = t;
        p->pos = i;
        return CS_OK;
    }
    t.kind = CS_TOK_NONE; /* until known */
    char c = s[i], d = s[i + 1]; /* d is '\0' at the end */
    int rc = CS_OK;
    switch (c) {
    case '(': t.kind = CS_TOK_LPAREN; break;
    case ')': t.kind = CS_TOK_RPAREN; break;
    case '+': t.kind = CS_TOK_ARITH, t.op = CS_RULE_ADD; break;
    case '-': t.kind = CS_TOK_ARITH, t.op = CS_RULE_SUB; break;
    case '*': t.kind = CS_TOK_ARITH, t.op = CS_RULE_MUL; break;
    case '/': t.kind = CS_TOK_ARITH, t.op = CS_RULE_DIV; break;
    case '<':
        if (d == '>') return cs_rulei_fail(p, t.col, "'<>' is not an operator (did you mean '!='?)");
        t.kind = CS_TOK_CMP, t.op = d == '=' ? CS_RULE_LE : CS_RULE_LT, t.len = d == '=' ? 2 : 1;
        break;
    case '>': t.kind = CS_TOK_CMP, t.op = d == '=' ? CS_RULE_GE : CS_RULE_GT, t.len = d == '=' ? 2 : 1; break;
    case '!':
        if (d == '=') t.kind = CS_TOK_CMP, t.op = CS_RULE_NE, t.len = 2;
        else t.kind = CS_TOK_NOT;
        break;
    case '=':
        if (d == '<' || d == '>')
            return cs_rulei_fail(p, t.col, "'=%c' is not an operator (did you mean '%c='?)", d, d);
        if (d != '=') return cs_rulei_fail(p, t.col, "'=' is not an operator (did you mean '=='?)");
        t.kind = CS_TOK_CMP, t.op = CS_RULE_EQ, t.len = 2;
        break;
    case '&':
    case '|':
        if (d != c) return cs_rulei_fail(p, t.col, "'%c' is not an operator (did you mean '%c%c'?)", c, c, c);
        t.kind = c == '&' ? CS_TOK_AND : CS_TOK_OR, t.len = 2;
        break;
    default:
        if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)d))) rc = cs_rule_number_(p, i, &t);
        else if (cs_rule_is_word_start_(c)) rc = cs_rule_word_(p, i, &t);
        else rc = cs_rule_stray_(p, i);
        if (rc < 0) return rc;
        break;
    }
    p->tok = t;
    p->pos = i + (size_t)t.len;
    return CS_OK;
}

/* A quadratic scan for duplicates: tables hold tens of rows. */
int cs_rulei_check_table(const cs_rule_attr *attrs, size_t n, cs_rule_error *err)
{
    if (n > CS_RULE_MAX_ATTRS)
        return cs_rulei_set_error(err, CS_ERR_INTERNAL, 0, "attribute table: %zu rows, at most %d", n,
                                  CS_RULE_MAX_ATTRS);
    for (size_t a = 0; a < n; a++) {
        const char *name = attrs[a].name;
        int ok = name && cs_rule_is_word_start_(name[0]);
        for (size_t k = 1; ok && name[k]; k++) ok = cs_rule_is_word_char_(name[k]);
        for (size_t k = 0; ok && k < CS_RULE_NKEYWORDS; k++) ok = strcmp(name, cs_rule_keywords_[k]) != 0;
        if (!ok)
            return cs_rulei_set_error(err, CS_ERR_INTERNAL, 0, "attribute table: row %zu: '%s' is not a valid name",
                                      a, name ? name : "(null)");
        for (size_t b = 0; b < a; b++)
            if (strcmp(name, attrs[b].name) == 0)
                return cs_rulei_set_error(err, CS_ERR_INTERNAL, 0, "attribute table: '%s' is listed twice", name);
    }
    return CS_OK;
}
