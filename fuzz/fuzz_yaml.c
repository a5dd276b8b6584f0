/* fuzz_yaml.c -- libFuzzer target: a scenario file through the path of
 * `crampsim validate` (YAML parser, scenario, parameters, arms, surveys,
 * sweep, trial, the model's checks of every arm, the resolved YAML), with
 * the real model file models/leg_cramps/model.yaml.
 *
 * The scenario is written to WORK/tests/configs/broken/fuzz.yaml, where
 * links make each model path used by configs/ and tests/configs/ resolve
 * as in the source tree:  ../models/... and ../../../models/... to the
 * real models, models/... to the broken models of the broken-config
 * corpus. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_status.h"
#include "fuzz_support.h"

static char scenario_path_[4096];

/* out = a/b, or the target stops: a cut path would link the wrong place. */
static void join_or_fail_(char *out, size_t cap, const char *a, const char *b)
{
    if ((size_t)snprintf(out, cap, "%s/%s", a, b) >= cap) fuzz_fail(a, 0);
}

static void link_or_fail_(const char *target, const char *dir, const char *name)
{
    char link[4200];
    join_or_fail_(link, sizeof link, dir, name);
    if (symlink(target, link) != 0) fuzz_fail(link, 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_start();
    const char *work = fuzz_workdir();
    char dir[4200];
    join_or_fail_(dir, sizeof dir, work, "tests");
    mkdir(dir, 0700);
    join_or_fail_(dir, sizeof dir, work, "tests/configs");
    mkdir(dir, 0700);
    link_or_fail_(CS_FUZZ_SOURCE_DIR "/models", work, "models");
    link_or_fail_(CS_FUZZ_SOURCE_DIR "/models", dir, "models");
    join_or_fail_(dir, sizeof dir, work, "tests/configs/broken");
    if (mkdir(dir, 0700) != 0) fuzz_fail(dir, 0);
    link_or_fail_(CS_FUZZ_SOURCE_DIR "/tests/configs/broken/models", dir, "models");
    join_or_fail_(scenario_path_, sizeof scenario_path_, dir, "fuzz.yaml");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write_file(scenario_path_, data, size);
    char *argv[] = {"validate", scenario_path_, NULL};
    cs_msg msg = fuzz_msg();
    int rc = cs_cmd_validate(2, argv, MPI_COMM_WORLD, &msg);
    /* whatever the file holds, validate accepts it or refuses it as bad
     * content: never an internal error, never a usage error (the command
     * line is fixed), and a refusal always says why */
    if (rc == CS_ERR_INTERNAL || rc == CS_ERR_USAGE) fuzz_fail("validate: unexpected status", rc);
    if (rc != CS_OK && msg.errors == 0) fuzz_fail("validate: refused without a message", rc);
    return 0;
}
