/* cs_agents_alloc.h -- (engine-internal) allocation of declared columns. */
#ifndef CS_AGENTS_ALLOC_H
#define CS_AGENTS_ALLOC_H

#include "cs_layout.h"

/* Sum of the element sizes of all declared columns. */
size_t cs_agents_bytes_per_agent(const cs_layout *L);
/* Allocates every declared column for n agents and fills the model's slots. */
int cs_agents_alloc(const cs_layout *L, cs_mem *mem, size_t n);
/* Zeroes every column (before a replicate). */
void cs_agents_clear(const cs_layout *L, size_t n);
/* Frees the columns and clears the slots. */
void cs_agents_free(const cs_layout *L, cs_mem *mem);

#endif
