/* cs_rule.c -- compiler and evaluator of target rules (see cs_rule.h).
 *
 * Compile is one pass: a recursive-descent parser pulls tokens from the
 * lexer (cs_rule_lex.c) one at a time and emits postfix code into a
 * workspace as it goes, with no syntax tree.  The program, its constants,
 * the attributes it reads and a copy of the text are then copied into one
 * block.  A rule of at most CS_RULE_MAX_TEXT bytes has at most that many
 * tokens and each emits at most two instructions, so the workspace has a
 * fixed size and jump targets fit 16 bits.
 *
 * Eval is a switch over 4-byte instructions on a local stack of
 * CS_RULE_MAX_DEPTH doubles, which compile has proved deep enough.  && and
 * || compile to conditional jumps: a false operand of a chain a && b && c
 * jumps straight to the end of the chain. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cs_rule_internal.h"

/* Change in the number of pending values, per op (for AND and OR, on the
 * path that does not jump). */
static const signed char cs_rule_effect_[CS_RULE_NOPS] = {
    [CS_RULE_CONST] = 1, [CS_RULE_ATTR] = 1, [CS_RULE_ADD] = -1, [CS_RULE_SUB] = -1,
    [CS_RULE_MUL] = -1,  [CS_RULE_DIV] = -1, [CS_RULE_LT] = -1,  [CS_RULE_LE] = -1,
    [CS_RULE_GT] = -1,   [CS_RULE_GE] = -1,  [CS_RULE_EQ] = -1,  [CS_RULE_NE] = -1,
    [CS_RULE_AND] = -1,  [CS_RULE_OR] = -1,
};

/* ---- code generation ----------------------------------------------------- */

static int cs_rule_too_deep_(cs_rule_parser *p, int col)
{
    return cs_rulei_fail(p, col, "rule nests too deeply (more than %d levels)", CS_RULE_MAX_DEPTH);
}

/* Appends one instruction for the token at column col; fails when the
 * values pending at run time would exceed CS_RULE_MAX_DEPTH. */
static int cs_rule_emit_(cs_rule_parser *p, cs_rule_op op, size_t arg, int col)
{
    p->code[p->n_code++] = (cs_rule_ins){(uint16_t)op, (uint16_t)arg};
    p->depth += cs_rule_effect_[op];
    return p->depth > CS_RULE_MAX_DEPTH ? cs_rule_too_deep_(p, col) : CS_OK;
}

/* Points every jump of the list starting at `head` (linked through arg)
 * to the next instruction. */
static void cs_rule_patch_(cs_rule_parser *p, size_t head)
{
    while (head != CS_RULE_NO_JUMP) {
        size_t next = p->code[head].arg;
        p->code[head].arg = (uint16_t)p->n_code;
        head = next;
    }
}

/* ---- parser: one function per precedence level, lowest first ------------ */

static int cs_rule_or_(cs_rule_parser *p);

/* number | attribute | true | false | ( or ) */
static int cs_rule_primary_(cs_rule_parser *p)
{
    int rc = CS_OK;
    cs_rule_tok t = p->tok;
    char b1[48], b2[48];
    switch (t.kind) {
    case CS_TOK_NUM:
        p->consts[p->n_consts] = t.num;
        CS_TRY(cs_rule_emit_(p, CS_RULE_CONST, p->n_consts++, t.col));
        p->is_bool = t.num == 0 || t.num == 1;
        return cs_rulei_next(p);
    case CS_TOK_ATTR:
        CS_TRY(cs_rule_emit_(p, CS_RULE_ATTR, (size_t)t.attr, t.col));
        p->is_bool = 0;
        return cs_rulei_next(p);
    case CS_TOK_LPAREN:
        if (++p->nest > CS_RULE_MAX_DEPTH) return cs_rule_too_deep_(p, t.col);
        p->parens++;
        CS_TRY(cs_rulei_next(p));
        CS_TRY(cs_rule_or_(p));
        if (p->tok.kind == CS_TOK_END) return cs_rulei_fail(p, t.col, "unclosed '('");
        if (p->tok.kind != CS_TOK_RPAREN)
            return cs_rulei_fail(p, p->tok.col, "expected an operator or ')' after %s, got %s",
                                 cs_rulei_show(p, &p->prev, b1), cs_rulei_show(p, &p->tok, b2));
        p->nest--;
        p->parens--;
        return cs_rulei_next(p);
    default:
        if (t.kind == CS_TOK_RPAREN && p->parens == 0) return cs_rulei_fail(p, t.col, "unmatched ')'");
        if (p->prev.kind == CS_TOK_NONE)
            return cs_rulei_fail(p, t.col, "expected an operand, got %s", cs_rulei_show(p, &t, b2));
        return cs_rulei_fail(p, t.col, "expected an operand after %s, got %s", cs_rulei_show(p, &p->prev, b1),
                             cs_rulei_show(p, &t, b2));
    }
done:
    return rc;
}

/* ( ! | not | - ) unary | primary.  *not_col gets the column of the first
 * '!' or 'not' of the prefix operators, 0 if none. */
static int cs_rule_unary_(cs_rule_parser *p, int *not_col)
{
    int rc = CS_OK;
    cs_rule_tok t = p->tok;
    *not_col = 0;
    if (t.kind != CS_TOK_NOT && !(t.kind == CS_TOK_ARITH && t.op == CS_RULE_SUB)) return cs_rule_primary_(p);
    if (++p->nest > CS_RULE_MAX_DEPTH) return cs_rule_too_deep_(p, t.col);
    int inner = 0;
    CS_TRY(cs_rulei_next(p));
    CS_TRY(cs_rule_unary_(p, &inner));
    CS_TRY(cs_rule_emit_(p, t.kind == CS_TOK_NOT ? CS_RULE_NOT : CS_RULE_NEG, 0, t.col));
    *not_col = t.kind == CS_TOK_NOT ? t.col : inner;
    p->is_bool = t.kind == CS_TOK_NOT;
    p->nest--;
done:
    return rc;
}

/* A factor: a unary expression, refused when a '!' in front of it would
 * seem to apply to the arithmetic or comparison that follows. */
static int cs_rule_factor_(cs_rule_parser *p)
{
    int rc = CS_OK, not_col = 0;
    CS_TRY(cs_rule_unary_(p, &not_col));
    if (not_col && (p->tok.kind == CS_TOK_ARITH || p->tok.kind == CS_TOK_CMP)) {
        int word = p->text[not_col - 1] == 'n';
        const char *bang = word ? "not " : "!";
        char op[3] = {0};
        memcpy(op, p->text + p->tok.col - 1, (size_t)p->tok.len);
        return cs_rulei_fail(p, not_col, "'%s' binds tighter than '%s': add parentheses, '%s(a %s b)' or '(%sa) %s b'",
                             word ? "not" : "!", op, bang, op, bang, op);
    }
done:
    return rc;
}

/* operand { (op1 | op2) operand }: for * and / over factors, for + and -
 * over products. */
static int cs_rule_arith_(cs_rule_parser *p, cs_rule_op op1, cs_rule_op op2, int (*operand)(cs_rule_parser *))
{
    int rc = CS_OK;
    CS_TRY(operand(p));
    while (p->tok.kind == CS_TOK_ARITH && (p->tok.op == op1 || p->tok.op == op2)) {
        cs_rule_tok t = p->tok;
        CS_TRY(cs_rulei_next(p));
        CS_TRY(operand(p));
        CS_TRY(cs_rule_emit_(p, t.op, 0, t.col));
        p->is_bool = 0;
    }
done:
    return rc;
}

static int cs_rule_mul_(cs_rule_parser *p) { return cs_rule_arith_(p, CS_RULE_MUL, CS_RULE_DIV, cs_rule_factor_); }
static int cs_rule_add_(cs_rule_parser *p) { return cs_rule_arith_(p, CS_RULE_ADD, CS_RULE_SUB, cs_rule_mul_); }

/* add [ cmp add ]: comparisons do not chain */
static int cs_rule_cmp_(cs_rule_parser *p)
{
    int rc = CS_OK;
    CS_TRY(cs_rule_add_(p));
    if (p->tok.kind != CS_TOK_CMP) return CS_OK;
    cs_rule_tok t = p->tok;
    CS_TRY(cs_rulei_next(p));
    CS_TRY(cs_rule_add_(p));
    CS_TRY(cs_rule_emit_(p, t.op, 0, t.col));
    p->is_bool = 1;
    if (p->tok.kind == CS_TOK_CMP)
        return cs_rulei_fail(p, p->tok.col,
                             "comparisons do not chain: join them with '&&' (a < b && b < c) or add parentheses");
done:
    return rc;
}

/* operand { op operand } for && (op CS_TOK_AND, operands cmp) and || (op
 * CS_TOK_OR, operands and).  Every jump goes to the end of the chain. */
static int cs_rule_logic_(cs_rule_parser *p, cs_rule_kind kind, int (*operand)(cs_rule_parser *))
{
    int rc = CS_OK;
    size_t jumps = CS_RULE_NO_JUMP;
    CS_TRY(operand(p));
    while (p->tok.kind == kind) {
        cs_rule_tok t = p->tok;
        size_t at = p->n_code;
        CS_TRY(cs_rule_emit_(p, kind == CS_TOK_AND ? CS_RULE_AND : CS_RULE_OR, jumps, t.col));
        jumps = at;
        CS_TRY(cs_rulei_next(p));
        CS_TRY(operand(p));
        if (!p->is_bool) CS_TRY(cs_rule_emit_(p, CS_RULE_BOOL, 0, t.col));
        p->is_bool = 1;
    }
    cs_rule_patch_(p, jumps);
done:
    return rc;
}

static int cs_rule_and_(cs_rule_parser *p) { return cs_rule_logic_(p, CS_TOK_AND, cs_rule_cmp_); }
static int cs_rule_or_(cs_rule_parser *p) { return cs_rule_logic_(p, CS_TOK_OR, cs_rule_and_); }

/* ---- compile ------------------------------------------------------------- */

static int cs_rule_cmp_int_(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Copies the program, constants, attributes read and text into one block. */
static int cs_rule_pack_(cs_rule_parser *p, cs_rule **out)
{
    size_t n_attrs = 0;
    for (size_t k = 0; k < p->n_code; k++)
        if (p->code[k].op == CS_RULE_ATTR) p->attrs[n_attrs++] = p->code[k].arg;
    qsort(p->attrs, n_attrs, sizeof p->attrs[0], cs_rule_cmp_int_);
    size_t n_unique = 0;
    for (size_t k = 0; k < n_attrs; k++)
        if (n_unique == 0 || p->attrs[k] != p->attrs[n_unique - 1]) p->attrs[n_unique++] = p->attrs[k];

    size_t bytes = sizeof(cs_rule) + p->n_consts * sizeof(double) + n_unique * sizeof(int) +
                   p->n_code * sizeof(cs_rule_ins) + p->len + 1;
    cs_rule *r = malloc(bytes);
    if (!r) return CS_ERR_NOMEM;
    memcpy(r->consts, p->consts, p->n_consts * sizeof(double));
    int *attrs = (int *)(r->consts + p->n_consts);
    memcpy(attrs, p->attrs, n_unique * sizeof(int));
    cs_rule_ins *code = (cs_rule_ins *)(attrs + n_unique);
    memcpy(code, p->code, p->n_code * sizeof *code);
    char *text = (char *)(code + p->n_code);
    memcpy(text, p->text, p->len + 1);
    r->code = code;
    r->attrs = attrs;
    r->text = text;
    r->n_code = p->n_code;
    r->n_attrs = n_unique;
    *out = r;
    return CS_OK;
}

int cs_rule_compile(const char *text, const cs_rule_attr *attrs, size_t n_attrs, cs_rule **out,
                    cs_rule_error *err)
{
    int rc = CS_OK;
    cs_rule_error scratch;
    cs_rule_parser *p = NULL;
    if (!err) err = &scratch;
    err->column = 0;
    err->message[0] = '\0';
    if (!out) return cs_rulei_set_error(err, CS_ERR_INTERNAL, 0, "no place for the rule");
    *out = NULL;
    if (!text || (!attrs && n_attrs))
        return cs_rulei_set_error(err, CS_ERR_INTERNAL, 0, "no rule text or no attribute table");
    CS_TRY(cs_rulei_check_table(attrs, n_attrs, err));
    size_t len = strnlen(text, CS_RULE_MAX_TEXT + 1);
    if (len > CS_RULE_MAX_TEXT)
        return cs_rulei_set_error(err, CS_ERR_CONFIG, CS_RULE_MAX_TEXT + 1,
                                  "rule is longer than %d characters", CS_RULE_MAX_TEXT);
    p = calloc(1, sizeof *p);
    CS_ENSURE(p, CS_ERR_NOMEM);
    p->text = text;
    p->len = len;
    p->table = attrs;
    p->n_table = n_attrs;
    p->err = err;
    size_t end = len;
    while (end > 0 && isspace((unsigned char)text[end - 1])) end--;
    p->end_col = (int)end + 1;
    if (end == 0) {
        rc = cs_rulei_fail(p, 1, "rule is empty");
        goto done;
    }
    CS_TRY(cs_rulei_next(p));
    CS_TRY(cs_rule_or_(p));
    if (p->tok.kind == CS_TOK_RPAREN) {
        rc = cs_rulei_fail(p, p->tok.col, "unmatched ')'");
        goto done;
    }
    if (p->tok.kind != CS_TOK_END) {
        char b1[48], b2[48];
        rc = cs_rulei_fail(p, p->tok.col, "expected an operator or the end of the rule after %s, got %s",
                           cs_rulei_show(p, &p->prev, b1), cs_rulei_show(p, &p->tok, b2));
        goto done;
    }
    CS_TRY(cs_rule_pack_(p, out));
done:
    free(p);
    return rc;
}

void cs_rule_destroy(cs_rule **r)
{
    if (!r) return;
    free(*r);
    *r = NULL;
}

/* ---- eval ---------------------------------------------------------------- */

double cs_rule_value(const cs_rule *r, cs_rule_get_fn get, const void *ctx, size_t i)
{
    double st[CS_RULE_MAX_DEPTH];
    size_t sp = 0; /* pending values; the top is st[sp - 1] */
    const cs_rule_ins *code = r->code;
    size_t pc = 0, n = r->n_code;
    while (pc < n) {
        cs_rule_ins in = code[pc++];
        switch ((cs_rule_op)in.op) {
        case CS_RULE_CONST: st[sp++] = r->consts[in.arg]; break;
        case CS_RULE_ATTR: st[sp++] = get(ctx, in.arg, i); break;
        case CS_RULE_NEG: st[sp - 1] = -st[sp - 1]; break;
        case CS_RULE_NOT: st[sp - 1] = st[sp - 1] == 0; break;
        case CS_RULE_BOOL: st[sp - 1] = st[sp - 1] != 0; break;
        case CS_RULE_ADD: sp--; st[sp - 1] = st[sp - 1] + st[sp]; break;
        case CS_RULE_SUB: sp--; st[sp - 1] = st[sp - 1] - st[sp]; break;
        case CS_RULE_MUL: sp--; st[sp - 1] = st[sp - 1] * st[sp]; break;
        case CS_RULE_DIV: sp--; st[sp - 1] = st[sp] == 0 ? 0 : st[sp - 1] / st[sp]; break;
        case CS_RULE_LT: sp--; st[sp - 1] = st[sp - 1] < st[sp]; break;
        case CS_RULE_LE: sp--; st[sp - 1] = st[sp - 1] <= st[sp]; break;
        case CS_RULE_GT: sp--; st[sp - 1] = st[sp - 1] > st[sp]; break;
        case CS_RULE_GE: sp--; st[sp - 1] = st[sp - 1] >= st[sp]; break;
        case CS_RULE_EQ: sp--; st[sp - 1] = st[sp - 1] == st[sp]; break;
        case CS_RULE_NE: sp--; st[sp - 1] = st[sp - 1] != st[sp]; break;
        case CS_RULE_AND:
            if (st[sp - 1] != 0) {
                sp--;
            } else {
                st[sp - 1] = 0;
                pc = in.arg;
            }
            break;
        case CS_RULE_OR:
            if (st[sp - 1] != 0) {
                st[sp - 1] = 1;
                pc = in.arg;
            } else {
                sp--;
            }
            break;
        case CS_RULE_NOPS: break;
        }
    }
    return st[0];
}

int cs_rule_eval(const cs_rule *r, cs_rule_get_fn get, const void *ctx, size_t i)
{
    return cs_rule_value(r, get, ctx, i) != 0;
}

const char *cs_rule_text(const cs_rule *r) { return r->text; }

const int *cs_rule_attrs(const cs_rule *r, size_t *n)
{
    *n = r->n_attrs;
    return r->attrs;
}
