/* cs_ident.h -- identifiers: the names a scenario gives to surveys, arms
 * and interventions, which become parts of dataset and parameter paths. */
#ifndef CS_IDENT_H
#define CS_IDENT_H

#include <stddef.h>

/* 1 if name[0..len) is an identifier of at most `max` characters: an ASCII
 * letter or '_', then letters, digits or '_'. */
static inline int cs_ident_ok(const char *name, size_t len, size_t max)
{
    if (len == 0 || len > max) return 0;
    for (size_t i = 0; i < len; i++) {
        const char c = name[i];
        const int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!letter && !(i > 0 && c >= '0' && c <= '9')) return 0;
    }
    return 1;
}

#endif
