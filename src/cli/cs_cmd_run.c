/* cs_cmd_run.c -- `crampsim run`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs_cli.h"
#include "cs_run.h"
#include "cs_status.h"

static const char cs_run_help[] =
    "usage: crampsim run CONFIG [-o FILE] [--threads N] [--set KEY=VALUE]... [--quiet]\n"
    "                    [--checkpoint-every N] [--checkpoint CKPT] [--resume] [--no-branch] [--no-memory-check]\n"
    "                    [--no-disk-check]\n"
    "\n"
    "Simulates the scenario in CONFIG and writes the results to FILE (HDF5),\n"
    "default runs/<name of CONFIG>.h5.  The file appears only when complete;\n"
    "while the run goes on it is FILE.partial.\n"
    "\n"
    "  -o, --output FILE     result file\n"
    "  --threads N           OpenMP threads per process (default: OMP_NUM_THREADS or all cores)\n"
    "  --set KEY=VALUE       override a setting or model parameter, e.g.\n"
    "                        --set population.size=1e6 --set susceptibility.rate_sigma=1.2\n"
    "  -q, --quiet           no progress line and no summary\n"
    "  --checkpoint-every N  write the run's whole state to CKPT every N nights and after\n"
    "                        each replicate (docs/hpc.md); removed when the run is complete\n"
    "  --checkpoint CKPT     checkpoint file (default FILE.ckpt)\n"
    "  --resume              go on from CKPT, if there is one, to the same results as a run\n"
    "                        never stopped (same scenario and --set options; any threads\n"
    "                        and ranks)\n"
    "  --no-branch           run each arm from night 0; by default, when every policy starts\n"
    "                        after night 0, the nights before are run once and every arm\n"
    "                        branches from them (same results; this saves time, that saves\n"
    "                        one simulation's memory; checkpoints imply --no-branch)\n"
    "  --no-memory-check     allocate even when the estimate of a rank's memory exceeds what\n"
    "                        its process or node has left (otherwise: exit 4 before allocating)\n"
    "  --no-disk-check       write even when the estimate of the output's size exceeds the free\n"
    "                        space of its folder or the file-size limit, ulimit -f (otherwise:\n"
    "                        exit 4 before the run starts; docs/reliability.md, \"Limits\")\n"
    "\n"
    "A scenario with a sweep: section runs every point (docs/sweeps.md):\n"
    "  --point K           run point K alone, into FILE: the numbers it has in the sweep\n"
    "  --group-size G      MPI ranks per group of the task farm (default 1: each rank\n"
    "                      runs points on its own threads)\n"
    "  --resume            keep the points an interrupted sweep completed (FILE.points/)\n"
    "\n"
    "Results do not depend on the number of threads or MPI ranks.\n";

/* A whole number in [lo, hi] after option argv[*i]; -1 (message printed) if not. */
static long long cs_run_number_(int argc, char **argv, int *i, long long lo, long long hi, cs_msg *msg)
{
    const char *opt = argv[*i], *arg = *i + 1 < argc ? argv[*i + 1] : "";
    char *end = NULL;
    long long v = strtoll(arg, &end, 10);
    if (!arg[0] || *end || v < lo || v > hi) {
        cs_msg_error(msg, "%s needs a whole number from %lld to %lld, got '%s'", opt, lo, hi, arg);
        return -1;
    }
    ++*i;
    return v;
}

int cs_cmd_run(int argc, char **argv, MPI_Comm comm, cs_msg *msg)
{
    cs_run_opts o = {0};
    cs_cli_sets sets = {0};
    char *default_output = NULL;
    int rc = CS_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken = cs_cli_take_set(argc, argv, &i, &sets, msg);
        if (taken < 0) CS_ENSURE(0, CS_ERR_USAGE);
        if (taken) continue;
        if (cs_cli_is_help(a)) {
            int rank;
            MPI_Comm_rank(comm, &rank);
            if (rank == 0) fputs(cs_run_help, stdout);
            goto done;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '-') {
                cs_msg_error(msg, "%s needs a file name", a);
                CS_ENSURE(0, CS_ERR_USAGE);
            }
            o.output = argv[++i];
        } else if (strcmp(a, "--threads") == 0) {
            long long t = cs_run_number_(argc, argv, &i, 1, 4096, msg);
            CS_ENSURE(t > 0, CS_ERR_USAGE);
            o.threads = (int)t;
        } else if (strcmp(a, "--checkpoint-every") == 0) {
            long long n = cs_run_number_(argc, argv, &i, 1, INT32_MAX, msg);
            CS_ENSURE(n > 0, CS_ERR_USAGE);
            o.checkpoint_every = (int32_t)n;
        } else if (strcmp(a, "--stop-after-night") == 0) { /* for tests (docs/hpc.md): as if killed then */
            long long n = cs_run_number_(argc, argv, &i, 1, INT64_MAX, msg);
            CS_ENSURE(n > 0, CS_ERR_USAGE);
            o.stop_after = n;
        } else if (strcmp(a, "--checkpoint") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '-' || !argv[i + 1][0]) {
                cs_msg_error(msg, "%s needs a file name", a);
                CS_ENSURE(0, CS_ERR_USAGE);
            }
            o.checkpoint = argv[++i];
        } else if (strcmp(a, "--resume") == 0) {
            o.resume = 1;
        } else if (strcmp(a, "--no-memory-check") == 0) {
            o.no_memory_check = 1;
        } else if (strcmp(a, "--no-disk-check") == 0) {
            o.no_disk_check = 1;
        } else if (strcmp(a, "--no-branch") == 0) {
            o.no_branch = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o.quiet = 1;
        } else if (strcmp(a, "--point") == 0 || strcmp(a, "--group-size") == 0) {
            char *end = NULL;
            long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : -1;
            const long min = strcmp(a, "--point") == 0 ? 0 : 1;
            if (i + 1 >= argc || *end || v < min || v > 100000000) {
                cs_msg_error(msg, "%s needs a whole number of at least %ld, got '%s'", a, min,
                             i + 1 < argc ? argv[i + 1] : "");
                CS_ENSURE(0, CS_ERR_USAGE);
            }
            if (min == 0) {
                o.point = v;
                o.has_point = 1;
            } else
                o.group_size = (int)v;
            i++;
        } else if (strcmp(a, "--resume") == 0) {
            o.resume = 1;
        } else if (a[0] == '-' && a[1]) {
            cs_msg_error(msg, "run: unknown option '%s'; see 'crampsim run --help'", a);
            CS_ENSURE(0, CS_ERR_USAGE);
        } else if (!o.config) {
            o.config = a;
        } else {
            cs_msg_error(msg, "run: one scenario file at a time (got '%s' and '%s')", o.config, a);
            CS_ENSURE(0, CS_ERR_USAGE);
        }
    }
    if (!o.config) {
        cs_msg_error(msg, "run: missing scenario file; usage: crampsim run CONFIG [-o FILE]");
        CS_ENSURE(0, CS_ERR_USAGE);
    }
    if (!o.output) {
        default_output = cs_cli_default_output(o.config);
        CS_ENSURE(default_output, CS_ERR_NOMEM);
        o.output = default_output;
        int rank;
        MPI_Comm_rank(comm, &rank);
        if (rank == 0) mkdir("runs", 0777); /* the default folder; an error shows when the file is created */
    }
    if (o.checkpoint && !o.checkpoint_every && !o.resume) {
        cs_msg_error(msg, "run: --checkpoint names the file of --checkpoint-every N or --resume; give one of them");
        CS_ENSURE(0, CS_ERR_USAGE);
    }
    if (o.checkpoint && strcmp(o.checkpoint, o.output) == 0) {
        cs_msg_error(msg, "run: the checkpoint and the result file are both '%s'; give two different files",
                     o.output);
        CS_ENSURE(0, CS_ERR_USAGE);
    }
    o.sets = sets.v;
    o.n_sets = sets.n;
    rc = cs_run_main(&o, comm, msg);
done:
    free(sets.v);
    free(default_output);
    return rc;
}
