/* fuzz_replay.c -- a main() for a fuzz target without libFuzzer: feeds
 * every file given, or every file of every directory given (in name
 * order), to LLVMFuzzerTestOneInput once.  ctest runs it over the seed
 * corpus and the regression corpus, so every crasher ever found is
 * replayed by any compiler; a crash or abort fails the test. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_support.h"

static size_t replayed_;

static void replay_file_(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) fuzz_fail(path, 0);
    uint8_t *data = NULL;
    size_t size = 0, cap = 0, got;
    do {
        if (size == cap && !(data = realloc(data, cap = 2 * cap + 4096))) fuzz_fail("out of memory", 0);
        got = fread(data + size, 1, cap - size, f);
        size += got;
    } while (got > 0);
    fclose(f);
    /* libFuzzer hands over a copy of exactly `size` bytes: so do we, so
     * that a read past the end is caught alike */
    uint8_t *exact = malloc(size ? size : 1);
    if (!exact) fuzz_fail("out of memory", 0);
    if (size) memcpy(exact, data, size);
    free(data);
    fprintf(stderr, "replay %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput(exact, size);
    free(exact);
    replayed_++;
}

static int by_name_(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay_path_(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) fuzz_fail(path, 0);
    if (!S_ISDIR(st.st_mode)) {
        replay_file_(path);
        return;
    }
    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, by_name_);
    if (n < 0) fuzz_fail(path, 0);
    for (int k = 0; k < n; k++) {
        if (names[k]->d_name[0] != '.') {
            char file[4096];
            snprintf(file, sizeof file, "%s/%s", path, names[k]->d_name);
            replay_file_(file);
        }
        free(names[k]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) replay_path_(argv[i]);
    fprintf(stderr, "replayed %zu inputs\n", replayed_);
    return 0;
}
