/* cs_mem.h -- counting allocator for everything allocated at setup.
 *
 * All per-agent columns and engine buffers go through one cs_mem so that a
 * run can report bytes per agent and list what was not freed.  Nothing in
 * the nightly loop allocates.  Not thread-safe: allocate at setup only. */
#ifndef CS_MEM_H
#define CS_MEM_H

#include <stddef.h>

typedef struct cs_mem cs_mem;

/* Creates an accounting context; returns CS_ERR_NOMEM on failure. */
int cs_mem_create(cs_mem **out);
/* Frees the context (not the blocks: a leak is reported by cs_mem_live). */
void cs_mem_destroy(cs_mem **m);

/* Zeroed block of `bytes` labelled `what` (a static string, kept for the
 * leak list).  Returns NULL when out of memory or bytes overflow. */
void *cs_mem_calloc(cs_mem *m, size_t count, size_t size, const char *what);
/* Releases a block from cs_mem_calloc; NULL is ignored. */
void cs_mem_free(cs_mem *m, void *p);

size_t cs_mem_bytes(const cs_mem *m);      /* live bytes now */
size_t cs_mem_peak(const cs_mem *m);       /* most live bytes at once */
size_t cs_mem_live_blocks(const cs_mem *m);
/* Calls fn for each live block (for leak reports and tests). */
void cs_mem_each(const cs_mem *m, void (*fn)(const char *what, size_t bytes, void *ctx), void *ctx);

#endif
