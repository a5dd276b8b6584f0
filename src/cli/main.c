/* main.c -- crampsim: MPI set-up around the command line. */
#include <mpi.h>
#include <signal.h>
#include <stdlib.h>

#include "cs_cli.h"
#include "cs_h5.h"

/* Seconds an HDF5 read of an input file may take before crampsim takes the
 * file for damaged (cs_h5r_watchdog): CRAMPSIM_READ_TIMEOUT, 0 for no
 * limit; 60 when unset or not a whole number. */
static unsigned cs_read_limit_(void)
{
    const char *v = getenv("CRAMPSIM_READ_TIMEOUT");
    char *end = NULL;
    unsigned long s = v && *v ? strtoul(v, &end, 10) : 60;
    if (v && *v && (*end || v[0] == '-' || s > 86400)) s = 60;
    return (unsigned)s;
}

int main(int argc, char **argv)
{
    /* Started without mpiexec, Open MPI would fork a runtime daemon that we
     * never need (no spawning): starting isolated saves about half a second
     * and a busy process beside the run.  An isolated process has no session
     * folder, which the shared-memory shared-file-pointer component of MPI-IO
     * wants (and complains about on stderr); HDF5 never uses shared file
     * pointers, so that component is left out.  A user's own setting wins. */
    if (!getenv("OMPI_COMM_WORLD_SIZE")) {
        setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
        setenv("OMPI_MCA_sharedfp", "^sm", 0);
    }
    /* Past the file-size limit (ulimit -f) the kernel sends SIGXFSZ, which
     * kills at once and leaves a .partial file: ignored, the write fails
     * with EFBIG instead and the run ends with its message and exit 3. */
    signal(SIGXFSZ, SIG_IGN);
    int provided;
    /* HDF5 and MPI are called from one thread per rank only */
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    cs_h5r_watchdog(cs_read_limit_()); /* a damaged input file ends the run, never hangs it */
    int code = cs_cli_main(argc, argv, MPI_COMM_WORLD);
    MPI_Finalize();
    return code;
}
