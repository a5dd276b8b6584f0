/* fuzz_support.c -- the harness shared by the fuzz targets (fuzz_support.h). */
#include "fuzz_support.h"

#include <ftw.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_LSAN 1
#endif
#elif defined(__SANITIZE_ADDRESS__)
#define FUZZ_LSAN 1
#endif

#ifdef FUZZ_LSAN
#include <sanitizer/lsan_interface.h>
/* Open MPI keeps what MPI_Init allocates until the process ends, and some
 * of it from plugins the leak checker cannot name; HDF5 1.10's metadata
 * cache loses what it loaded of a damaged object header (H5C_protect, a
 * few dozen bytes a file; docs/reliability.md): not crampsim's leaks. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    /* full stacks through libhdf5 (built without frame pointers), so that
     * the suppression below matches only HDF5's own leak; allocations past
     * 2 GiB fail as on a small machine (a damaged file can ask libhdf5 for
     * 64 GiB), so the out-of-memory paths are tested instead of aborting */
    return "fast_unwind_on_malloc=0:allocator_may_return_null=1:max_allocation_size_mb=2048";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libmpi.so\nleak:libopen-pal.so\nleak:libopen-rte.so\nleak:libhwloc.so\n"
           "leak:libevent\nleak:libpmix.so\nleak:mca_\nleak:H5C_protect\n";
}
#endif

static char fuzz_dir_[4096];

static void fuzz_stop_mpi_(void)
{
    int done = 0;
    MPI_Finalized(&done);
    if (!done) MPI_Finalize();
}

static int fuzz_remove_one_(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void fuzz_remove_dir_(void)
{
    /* depth first, links removed not followed */
    if (fuzz_dir_[0] && nftw(fuzz_dir_, fuzz_remove_one_, 16, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir_);
}

void fuzz_start(void)
{
    int started = 0;
    MPI_Initialized(&started);
    if (started) return;
    int provided;
#ifdef FUZZ_LSAN
    __lsan_disable(); /* see __lsan_default_suppressions */
#endif
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
#ifdef FUZZ_LSAN
    __lsan_enable();
#endif
    atexit(fuzz_stop_mpi_);
    if (!freopen("/dev/null", "w", stdout)) fuzz_fail("cannot silence stdout", 0);
}

const char *fuzz_workdir(void)
{
    if (fuzz_dir_[0]) return fuzz_dir_;
    const char *tmp = getenv("TMPDIR");
    snprintf(fuzz_dir_, sizeof fuzz_dir_, "%s/crampsim-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir_)) fuzz_fail("cannot make a work directory", 0);
    atexit(fuzz_remove_dir_);
    return fuzz_dir_;
}

void fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) fuzz_fail(path, 0);
}

cs_msg fuzz_msg(void)
{
    static FILE *sink;
    if (getenv("FUZZ_MESSAGES")) return (cs_msg){.stream = stderr}; /* to see why an input is refused */
    if (!sink && !(sink = fopen("/dev/null", "w"))) fuzz_fail("cannot open /dev/null", 0);
    return (cs_msg){.stream = sink};
}

_Noreturn void fuzz_fail(const char *what, int code)
{
    fprintf(stderr, "fuzz: %s (status %d)\n", what, code);
    abort();
}
