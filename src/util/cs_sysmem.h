/* cs_sysmem.h -- how much memory a process may still take, from what the
 * system says (Linux): so that a run too large for the machine stops
 * before it allocates, with the estimate and the limit that refuses it. */
#ifndef CS_SYSMEM_H
#define CS_SYSMEM_H

/* One limit: bytes still free under it (0 when it is not set or not
 * known), and where it comes from, for messages. */
typedef struct cs_sysmem_limit {
    double bytes;
    const char *what;
} cs_sysmem_limit;

/* Limits of this process alone: the address space left under RLIMIT_AS
 * (ulimit -v) and the data left under RLIMIT_DATA (ulimit -d), less
 * what the process already uses.  The tighter of the two. */
cs_sysmem_limit cs_sysmem_process(void);
/* Limits the processes of a node share: MemAvailable of /proc/meminfo
 * and the room left under the cgroup's memory.max (v2) or
 * memory.limit_in_bytes (v1).  The tighter of the two. */
cs_sysmem_limit cs_sysmem_node(void);

#endif
