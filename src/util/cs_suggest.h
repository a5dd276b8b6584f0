/* cs_suggest.h -- "did you mean" for unknown keys, commands and names. */
#ifndef CS_SUGGEST_H
#define CS_SUGGEST_H

#include <stddef.h>

/* Returns the candidate the user most likely meant by `word`, or NULL.
 * Comparison ignores ASCII case.  Rules, first that applies wins:
 *   1. the candidate closest by optimal-string-alignment distance
 *      (Levenshtein plus adjacent transpositions), if that distance is at
 *      most max(1, strlen(word) / 3); ties go to the earliest candidate,
 *      except that the candidate of rule 2, if any, wins a tie
 *      ("transmission.g" -> "transmission.gamma", not ".beta");
 *   2. the only candidate that starts with word, when word has >= 3 chars;
 *   3. the only candidate whose last dotted component equals word's last
 *      dotted component (e.g. "beta" or "x.beta" -> "transmission.beta"),
 *      when word or that candidate contains a dot.
 * NULL entries in candidates are skipped; an empty or NULL word gives NULL.
 * Words or candidates over 255 bytes are never matched by distance.  The
 * result points into candidates (borrowed). */
const char *cs_suggest(const char *word, const char *const *candidates, size_t n);

#endif
