/* cs_agents.c -- allocation of the rank's agent columns.
 *
 * One block per declared column, allocated once at setup through the
 * counting allocator; the model reaches each column through the pointer
 * slot it declared.  Columns are cleared before each replicate. */
#include <string.h>

#include "cs_agents_alloc.h"
#include "cs_status.h"

size_t cs_agents_bytes_per_agent(const cs_layout *L)
{
    size_t b = 0;
    for (size_t k = 0; k < L->n_columns; k++) b += cs_ctype_size(L->columns[k].type);
    return b;
}

int cs_agents_alloc(const cs_layout *L, cs_mem *mem, size_t n)
{
    for (size_t k = 0; k < L->n_columns; k++) {
        const cs_column_decl *c = &L->columns[k];
        /* at least one element, so that an empty rank still has valid pointers */
        void *p = cs_mem_calloc(mem, n ? n : 1, cs_ctype_size(c->type), c->name);
        if (!p) return CS_ERR_NOMEM;
        *c->slot = p;
    }
    return CS_OK;
}

void cs_agents_clear(const cs_layout *L, size_t n)
{
    for (size_t k = 0; k < L->n_columns; k++)
        memset(*L->columns[k].slot, 0, (n ? n : 1) * cs_ctype_size(L->columns[k].type));
}

void cs_agents_free(const cs_layout *L, cs_mem *mem)
{
    for (size_t k = 0; k < L->n_columns; k++) {
        cs_mem_free(mem, *L->columns[k].slot);
        *L->columns[k].slot = NULL;
    }
}
