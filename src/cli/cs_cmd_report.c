/* cs_cmd_report.c -- `crampsim report FILE [-o DIR]`: hands the file to the
 * Python report (analysis/report.py, Debian's python3 with h5py, numpy and
 * matplotlib) and returns its verdict.  The engine stays C; analysis stays
 * in Python where plotting lives. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cs_cli.h"
#include "cs_status.h"

extern char **environ;

static const char cs_report_help[] =
    "usage: crampsim report FILE [-o DIR]\n"
    "\n"
    "Turns a result file into tables (CSV, Markdown), figures (PNG) and one\n"
    "self-contained HTML report in DIR (default FILE-report/); a file with\n"
    "several policy arms also gets their comparison against the reference\n"
    "(paired differences, NNT, ICER, acceptability; docs/analysis.md).  Runs\n"
    "analysis/report.py with Debian's Python; CRAMPSIM_PYTHON and\n"
    "CRAMPSIM_ANALYSIS_DIR override the interpreter and the script's folder.\n"
    "Exit codes as the script's: 0 written, 2 not a readable result file,\n"
    "3 the folder cannot be written.\n";

int cs_cmd_report(int argc, char **argv, MPI_Comm comm, cs_msg *msg)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    for (int i = 1; i < argc; i++)
        if (cs_cli_is_help(argv[i])) {
            if (rank == 0) fputs(cs_report_help, stdout);
            return CS_OK;
        }
    if (argc < 2) {
        cs_msg_error(msg, "report: missing result file; usage: crampsim report FILE [-o DIR]");
        return CS_ERR_USAGE;
    }
    int status = 0;
    if (rank == 0) {
        const char *python = getenv("CRAMPSIM_PYTHON"), *dir = getenv("CRAMPSIM_ANALYSIS_DIR");
        char script[4096];
        snprintf(script, sizeof script, "%s/report.py", dir ? dir : CS_ANALYSIS_DIR);
        char **args = calloc((size_t)argc + 3, sizeof *args);
        if (!args) return CS_ERR_NOMEM;
        args[0] = (char *)(python ? python : "/usr/bin/python3");
        args[1] = script;
        for (int i = 1; i < argc; i++) args[i + 1] = argv[i];
        pid_t pid;
        int err = posix_spawn(&pid, args[0], NULL, NULL, args, environ);
        free(args);
        if (err) {
            cs_msg_error(msg, "report: cannot start %s: %s", python ? python : "/usr/bin/python3", strerror(err));
            status = 1;
        } else if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
            status = 1;
        } else {
            status = WEXITSTATUS(status);
        }
    }
    MPI_Bcast(&status, 1, MPI_INT, 0, comm);
    switch (status) {
    case 0: return CS_OK;
    case 2: return CS_ERR_FORMAT;
    case 3: return CS_ERR_IO;
    default: return CS_ERR_INTERNAL;
    }
}
