/* cs_cli.c -- dispatch to subcommands, top-level help and version. */
#include "cs_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "cs_suggest.h"
#include "cs_version.h"

static const char cs_cli_usage[] =
    "usage: crampsim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run CONFIG [-o FILE] [--threads N] [--set KEY=VALUE]... [--quiet]\n"
    "      [--checkpoint-every N [--checkpoint FILE]] [--resume]\n"
    "                    simulate a scenario and write the results (HDF5)\n"
    "  validate CONFIG [--set KEY=VALUE]...\n"
    "                    check a scenario and print every resolved setting\n"
    "  info FILE         describe a result file and print its headline figures\n"
    "  report FILE [-o DIR]\n"
    "                    tables, figures and an HTML report from a result file\n"
    "\n"
    "  crampsim <command> --help   help on one command\n"
    "  crampsim --version          version and git commit\n"
    "\n"
    "Under MPI: mpiexec -n 4 crampsim run CONFIG gives the same results as one process.\n"
    "exit codes: 0 ok, 1 internal error, 2 bad input, 3 I/O or HDF5 error, 4 out of memory or limits,\n"
    "  5 stopped before the end on request (a checkpoint to --resume from is kept)\n"
    "CRAMPSIM_READ_TIMEOUT=S: a read of an input file that libhdf5 has not finished after S s\n"
    "  (60 unset, 0 no limit; more for big datasets) stops crampsim: a damaged file (exit 2)\n";

int cs_cli_is_help(const char *arg) { return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0; }

char *cs_cli_default_output(const char *config)
{
    const char *base = strrchr(config, '/');
    base = base ? base + 1 : config;
    size_t len = strcspn(base, ".");
    size_t n = len + 16;
    char *out = malloc(n);
    if (out) snprintf(out, n, "runs/%.*s.h5", (int)len, base);
    return out;
}

int cs_cli_take_set(int argc, char **argv, int *i, cs_cli_sets *sets, cs_msg *msg)
{
    const char *arg = argv[*i], *value = NULL;
    if (strcmp(arg, "--set") == 0) {
        if (*i + 1 >= argc) {
            cs_msg_error(msg, "--set needs KEY=VALUE, e.g. --set population.size=1e6");
            return -1;
        }
        value = argv[++*i];
    } else if (strncmp(arg, "--set=", 6) == 0)
        value = arg + 6;
    else
        return 0;
    const char **v = realloc(sets->v, (sets->n + 1) * sizeof *v);
    if (!v) return -1;
    sets->v = v;
    sets->v[sets->n++] = value;
    return 1;
}

int cs_cli_main(int argc, char **argv, MPI_Comm comm)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    /* messages from rank 0 only: every rank detects the same input errors */
    cs_msg msg = {.stream = NULL, .quiet = rank != 0};
    if (argc < 2) {
        if (rank == 0) fputs(cs_cli_usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (cs_cli_is_help(cmd) || strcmp(cmd, "help") == 0) {
        if (rank == 0) fputs(cs_cli_usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        if (rank == 0) printf("crampsim %s (commit %s)\n", CS_VERSION, CS_GIT_COMMIT);
        return 0;
    }
    static const char *const commands[] = {"run", "validate", "info", "report"};
    int rc;
    if (strcmp(cmd, "run") == 0) rc = cs_cmd_run(argc - 1, argv + 1, comm, &msg);
    else if (strcmp(cmd, "validate") == 0) rc = cs_cmd_validate(argc - 1, argv + 1, comm, &msg);
    else if (strcmp(cmd, "info") == 0) rc = cs_cmd_info(argc - 1, argv + 1, comm, &msg);
    else if (strcmp(cmd, "report") == 0) rc = cs_cmd_report(argc - 1, argv + 1, comm, &msg);
    else {
        const char *s = cs_suggest(cmd, commands, sizeof commands / sizeof *commands);
        cs_msg_error(&msg, "unknown command '%s'%s%s%s; try 'crampsim --help'", cmd, s ? " (did you mean '" : "",
                     s ? s : "", s ? "'?)" : "");
        return 2;
    }
    /* What info and validate print is their result: a full disk under a
     * redirected stdout is an I/O error, not success. */
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc >= 0) {
        cs_msg_error(&msg, "cannot write to standard output");
        rc = CS_ERR_IO;
    }
    /* Each failure is meant to be told where it is detected; a path that
     * only propagates a code (memory short deep in a helper) still ends with
     * one line, never silently with a bare exit code. */
    if (rc < 0 && rc != CS_ERR_STOPPED && msg.errors == 0) cs_msg_error(&msg, "%s", cs_status_text(rc));
    return cs_status_exit_code(rc);
}
