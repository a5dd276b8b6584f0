/* cs_rule_internal.h -- what the files of the rule compiler share: the
 * program's instructions and layout, the tokens, and the parser's state
 * with the lexer that fills it (cs_rule_lex.c, used by cs_rule.c).  Not
 * installed; public headers never include it. */
#ifndef CS_RULE_INTERNAL_H
#define CS_RULE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cs_msg.h"
#include "cs_rule.h"
#include "cs_status.h"

/* ---- the program --------------------------------------------------------- */

typedef enum cs_rule_op {
    CS_RULE_CONST, /* push consts[arg] */
    CS_RULE_ATTR,  /* push get(ctx, arg, i) */
    CS_RULE_NEG,   /* top = -top */
    CS_RULE_NOT,   /* top = top == 0 */
    CS_RULE_BOOL,  /* top = top != 0 */
    CS_RULE_ADD,   /* pop b, a; push a op b */
    CS_RULE_SUB,
    CS_RULE_MUL,
    CS_RULE_DIV, /* b == 0 gives 0 */
    CS_RULE_LT,
    CS_RULE_LE,
    CS_RULE_GT,
    CS_RULE_GE,
    CS_RULE_EQ,
    CS_RULE_NE,
    CS_RULE_AND, /* top false: top = 0 and jump to arg; else pop */
    CS_RULE_OR,  /* top true: top = 1 and jump to arg; else pop */
    CS_RULE_NOPS
} cs_rule_op;

typedef struct cs_rule_ins {
    uint16_t op;
    uint16_t arg;
} cs_rule_ins;

#define CS_RULE_NO_JUMP 0xFFFFu /* end of a list of jumps still to patch */
#define CS_RULE_MAX_CODE (2 * CS_RULE_MAX_TEXT)

struct cs_rule {
    const cs_rule_ins *code; /* into the same block */
    const int *attrs;
    const char *text;
    size_t n_code, n_attrs;
    double consts[]; /* then attrs, code and text */
};

/* ---- tokens -------------------------------------------------------------- */

typedef enum cs_rule_kind {
    CS_TOK_NONE, /* before the first token */
    CS_TOK_END,
    CS_TOK_NUM, /* numbers, true, false */
    CS_TOK_ATTR,
    CS_TOK_LPAREN,
    CS_TOK_RPAREN,
    CS_TOK_NOT,
    CS_TOK_AND,
    CS_TOK_OR,
    CS_TOK_ARITH, /* + - * /: op says which */
    CS_TOK_CMP,   /* < <= > >= == !=: op says which */
} cs_rule_kind;

typedef struct cs_rule_tok {
    cs_rule_kind kind;
    cs_rule_op op; /* CS_TOK_ARITH, CS_TOK_CMP */
    int col;       /* 1-based */
    int len;       /* bytes of text */
    double num;    /* CS_TOK_NUM */
    int attr;      /* CS_TOK_ATTR */
} cs_rule_tok;

typedef struct cs_rule_parser {
    const char *text;
    size_t len;                /* bytes */
    int end_col;               /* column after the last non-blank byte */
    size_t pos;                /* next byte to lex */
    const cs_rule_attr *table; /* borrowed */
    size_t n_table;
    cs_rule_error *err;
    cs_rule_tok tok, prev; /* current and previous token */
    int nest;              /* open parentheses and prefix operators */
    int parens;            /* open parentheses */
    int depth;             /* values pending at run time after the code so far */
    int is_bool;           /* the expression just parsed is always 0 or 1 */
    size_t n_code, n_consts;
    cs_rule_ins code[CS_RULE_MAX_CODE];
    double consts[CS_RULE_MAX_TEXT];
    int attrs[CS_RULE_MAX_TEXT];
    char word[CS_RULE_MAX_TEXT + 1];
} cs_rule_parser;

/* ---- lexer and errors (cs_rule_lex.c) ------------------------------------ */

/* Fills err with column and message; returns rc. */
int cs_rulei_set_error(cs_rule_error *err, int rc, int col, const char *fmt, ...) CS_PRINTF(4, 5);

/* A user error at column col: returns CS_ERR_CONFIG. */
#define cs_rulei_fail(p, col, ...) cs_rulei_set_error((p)->err, CS_ERR_CONFIG, (col), __VA_ARGS__)

/* Writes a token for a message into buf: 'text' in quotes (long text cut
 * with "..."), or "the end of the rule".  Returns buf. */
const char *cs_rulei_show(const cs_rule_parser *p, const cs_rule_tok *t, char buf[48]);

/* Moves to the next token (p->tok), keeping the current one in p->prev.
 * Unknown attributes, malformed numbers and stray characters fail here,
 * with their column. */
int cs_rulei_next(cs_rule_parser *p);

/* Checks the model's table: identifiers, no keywords, no duplicates.
 * Returns CS_OK or CS_ERR_INTERNAL with err filled. */
int cs_rulei_check_table(const cs_rule_attr *attrs, size_t n, cs_rule_error *err);

#endif
