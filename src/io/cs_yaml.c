/* cs_yaml.c -- YAML document tree built from libyaml events.
 *
 * The event API (not yaml_parser_load) is used so that key positions are
 * kept and duplicate keys, aliases and merge keys are handled as they
 * arrive.  Open collections sit on a stack of frames with growable scratch
 * arrays; when a collection ends its pairs or items are copied into the
 * document's arena, which owns every node and string and is freed in one
 * go.  Config files are small: duplicate detection and lookups are linear
 * scans (O(keys^2) per mapping). */
#include "cs_yaml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cs_status.h"
#include "cs_strbuf.h"

/* ---- arena ---------------------------------------------------------- */

enum { CS_YAML_BLOCK_BYTES = 16384 };

typedef struct cs_yaml_block_ {
    struct cs_yaml_block_ *next;
    size_t used, cap; /* in units of max_align_t */
    max_align_t data[];
} cs_yaml_block_;

struct cs_yaml_doc {
    cs_yaml_block_ *blocks; /* newest first */
    const char *name;       /* in the arena */
    const cs_yaml_node *root;
};

/* Returns size bytes of zeroed, aligned memory owned by d, or NULL. */
static void *cs_yaml_alloc_(cs_yaml_doc *d, size_t size)
{
    size_t units = size / sizeof(max_align_t) + 1;
    cs_yaml_block_ *b = d->blocks;
    if (!b || b->cap - b->used < units) {
        size_t cap = CS_YAML_BLOCK_BYTES / sizeof(max_align_t);
        if (cap < units) cap = units;
        if (cap > (SIZE_MAX - sizeof *b) / sizeof(max_align_t)) return NULL;
        b = malloc(sizeof *b + cap * sizeof(max_align_t));
        if (!b) return NULL;
        b->next = d->blocks;
        b->used = 0;
        b->cap = cap;
        d->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += units;
    memset(p, 0, size);
    return p;
}

/* Copies n bytes of s plus a NUL into d; NULL when memory runs out. */
static char *cs_yaml_strndup_(cs_yaml_doc *d, const char *s, size_t n)
{
    char *p = cs_yaml_alloc_(d, n + 1);
    if (p) memcpy(p, s, n);
    return p;
}

/* ---- builder state -------------------------------------------------- */

typedef struct cs_yaml_frame_ {
    cs_yaml_node *node;          /* in the arena; pairs/items set at the end */
    const char *anchor;          /* registered when the node ends, or NULL */
    cs_yaml_pair *pairs;         /* MAP scratch */
    const cs_yaml_node **items;  /* SEQ scratch */
    size_t n, cap;
    int have_key;                /* MAP: key read, value pending */
    int key_is_merge;            /* MAP: the pending key is "<<" */
    int merge_line;              /* MAP: line of the "<<" key, 0 if none */
    cs_yaml_pair key;            /* MAP: the pending key */
    const cs_yaml_node **merges; /* MAP: mappings to merge, in order */
    size_t nmerge, mergecap;
} cs_yaml_frame_;

typedef struct cs_yaml_anchor_ {
    const char *name;
    const cs_yaml_node *node;
} cs_yaml_anchor_;

typedef struct cs_yaml_builder_ {
    cs_yaml_doc *doc;
    const char *name;
    cs_msg *msg;
    cs_yaml_frame_ *stack;
    size_t depth, stackcap;
    cs_yaml_anchor_ *anchors;
    size_t nanchor, anchorcap;
    int ndocs;
} cs_yaml_builder_;

/* Returns p grown to hold at least need elements of elem bytes (updating
 * *cap), or NULL with p untouched when memory runs out. */
static void *cs_yaml_grow_(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return p;
    size_t c = *cap ? *cap * 2 : 8;
    if (c < need) c = need;
    if (c > SIZE_MAX / elem) return NULL;
    void *q = realloc(p, c * elem);
    if (q) *cap = c;
    return q;
}

static int cs_yaml_pos_(size_t zero_based)
{
    return zero_based >= (size_t)INT_MAX ? INT_MAX : (int)zero_based + 1;
}

static int cs_yaml_nomem_(cs_yaml_builder_ *b)
{
    cs_msg_at(b->msg, b->name, 0, 0, NULL, "out of memory while reading YAML");
    return CS_ERR_NOMEM;
}

static void cs_yaml_frame_free_(cs_yaml_frame_ *f)
{
    free(f->pairs);
    free(f->items);
    free(f->merges);
}

/* ---- tree construction ---------------------------------------------- */

/* Attaches a finished node (found at line:col; for an alias, the alias's
 * position) to the open collection, or makes it the root. */
static int cs_yaml_attach_(cs_yaml_builder_ *b, const cs_yaml_node *node, int line, int col)
{
    if (b->depth == 0) {
        /* "---" alone: a document holding only an empty plain scalar has no root */
        int empty = node->kind == CS_YAML_SCALAR && !node->quoted && !node->scalar[0];
        b->doc->root = empty ? NULL : node;
        return CS_OK;
    }
    cs_yaml_frame_ *f = &b->stack[b->depth - 1];
    if (f->node->kind == CS_YAML_SEQ) {
        void *p = cs_yaml_grow_(f->items, &f->cap, f->n + 1, sizeof *f->items);
        if (!p) return cs_yaml_nomem_(b);
        f->items = p;
        f->items[f->n++] = node;
        return CS_OK;
    }
    if (!f->have_key) {
        if (node->kind != CS_YAML_SCALAR) {
            cs_msg_at(b->msg, b->name, line, col, NULL, "mapping keys must be scalars, got %s",
                      cs_yaml_kind_name(node->kind));
            return CS_ERR_CONFIG;
        }
        if (!node->quoted && strcmp(node->scalar, "<<") == 0) {
            if (f->merge_line) {
                cs_msg_at(b->msg, b->name, line, col, "<<", "duplicate key (first at line %d)",
                          f->merge_line);
                return CS_ERR_CONFIG;
            }
            f->merge_line = line;
            f->key_is_merge = 1;
        } else {
            for (size_t i = 0; i < f->n; i++)
                if (strcmp(f->pairs[i].key, node->scalar) == 0) {
                    cs_msg_at(b->msg, b->name, line, col, node->scalar,
                              "duplicate key (first at line %d)", f->pairs[i].line);
                    return CS_ERR_CONFIG;
                }
        }
        f->key = (cs_yaml_pair){node->scalar, line, col, NULL};
        f->have_key = 1;
        return CS_OK;
    }
    f->have_key = 0;
    if (f->key_is_merge) {
        f->key_is_merge = 0;
        const cs_yaml_node *const *src = &node;
        size_t count = 1;
        if (node->kind == CS_YAML_SEQ) {
            src = node->items;
            count = node->n;
        }
        for (size_t i = 0; i < count; i++)
            if (src[i]->kind != CS_YAML_MAP) {
                cs_msg_at(b->msg, b->name, f->key.line, f->key.col, "<<",
                          "a merge key takes a mapping or a sequence of mappings, got %s%s",
                          node->kind == CS_YAML_SEQ ? "a sequence holding " : "",
                          cs_yaml_kind_name(src[i]->kind));
                return CS_ERR_CONFIG;
            }
        void *p = cs_yaml_grow_(f->merges, &f->mergecap, f->nmerge + count, sizeof *f->merges);
        if (!p) return cs_yaml_nomem_(b);
        f->merges = p;
        for (size_t i = 0; i < count; i++) f->merges[f->nmerge++] = src[i];
        return CS_OK;
    }
    void *p = cs_yaml_grow_(f->pairs, &f->cap, f->n + 1, sizeof *f->pairs);
    if (!p) return cs_yaml_nomem_(b);
    f->pairs = p;
    f->key.value = node;
    f->pairs[f->n++] = f->key;
    return CS_OK;
}

/* Records that anchor (a libyaml string, may be NULL) now names node. */
static int cs_yaml_anchor_add_(cs_yaml_builder_ *b, const char *anchor, const cs_yaml_node *node)
{
    if (!anchor) return CS_OK;
    void *p = cs_yaml_grow_(b->anchors, &b->anchorcap, b->nanchor + 1, sizeof *b->anchors);
    if (!p) return cs_yaml_nomem_(b);
    b->anchors = p;
    b->anchors[b->nanchor++] = (cs_yaml_anchor_){anchor, node};
    return CS_OK;
}

/* Rejects every tag but the string tags on scalars and the matching
 * collection tags; returns CS_OK or CS_ERR_CONFIG. */
static int cs_yaml_check_tag_(cs_yaml_builder_ *b, const yaml_char_t *utag, const char *allowed,
                              int line, int col)
{
    const char *tag = (const char *)utag;
    if (!tag || strcmp(tag, "!") == 0 || strcmp(tag, allowed) == 0) return CS_OK;
    cs_msg_at(b->msg, b->name, line, col, NULL,
              "unsupported YAML tag %s (write the plain value instead)", tag);
    return CS_ERR_CONFIG;
}

static int cs_yaml_on_scalar_(cs_yaml_builder_ *b, const yaml_event_t *ev)
{
    int line = cs_yaml_pos_(ev->start_mark.line), col = cs_yaml_pos_(ev->start_mark.column);
    const char *text = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    int rc = cs_yaml_check_tag_(b, ev->data.scalar.tag, YAML_STR_TAG, line, col);
    if (rc < 0) return rc;
    if (memchr(text, '\0', len)) {
        cs_msg_at(b->msg, b->name, line, col, NULL, "a scalar may not contain a NUL character");
        return CS_ERR_CONFIG;
    }
    cs_yaml_node *node = cs_yaml_alloc_(b->doc, sizeof *node);
    char *copy = node ? cs_yaml_strndup_(b->doc, text, len) : NULL;
    const char *anchor = NULL;
    if (copy && ev->data.scalar.anchor) {
        const char *a = (const char *)ev->data.scalar.anchor;
        anchor = cs_yaml_strndup_(b->doc, a, strlen(a));
        if (!anchor) copy = NULL;
    }
    if (!copy) return cs_yaml_nomem_(b);
    node->kind = CS_YAML_SCALAR;
    node->line = line;
    node->col = col;
    node->scalar = copy;
    node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || ev->data.scalar.tag;
    rc = cs_yaml_anchor_add_(b, anchor, node);
    if (rc < 0) return rc;
    return cs_yaml_attach_(b, node, line, col);
}

static int cs_yaml_on_alias_(cs_yaml_builder_ *b, const yaml_event_t *ev)
{
    int line = cs_yaml_pos_(ev->start_mark.line), col = cs_yaml_pos_(ev->start_mark.column);
    const char *name = (const char *)ev->data.alias.anchor;
    for (size_t i = b->nanchor; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return cs_yaml_attach_(b, b->anchors[i].node, line, col);
    cs_msg_at(b->msg, b->name, line, col, NULL,
              "undefined alias *%s (an anchor must be complete before it is used)", name);
    return CS_ERR_CONFIG;
}

static int cs_yaml_on_start_(cs_yaml_builder_ *b, const yaml_event_t *ev, cs_yaml_kind kind)
{
    int line = cs_yaml_pos_(ev->start_mark.line), col = cs_yaml_pos_(ev->start_mark.column);
    int map = kind == CS_YAML_MAP;
    const yaml_char_t *tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    const yaml_char_t *uanchor = map ? ev->data.mapping_start.anchor
                                     : ev->data.sequence_start.anchor;
    if (b->depth > 0) {
        const cs_yaml_frame_ *top = &b->stack[b->depth - 1];
        if (top->node->kind == CS_YAML_MAP && !top->have_key) {
            cs_msg_at(b->msg, b->name, line, col, NULL, "mapping keys must be scalars, got %s",
                      cs_yaml_kind_name(kind));
            return CS_ERR_CONFIG;
        }
    }
    int rc = cs_yaml_check_tag_(b, tag, map ? YAML_MAP_TAG : YAML_SEQ_TAG, line, col);
    if (rc < 0) return rc;
    if (b->depth >= CS_YAML_MAX_DEPTH) {
        cs_msg_at(b->msg, b->name, line, col, NULL, "nesting deeper than %d levels",
                  CS_YAML_MAX_DEPTH);
        return CS_ERR_CONFIG;
    }
    void *p = cs_yaml_grow_(b->stack, &b->stackcap, b->depth + 1, sizeof *b->stack);
    if (!p) return cs_yaml_nomem_(b);
    b->stack = p;
    cs_yaml_node *node = cs_yaml_alloc_(b->doc, sizeof *node);
    const char *anchor = NULL;
    if (node && uanchor) {
        anchor = cs_yaml_strndup_(b->doc, (const char *)uanchor, strlen((const char *)uanchor));
        if (!anchor) node = NULL;
    }
    if (!node) return cs_yaml_nomem_(b);
    node->kind = kind;
    node->line = line;
    node->col = col;
    b->stack[b->depth++] = (cs_yaml_frame_){.node = node, .anchor = anchor};
    return CS_OK;
}

/* Closes the innermost collection: copies its scratch array (and merged
 * pairs) into the arena, registers its anchor and attaches it. */
static int cs_yaml_on_end_(cs_yaml_builder_ *b)
{
    int rc = CS_OK;
    cs_yaml_frame_ f = b->stack[--b->depth];
    cs_yaml_node *node = f.node;
    if (node->kind == CS_YAML_SEQ) {
        const cs_yaml_node **items = cs_yaml_alloc_(b->doc, f.n * sizeof *items);
        CS_ENSURE(items, cs_yaml_nomem_(b));
        if (f.n) memcpy(items, f.items, f.n * sizeof *items);
        node->items = items;
        node->n = f.n;
    } else {
        size_t total = f.n;
        for (size_t i = 0; i < f.nmerge; i++) total += f.merges[i]->n;
        cs_yaml_pair *pairs = cs_yaml_alloc_(b->doc, total * sizeof *pairs);
        CS_ENSURE(pairs, cs_yaml_nomem_(b));
        if (f.n) memcpy(pairs, f.pairs, f.n * sizeof *pairs);
        size_t n = f.n;
        for (size_t m = 0; m < f.nmerge; m++)
            for (size_t j = 0; j < f.merges[m]->n; j++) {
                const cs_yaml_pair *src = &f.merges[m]->pairs[j];
                size_t k = 0;
                while (k < n && strcmp(pairs[k].key, src->key) != 0) k++;
                if (k == n) pairs[n++] = *src;
            }
        node->pairs = pairs;
        node->n = n;
    }
    CS_TRY(cs_yaml_anchor_add_(b, f.anchor, node));
    CS_TRY(cs_yaml_attach_(b, node, node->line, node->col));
done:
    cs_yaml_frame_free_(&f);
    return rc;
}

/* Prints libyaml's error for a failed yaml_parser_parse. */
static int cs_yaml_parse_error_(cs_yaml_builder_ *b, const yaml_parser_t *p, const char *text,
                                size_t len)
{
    if (p->error == YAML_MEMORY_ERROR) return cs_yaml_nomem_(b);
    const char *problem = p->problem ? p->problem : "unknown error";
    int line, col;
    if (p->error == YAML_READER_ERROR) {
        /* reader errors carry a byte offset, not a mark */
        size_t l = 0, c = 0;
        for (size_t i = 0; i < p->problem_offset && i < len; i++) {
            if (text[i] == '\n') {
                l++;
                c = 0;
            } else {
                c++;
            }
        }
        line = cs_yaml_pos_(l);
        col = cs_yaml_pos_(c);
        if (p->problem_value != -1) {
            cs_msg_at(b->msg, b->name, line, col, NULL, "malformed YAML: %s (#x%X)", problem,
                      (unsigned)p->problem_value);
            return CS_ERR_CONFIG;
        }
    } else {
        line = cs_yaml_pos_(p->problem_mark.line);
        col = cs_yaml_pos_(p->problem_mark.column);
    }
    if (p->context)
        cs_msg_at(b->msg, b->name, line, col, NULL, "malformed YAML: %s (%s at line %d, column %d)",
                  problem, p->context, cs_yaml_pos_(p->context_mark.line),
                  cs_yaml_pos_(p->context_mark.column));
    else
        cs_msg_at(b->msg, b->name, line, col, NULL, "malformed YAML: %s", problem);
    return CS_ERR_CONFIG;
}

/* Feeds one event to the builder; sets *end at the end of the stream. */
static int cs_yaml_on_event_(cs_yaml_builder_ *b, const yaml_event_t *ev, int *end)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->ndocs++ > 0) {
            cs_msg_at(b->msg, b->name, cs_yaml_pos_(ev->start_mark.line),
                      cs_yaml_pos_(ev->start_mark.column), NULL,
                      "only one YAML document per file is allowed");
            return CS_ERR_CONFIG;
        }
        return CS_OK;
    case YAML_SCALAR_EVENT: return cs_yaml_on_scalar_(b, ev);
    case YAML_ALIAS_EVENT: return cs_yaml_on_alias_(b, ev);
    case YAML_MAPPING_START_EVENT: return cs_yaml_on_start_(b, ev, CS_YAML_MAP);
    case YAML_SEQUENCE_START_EVENT: return cs_yaml_on_start_(b, ev, CS_YAML_SEQ);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT: return cs_yaml_on_end_(b);
    case YAML_STREAM_END_EVENT: *end = 1; return CS_OK;
    default: return CS_OK; /* stream start, document end, no event */
    }
}

int cs_yaml_load_string(const char *text, size_t len, const char *name, cs_msg *msg,
                        cs_yaml_doc **out)
{
    int rc = CS_OK;
    cs_yaml_builder_ b = {.msg = msg, .name = name ? name : "<input>"};
    yaml_parser_t parser;
    int have_parser = 0, have_event = 0, end = 0;
    yaml_event_t ev;
    *out = NULL;

    b.doc = calloc(1, sizeof *b.doc);
    CS_ENSURE(b.doc, cs_yaml_nomem_(&b));
    b.doc->name = cs_yaml_strndup_(b.doc, b.name, strlen(b.name));
    CS_ENSURE(b.doc->name, cs_yaml_nomem_(&b));
    b.name = b.doc->name;
    CS_ENSURE(yaml_parser_initialize(&parser), cs_yaml_nomem_(&b));
    have_parser = 1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)(text ? text : ""),
                                 text ? len : 0);
    while (!end) {
        CS_ENSURE(yaml_parser_parse(&parser, &ev), cs_yaml_parse_error_(&b, &parser, text, len));
        have_event = 1;
        CS_TRY(cs_yaml_on_event_(&b, &ev, &end));
        yaml_event_delete(&ev);
        have_event = 0;
    }
    *out = b.doc;
    b.doc = NULL;

done:
    if (have_event) yaml_event_delete(&ev);
    if (have_parser) yaml_parser_delete(&parser);
    for (size_t i = 0; i < b.depth; i++) cs_yaml_frame_free_(&b.stack[i]);
    free(b.stack);
    free(b.anchors);
    cs_yaml_destroy(&b.doc);
    return rc;
}

int cs_yaml_load_file(const char *path, cs_msg *msg, cs_yaml_doc **out)
{
    int rc = CS_OK;
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    CS_TRY(cs_file_read_all(path, msg, &text, &len));
    CS_TRY(cs_yaml_load_string(text, len, path, msg, out));
done:
    free(text);
    return rc;
}

const cs_yaml_node *cs_yaml_root(const cs_yaml_doc *d)
{
    return d ? d->root : NULL;
}

const char *cs_yaml_name(const cs_yaml_doc *d)
{
    return d ? d->name : NULL;
}

void cs_yaml_destroy(cs_yaml_doc **d)
{
    if (!d || !*d) return;
    cs_yaml_block_ *b = (*d)->blocks;
    while (b) {
        cs_yaml_block_ *next = b->next;
        free(b);
        b = next;
    }
    free(*d);
    *d = NULL;
}

const cs_yaml_pair *cs_yaml_get_pair(const cs_yaml_node *map, const char *key)
{
    if (!map || map->kind != CS_YAML_MAP || !key) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->pairs[i].key, key) == 0) return &map->pairs[i];
    return NULL;
}

const cs_yaml_node *cs_yaml_get(const cs_yaml_node *map, const char *key)
{
    const cs_yaml_pair *p = cs_yaml_get_pair(map, key);
    return p ? p->value : NULL;
}
