/* main.c -- crampsim: MPI set-up around the command line. */
#include <mpi.h>
#include <signal.h>
#include <stdlib.h>

#include "cs_cli.h"

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
    int code = cs_cli_main(argc, argv, MPI_COMM_WORLD);
    MPI_Finalize();
    return code;
}
