/* main.c -- crampsim: MPI set-up around the command line. */
#include <mpi.h>

#include "cs_cli.h"

int main(int argc, char **argv)
{
    int provided;
    /* HDF5 and MPI are called from one thread per rank only */
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int code = cs_cli_main(argc, argv, MPI_COMM_WORLD);
    MPI_Finalize();
    return code;
}
