/* cs_yaml.h -- a read-only YAML document tree that remembers positions.
 *
 * Config and scenario loaders walk this tree instead of libyaml events so
 * that every later message can say FILE:LINE:COL of the offending key or
 * value.  The loader itself rejects what no caller should have to check:
 * malformed YAML, duplicate keys, non-scalar keys, several documents,
 * undefined aliases, tags other than string tags, and nesting deeper than
 * CS_YAML_MAX_DEPTH.
 *
 * Anchors and aliases are resolved: an alias shares the anchored node (the
 * tree is a DAG, positions are the anchor's).  The YAML 1.1 merge key
 * "<<: *base" (or "<<: [*a, *b]") is supported: explicit keys win over
 * merged ones, earlier merge sources win over later ones, merged pairs come
 * after the explicit ones and keep their original positions.
 *
 * Scalars stay text; the cs_yaml_to_* helpers convert on demand so the
 * caller can name the key when the text is of the wrong type. */
#ifndef CS_YAML_H
#define CS_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "cs_msg.h"

/* Deepest nesting of mappings and sequences accepted. */
#define CS_YAML_MAX_DEPTH 256

typedef enum { CS_YAML_SCALAR, CS_YAML_MAP, CS_YAML_SEQ } cs_yaml_kind;

typedef struct cs_yaml_node cs_yaml_node;

typedef struct cs_yaml_pair {
    const char *key;            /* the key's text */
    int line, col;              /* 1-based position of the key */
    const cs_yaml_node *value;  /* never NULL ("key:" gives an empty plain scalar) */
} cs_yaml_pair;

struct cs_yaml_node {
    cs_yaml_kind kind;
    int line, col;              /* 1-based position of the node's start */
    const char *scalar;         /* SCALAR: text (never NULL); NULL otherwise */
    int quoted;                 /* SCALAR: nonzero if single/double quoted, literal,
                                   folded or tagged !!str: a string, never a number */
    size_t n;                   /* MAP: pairs; SEQ: items; SCALAR: 0 */
    const cs_yaml_pair *pairs;  /* MAP: in document order, keys unique */
    const cs_yaml_node *const *items; /* SEQ */
};

/* Owns every node and string of one document. */
typedef struct cs_yaml_doc cs_yaml_doc;

/* Parses len bytes of text (any encoding libyaml detects; a NUL terminator
 * is not required).  name is used in messages and copied; NULL means
 * "<input>".  On success *out owns a new document (root NULL when the text
 * holds no document, only comments, or an empty document).  On failure
 * prints one message "NAME:LINE:COL: ..." through msg, leaves *out NULL and
 * returns CS_ERR_CONFIG (CS_ERR_NOMEM when memory ran out). */
int cs_yaml_load_string(const char *text, size_t len, const char *name, cs_msg *msg,
                        cs_yaml_doc **out);

/* Reads path with cs_file_read_all and parses it with name = path.  Returns
 * as cs_yaml_load_string, or CS_ERR_IO when the file cannot be read. */
int cs_yaml_load_file(const char *path, cs_msg *msg, cs_yaml_doc **out);

/* The root node, or NULL for an empty document.  Borrowed from d. */
const cs_yaml_node *cs_yaml_root(const cs_yaml_doc *d);

/* The name given at load time (the path for cs_yaml_load_file).  Borrowed. */
const char *cs_yaml_name(const cs_yaml_doc *d);

/* Frees the document and every node and string in it; sets *d = NULL.
 * Accepts d == NULL and *d == NULL. */
void cs_yaml_destroy(cs_yaml_doc **d);

/* The value of key in map; NULL if map is NULL, not a mapping, or has no
 * such key.  Keys compare exactly (case-sensitive). */
const cs_yaml_node *cs_yaml_get(const cs_yaml_node *map, const char *key);

/* As cs_yaml_get, but the whole pair (for the key's position). */
const cs_yaml_pair *cs_yaml_get_pair(const cs_yaml_node *map, const char *key);

/* Scalar conversions.  Each returns 0 and stores *out on success, or -1
 * (printing nothing, *out untouched) if n is NULL, not a scalar, quoted, or
 * not text of that type.
 *
 * Numbers: optional sign; an integer part "0" or without leading zeros
 * (010 is octal in YAML 1.1 and decimal in 1.2, so it is refused); '_'
 * allowed between two digits of the integer or fraction part.
 *
 * cs_yaml_to_double: decimal ("-0.5", "3", ".5", "5.") or exponent
 * notation ("1e6", "2.5E-3"), or .inf/+.inf/-.inf (any of .inf .Inf .INF).
 * Rejects nan, hex, empty text, trailing junk, and finite text whose value
 * overflows a double. */
int cs_yaml_to_double(const cs_yaml_node *n, double *out);

/* cs_yaml_to_int64: integer text ("42", "-7", "1_000_000"), or an exponent
 * form whose value is exactly an integer ("1e6", "2.5e3", "1.5E+2").
 * Rejects fractions ("1.5", "2.0", "25e-1"), overflow of int64_t, hex. */
int cs_yaml_to_int64(const cs_yaml_node *n, int64_t *out);

/* cs_yaml_to_bool: true/false, yes/no, on/off, each all lower case,
 * Capitalised or ALL CAPS.  (y/n are not accepted.) */
int cs_yaml_to_bool(const cs_yaml_node *n, int *out);

/* "a scalar", "a mapping" or "a sequence", for messages. */
const char *cs_yaml_kind_name(cs_yaml_kind k);

#endif
