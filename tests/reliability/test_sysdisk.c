/* test_sysdisk.c -- the early disk check's decision (cs_sysdisk_decide):
 * the margin, unknown limits, the file-size limit before the free space;
 * and what cs_sysdisk_room_of reads: the file-size limit as set, a folder
 * not made yet answered by the nearest one that is. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include "cs_sysdisk.h"
#include "cs_test.h"

static const double MB = 1e6;

static void test_fits_below_and_at_the_limit(void)
{
    CU_ASSERT_EQUAL(cs_sysdisk_decide(1 * MB, 1 * MB, 10 * MB, 10 * MB), CS_SYSDISK_FITS);
    CU_ASSERT_EQUAL(cs_sysdisk_decide(10 * MB, 10 * MB, 10 * MB, 10 * MB), CS_SYSDISK_FITS);
    CU_ASSERT_EQUAL(cs_sysdisk_decide(0, 0, 0, 0), CS_SYSDISK_FITS);
}

static void test_refuses_only_beyond_the_margin(void)
{
    const double in = 10 * MB * (1.0 + CS_SYSDISK_MARGIN) * 0.999, out = 10 * MB * (1.0 + CS_SYSDISK_MARGIN) * 1.001;
    CU_ASSERT(CS_SYSDISK_MARGIN > 0 && CS_SYSDISK_MARGIN < 0.5);
    CU_ASSERT_EQUAL(cs_sysdisk_decide(in, 1 * MB, 10 * MB, -1), CS_SYSDISK_FITS);
    CU_ASSERT_EQUAL(cs_sysdisk_decide(out, 1 * MB, 10 * MB, -1), CS_SYSDISK_NO_ROOM);
    CU_ASSERT_EQUAL(cs_sysdisk_decide(1 * MB, in, -1, 10 * MB), CS_SYSDISK_FITS);
    CU_ASSERT_EQUAL(cs_sysdisk_decide(1 * MB, out, -1, 10 * MB), CS_SYSDISK_TOO_LARGE);
}

static void test_unknown_limits_never_refuse(void)
{
    CU_ASSERT_EQUAL(cs_sysdisk_decide(1e18, 1e18, -1, -1), CS_SYSDISK_FITS);
}

static void test_the_file_size_limit_comes_first(void)
{
    /* both exceeded: the file-size limit is named (no other folder helps) */
    CU_ASSERT_EQUAL(cs_sysdisk_decide(100 * MB, 100 * MB, 1 * MB, 1 * MB), CS_SYSDISK_TOO_LARGE);
    /* the files together exceed the free space, each alone fits the file-size limit */
    CU_ASSERT_EQUAL(cs_sysdisk_decide(30 * MB, 10 * MB, 20 * MB, 15 * MB), CS_SYSDISK_NO_ROOM);
}

static void test_room_reads_the_file_size_limit_and_the_folder(void)
{
    struct rlimit old;
    CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old) == 0);
    struct rlimit rl = old;
    rl.rlim_cur = 5 * 1024 * 1024;
    if (old.rlim_max != RLIM_INFINITY && old.rlim_max < rl.rlim_cur) rl.rlim_cur = old.rlim_max;
    CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &rl) == 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/not/made/yet.h5", cs_test_tmpdir());
    const cs_sysdisk_room room = cs_sysdisk_room_of(path);
    CU_ASSERT_EQUAL(room.fsize_limit, (double)rl.rlim_cur);
    struct statvfs fs;
    CU_ASSERT_FATAL(statvfs(cs_test_tmpdir(), &fs) == 0);
    const double free_bytes = (double)fs.f_bavail * (double)fs.f_frsize;
    CU_ASSERT(room.have_dev);
    CU_ASSERT(room.free_bytes >= 0 && fabs(room.free_bytes - free_bytes) <= 0.01 * free_bytes + 1e8);
    CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &old) == 0);
    CU_ASSERT(cs_sysdisk_room_of("relative.h5").free_bytes >= 0); /* the current folder */
}

static void test_human_sizes(void)
{
    char buf[32];
    CU_ASSERT_STRING_EQUAL(cs_sysdisk_human(512, buf, sizeof buf), "512 bytes");
    CU_ASSERT_STRING_EQUAL(cs_sysdisk_human(1.5e6, buf, sizeof buf), "1.5 MB");
    CU_ASSERT_STRING_EQUAL(cs_sysdisk_human(2.25e9, buf, sizeof buf), "2.25 GB");
}

int main(void)
{
    static const cs_test_case cases[] = {
        {"fits below and at the limit", test_fits_below_and_at_the_limit},
        {"refuses only beyond the margin", test_refuses_only_beyond_the_margin},
        {"unknown limits never refuse", test_unknown_limits_never_refuse},
        {"the file-size limit comes first", test_the_file_size_limit_comes_first},
        {"room reads the file-size limit and the folder", test_room_reads_the_file_size_limit_and_the_folder},
        {"human sizes", test_human_sizes},
        {NULL, NULL},
    };
    return cs_test_run("sysdisk", cases);
}
