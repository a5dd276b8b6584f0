/* cs_sysmem.c -- memory limits as Linux reports them (see cs_sysmem.h).
 * Anything unreadable counts as no limit: the check must never refuse a
 * run because a file is missing on some other system. */
#include "cs_sysmem.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* The first number of a file (kernel-written: one value per line); -1 if
 * none ("max" in a cgroup file reads as none). */
static double cs_read_number_(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    double v = -1;
    if (fscanf(f, "%lf", &v) != 1) v = -1;
    fclose(f);
    return v;
}

/* Field `key` of /proc/meminfo in bytes; -1 if absent. */
static double cs_meminfo_(const char *key)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) return -1;
    char line[256];
    double v = -1;
    const size_t len = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, len) == 0 && line[len] == ':') {
            double kib;
            if (sscanf(line + len + 1, "%lf", &kib) == 1) v = kib * 1024.0;
            break;
        }
    fclose(f);
    return v;
}

/* Keeps the tighter of *best and (bytes, what); bytes < 0: not known. */
static void cs_tighter_(cs_sysmem_limit *best, double bytes, const char *what)
{
    if (bytes < 0) return;
    if (best->what == NULL || bytes < best->bytes) *best = (cs_sysmem_limit){bytes, what};
}

cs_sysmem_limit cs_sysmem_process(void)
{
    cs_sysmem_limit best = {0, NULL};
    const double page = (double)sysconf(_SC_PAGE_SIZE);
    double size = -1, data = -1; /* pages of the address space and of data + stack */
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        double resident, shared, text, lib;
        if (fscanf(f, "%lf %lf %lf %lf %lf %lf", &size, &resident, &shared, &text, &lib, &data) != 6) size = data = -1;
        fclose(f);
    }
    struct rlimit rl;
    if (size >= 0 && getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        const double left = (double)rl.rlim_cur - size * page;
        cs_tighter_(&best, left > 0 ? left : 0, "the address-space limit (ulimit -v, RLIMIT_AS)");
    }
    if (data >= 0 && getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        const double left = (double)rl.rlim_cur - data * page;
        cs_tighter_(&best, left > 0 ? left : 0, "the data limit (ulimit -d, RLIMIT_DATA)");
    }
    return best;
}

cs_sysmem_limit cs_sysmem_node(void)
{
    cs_sysmem_limit best = {0, NULL};
    cs_tighter_(&best, cs_meminfo_("MemAvailable"), "MemAvailable in /proc/meminfo");
    const double max2 = cs_read_number_("/sys/fs/cgroup/memory.max");
    if (max2 >= 0) {
        const double used = cs_read_number_("/sys/fs/cgroup/memory.current");
        cs_tighter_(&best, max2 - (used > 0 ? used : 0), "the cgroup's memory.max");
    }
    const double max1 = cs_read_number_("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    if (max1 >= 0 && max1 < 1e18) { /* v1 writes a huge number for no limit */
        const double used = cs_read_number_("/sys/fs/cgroup/memory/memory.usage_in_bytes");
        cs_tighter_(&best, max1 - (used > 0 ? used : 0), "the cgroup's memory.limit_in_bytes");
    }
    if (best.bytes < 0) best.bytes = 0;
    return best;
}
