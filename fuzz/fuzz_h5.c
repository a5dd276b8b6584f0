/* fuzz_h5.c -- libFuzzer target: an HDF5 file through the readers of
 * `crampsim info` and of `crampsim run --resume`.  HDF5 opens files by
 * path, so each input is written to WORK/input.h5 and read there as
 *   1. a result file, by the whole `info` command;
 *   2. a checkpoint of the run of fuzz/h5_scenario.yaml: cs_ckpt_load,
 *      then what a resumed run restores (the results of the arms done
 *      before and the state of the arm in progress).
 * Both must accept the file or refuse it with a message: never an
 * internal error.  Crashes inside libhdf5 itself are the library's (see
 * docs/reliability.md, "Fuzzing"). */
#include <stdio.h>
#include <stdlib.h>

#include "cs_checkpoint.h"
#include "cs_cli.h"
#include "cs_scenario.h"
#include "cs_sim.h"
#include "cs_status.h"
#include "fuzz_support.h"

static char input_path_[4096];
static cs_scenario *scenario_;

static void release_scenario_(void)
{
    cs_scenario_destroy(&scenario_);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_start();
    snprintf(input_path_, sizeof input_path_, "%s/input.h5", fuzz_workdir());
    cs_msg msg = {0};
    int rc = cs_scenario_load(CS_FUZZ_SOURCE_DIR "/fuzz/h5_scenario.yaml", NULL, 0, MPI_COMM_WORLD, &msg, &scenario_);
    if (rc != CS_OK) fuzz_fail("cannot load fuzz/h5_scenario.yaml", rc);
    atexit(release_scenario_);
    return 0;
}

static void check_refusal_(const char *what, int rc, const cs_msg *msg)
{
    if (rc == CS_ERR_INTERNAL || rc == CS_ERR_USAGE) fuzz_fail(what, rc);
    if (rc != CS_OK && msg->errors == 0) fuzz_fail(what, rc);
}

/* A simulation of arm `arm` of the scenario, as a resumed run makes it. */
static int new_sim_(int32_t arm, cs_msg *msg, cs_sim **sim)
{
    cs_sim_config cfg = cs_scenario_sim_config(scenario_, 1, MPI_COMM_WORLD);
    cfg.arm = &scenario_->arms[arm];
    return cs_sim_create(scenario_->ops, scenario_->params, &cfg, msg, sim);
}

/* What `run --resume` reads of a checkpoint, short of running on. */
static int resume_(cs_ckpt *c, cs_msg *msg)
{
    int rc = CS_OK, found = 0;
    cs_ckpt_pos pos = {0, 0, 0};
    cs_sim *sim = NULL;
    CS_TRY(cs_ckpt_load(c, &found, &pos));
    if (!found) fuzz_fail("checkpoint: the file written was not found", 0);
    for (int32_t a = 0; a < pos.arm; a++) {
        CS_TRY(new_sim_(a, msg, &sim));
        CS_TRY(cs_ckpt_restore_arm(c, sim, a));
        cs_sim_destroy(&sim);
    }
    CS_TRY(new_sim_(pos.arm, msg, &sim));
    CS_TRY(cs_ckpt_restore_state(c, sim));
done:
    cs_sim_destroy(&sim);
    cs_ckpt_close(c);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write_file(input_path_, data, size);
    char *argv[] = {"info", input_path_, NULL};
    cs_msg msg = fuzz_msg();
    check_refusal_("info: unexpected status or no message", cs_cmd_info(2, argv, MPI_COMM_WORLD, &msg), &msg);

    msg = fuzz_msg();
    cs_ckpt *c = NULL;
    int rc = cs_ckpt_create(input_path_, scenario_, MPI_COMM_WORLD, &msg, &c);
    if (rc != CS_OK) fuzz_fail("checkpoint: cannot create", rc);
    check_refusal_("resume: unexpected status or no message", resume_(c, &msg), &msg);
    cs_ckpt_destroy(&c);
    return 0;
}
