/* cs_mem.c -- counting allocator.  Each block carries a small header that
 * links it into the context's list, so live blocks can be listed by label.
 * Blocks are few (one per column and buffer), so a list is enough. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "cs_mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "cs_status.h"

typedef struct cs_mem_block {
    struct cs_mem_block *prev, *next;
    const char *what;
    size_t bytes;
    max_align_t align_; /* keeps the payload maximally aligned */
} cs_mem_block;

struct cs_mem {
    cs_mem_block head; /* sentinel of a circular list */
    size_t bytes, peak, blocks;
};

/* Agent columns are long arrays walked every night: ask for transparent huge
 * pages where the kernel grants them on request (THP "madvise" mode), which
 * spares the TLB a miss every 4 KiB.  Only whole aligned pages inside the
 * block are advised; failure is harmless. */
static void cs_mem_hugepages_(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (bytes < 2 * huge) return;
    uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1), hi = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (hi > lo) madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

int cs_mem_create(cs_mem **out)
{
    cs_mem *m = calloc(1, sizeof *m);
    if (!m) return CS_ERR_NOMEM;
    m->head.prev = m->head.next = &m->head;
    *out = m;
    return CS_OK;
}

void cs_mem_destroy(cs_mem **m)
{
    if (!m || !*m) return;
    free(*m);
    *m = NULL;
}

void *cs_mem_calloc(cs_mem *m, size_t count, size_t size, const char *what)
{
    if (size && count > (SIZE_MAX - sizeof(cs_mem_block)) / size) return NULL;
    size_t bytes = count * size;
    cs_mem_block *b = calloc(1, sizeof *b + bytes);
    if (!b) return NULL;
    cs_mem_hugepages_(b + 1, bytes);
    b->what = what;
    b->bytes = bytes;
    b->next = m->head.next;
    b->prev = &m->head;
    m->head.next->prev = b;
    m->head.next = b;
    m->bytes += bytes;
    m->blocks++;
    if (m->bytes > m->peak) m->peak = m->bytes;
    return b + 1;
}

void cs_mem_free(cs_mem *m, void *p)
{
    if (!p) return;
    cs_mem_block *b = (cs_mem_block *)p - 1;
    b->prev->next = b->next;
    b->next->prev = b->prev;
    m->bytes -= b->bytes;
    m->blocks--;
    free(b);
}

size_t cs_mem_bytes(const cs_mem *m) { return m->bytes; }
size_t cs_mem_peak(const cs_mem *m) { return m->peak; }
size_t cs_mem_live_blocks(const cs_mem *m) { return m->blocks; }

void cs_mem_each(const cs_mem *m, void (*fn)(const char *what, size_t bytes, void *ctx), void *ctx)
{
    for (const cs_mem_block *b = m->head.next; b != &m->head; b = b->next) fn(b->what, b->bytes, ctx);
}
