/* cs_cli.h -- the command line: `crampsim <command> [options]`.
 *
 * Exit codes (cs_status_exit_code): 0 success; 1 internal error; 2 bad
 * input (usage, configuration, not a result file); 3 input/output or HDF5
 * failure; 4 out of memory or beyond a resource limit. */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <mpi.h>

#include "cs_msg.h"

/* Entry point after MPI_Init; returns the process exit code. */
int cs_cli_main(int argc, char **argv, MPI_Comm comm);

/* Subcommands: argv[0] is the command name.  They return a status. */
int cs_cmd_run(int argc, char **argv, MPI_Comm comm, cs_msg *msg);
int cs_cmd_validate(int argc, char **argv, MPI_Comm comm, cs_msg *msg);
int cs_cmd_info(int argc, char **argv, MPI_Comm comm, cs_msg *msg);
int cs_cmd_report(int argc, char **argv, MPI_Comm comm, cs_msg *msg);

/* Shared option parsing: --set values are collected here. */
typedef struct cs_cli_sets {
    const char **v;
    size_t n;
} cs_cli_sets;

/* If argv[*i] is "--set K=V" or "--set=K=V", appends K=V (advancing *i) and
 * returns 1; returns -1 on a missing value (message printed); 0 otherwise. */
int cs_cli_take_set(int argc, char **argv, int *i, cs_cli_sets *sets, cs_msg *msg);
/* runs/<stem of config>.h5, the default result file (malloc'd; NULL: out of memory). */
char *cs_cli_default_output(const char *config);
/* Is argv[i] -h or --help? */
int cs_cli_is_help(const char *arg);

#endif
