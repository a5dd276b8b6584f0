/* cs_rule.h -- target rules: small boolean expressions over agent attributes.
 *
 * A scenario gives rules as text, e.g. "age >= 65 && (diuretic || nights_30d
 * >= 4)"; the model supplies the attributes a rule may name.  A rule is
 * compiled once at setup into a short postfix program (one allocation) and
 * then evaluated per agent, millions of times a night, with no allocation:
 * eval runs on a fixed local stack whose depth is bounded at compile time,
 * and && / || jump over their right operand, so attributes that cannot
 * change the answer are not read.  The language (operators, precedence,
 * truthiness, errors) is documented for users in docs/rules.md.
 *
 * Values are doubles, as in C: comparisons, !, && and || give 0 or 1, true
 * and false are 1 and 0, and a value used as a boolean is true when it is
 * != 0 (so NaN is true).  x / 0 is 0, never inf or NaN. */
#ifndef CS_RULE_H
#define CS_RULE_H

#include <stddef.h>

/* Longest rule text in bytes. */
#define CS_RULE_MAX_TEXT 1024
/* Deepest nesting (parentheses and prefix operators) and most values
 * pending at once during evaluation; deeper rules are refused. */
#define CS_RULE_MAX_DEPTH 32
/* Most attributes a table may hold. */
#define CS_RULE_MAX_ATTRS 65535

/* An attribute a rule may name; the model supplies a table of these. */
typedef struct cs_rule_attr {
    const char *name; /* identifier: a letter or '_', then letters, digits, '_';
                         not one of the words and, or, not, true, false */
    const char *help; /* one line, for listings (not read by this module) */
} cs_rule_attr;

/* Reads attribute `attr` (an index into the table given to compile) of
 * agent i.  Called only for attributes the rule names, at most once per
 * appearance of the name in the rule, from the thread that calls eval. */
typedef double (*cs_rule_get_fn)(const void *ctx, int attr, size_t i);

typedef struct cs_rule cs_rule; /* opaque compiled rule */

/* Why a rule was refused. */
typedef struct cs_rule_error {
    int column;        /* 1-based byte column in the text; 0 when no position
                          applies (a bad attribute table).  Text before the
                          column is ASCII, so bytes and characters agree,
                          except past the length limit. */
    char message[256]; /* "unknown attribute 'x' (did you mean 'y'?)": no
                          file, key or column prefix, no final newline */
} cs_rule_error;

/* Compiles `text` against the attribute table attrs[0 .. n_attrs) (borrowed
 * only during the call: the rule keeps indices, not names) into *out.
 * Returns CS_OK; CS_ERR_CONFIG for a rule the user must fix (empty, longer
 * than CS_RULE_MAX_TEXT, a stray character or a lone '&', '|' or '=', a
 * malformed number, an unknown attribute, a missing operand, unbalanced
 * parentheses, chained comparisons, '!' before an unparenthesised
 * comparison or arithmetic, trailing text, nesting deeper than
 * CS_RULE_MAX_DEPTH); CS_ERR_INTERNAL for a NULL argument or a bad table
 * (a name that is not an identifier, a keyword or a duplicate, more than
 * CS_RULE_MAX_ATTRS rows); CS_ERR_NOMEM.  On failure *out is NULL and, when
 * err is not NULL, err holds the column and message of the first problem
 * from the left. */
int cs_rule_compile(const char *text, const cs_rule_attr *attrs, size_t n_attrs, cs_rule **out,
                    cs_rule_error *err);

/* Frees *r and sets it to NULL; r or *r NULL is allowed. */
void cs_rule_destroy(cs_rule **r);

/* 1 when the rule holds for agent i, else 0.  Reads attributes through
 * get(ctx, attr, i) only, left to right, skipping the right operand of &&
 * (|| ) when the left is false (true).  Never allocates; safe to call from
 * many threads on the same rule. */
int cs_rule_eval(const cs_rule *r, cs_rule_get_fn get, const void *ctx, size_t i);

/* The rule's value as a number (comparisons and logic give 0 or 1), read
 * as cs_rule_eval reads it; cs_rule_eval is this value != 0. */
double cs_rule_value(const cs_rule *r, cs_rule_get_fn get, const void *ctx, size_t i);

/* The text the rule was compiled from (a copy owned by the rule). */
const char *cs_rule_text(const cs_rule *r);

/* The attributes the rule names, as table indices in increasing order
 * without repeats; *n gets their number.  Borrowed from the rule.  A
 * caller can skip preparing attributes not in the list. */
const int *cs_rule_attrs(const cs_rule *r, size_t *n);

#endif
