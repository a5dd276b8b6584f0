/* cs_suggest.c -- nearest-candidate search for "did you mean" hints.
 *
 * Candidate lists are short (a schema's keys, a handful of commands), so a
 * plain O(n * |word| * |candidate|) dynamic programme on the stack is
 * enough; no allocation, so no failure mode besides "no suggestion". */
#include "cs_suggest.h"

#include <ctype.h>
#include <string.h>

enum { CS_SUGGEST_MAXLEN = 255 };

static int cs_lower_(char c)
{
    return tolower((unsigned char)c);
}

static size_t cs_min3_(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Optimal-string-alignment distance between a (length la) and b (length lb),
 * ignoring case; both lengths at most CS_SUGGEST_MAXLEN. */
static size_t cs_osa_(const char *a, size_t la, const char *b, size_t lb)
{
    size_t rows[3][CS_SUGGEST_MAXLEN + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = cs_lower_(a[i - 1]) == cs_lower_(b[j - 1]) ? 0 : 1;
            cur[j] = cs_min3_(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && cs_lower_(a[i - 1]) == cs_lower_(b[j - 2])
                && cs_lower_(a[i - 2]) == cs_lower_(b[j - 1])
                && prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* Nonzero if s starts with prefix, ignoring case. */
static int cs_has_prefix_(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (!*s || cs_lower_(*s) != cs_lower_(*prefix)) return 0;
    return 1;
}

/* The text after the last '.' of s (s itself when it has none). */
static const char *cs_last_component_(const char *s)
{
    const char *dot = strrchr(s, '.');
    return dot ? dot + 1 : s;
}

static int cs_equal_nocase_(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (cs_lower_(*a) != cs_lower_(*b)) return 0;
    return *a == *b;
}

/* The only candidate that starts with word (word of 3 or more chars), else
 * NULL. */
static const char *cs_unique_prefix_(const char *word, size_t lw, const char *const *candidates,
                                     size_t n)
{
    if (lw < 3) return NULL;
    const char *hit = NULL;
    for (size_t i = 0; i < n; i++)
        if (candidates[i] && cs_has_prefix_(candidates[i], word)) {
            if (hit) return NULL;
            hit = candidates[i];
        }
    return hit;
}

/* The only candidate whose last dotted component equals word's (when word or
 * that candidate has a dot), else NULL. */
static const char *cs_unique_last_(const char *word, const char *const *candidates, size_t n)
{
    const char *wl = cs_last_component_(word);
    if (!wl[0]) return NULL;
    int word_dotted = wl != word;
    const char *hit = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *c = candidates[i];
        if (!c) continue;
        const char *cl = cs_last_component_(c);
        if ((word_dotted || cl != c) && cs_equal_nocase_(wl, cl)) {
            if (hit) return NULL;
            hit = c;
        }
    }
    return hit;
}

const char *cs_suggest(const char *word, const char *const *candidates, size_t n)
{
    if (!word || !word[0] || !candidates) return NULL;
    size_t lw = strlen(word);
    const char *prefix = cs_unique_prefix_(word, lw, candidates, n);

    /* nearest by distance; a unique prefix match wins a tie */
    if (lw <= CS_SUGGEST_MAXLEN) {
        size_t limit = lw / 3 > 1 ? lw / 3 : 1;
        const char *best = NULL;
        size_t best_d = limit + 1;
        for (size_t i = 0; i < n; i++) {
            const char *c = candidates[i];
            if (!c) continue;
            size_t lc = strlen(c);
            if (lc > CS_SUGGEST_MAXLEN) continue;
            /* the distance is at least the length difference */
            size_t diff = lc > lw ? lc - lw : lw - lc;
            if (diff > best_d || (diff == best_d && c != prefix)) continue;
            size_t d = cs_osa_(word, lw, c, lc);
            if (d > limit) continue;
            if (d < best_d || (d == best_d && c == prefix)) {
                best_d = d;
                best = c;
            }
        }
        if (best) return best;
    }
    if (prefix) return prefix;
    return cs_unique_last_(word, candidates, n);
}
