/* cs_agree.c -- the status every rank agrees on (see cs_agree.h). */
#include "cs_agree.h"

#include <stdio.h>

#include "cs_status.h"

int cs_agree(int rc, MPI_Comm comm, cs_msg *msg)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    struct {
        int rc, rank;
    } in = {rc, rank}, out;
    MPI_Allreduce(&in, &out, 1, MPI_2INT, MPI_MINLOC, comm);
    if (out.rc >= 0) return out.rc;
    if (out.rank != 0) { /* rank 0 printed its own errors; this one's went to a quiet sink */
        char cause[sizeof msg->last];
        cs_agree_cause(out.rank, rc, comm, msg, cause, sizeof cause);
        if (rank == 0) cs_msg_error(msg, "rank %d of %d: %s; every rank stops", out.rank, ranks, cause);
    }
    return out.rc;
}

const char *cs_agree_text(const cs_msg *msg, int rc)
{
    return msg && msg->errors && msg->last[0] ? msg->last : cs_status_text(rc);
}

void cs_agree_cause(int from, int rc, MPI_Comm comm, const cs_msg *msg, char *cause, size_t size)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    cause[0] = '\0';
    if (rank == from) snprintf(cause, size, "%s", cs_agree_text(msg, rc));
    MPI_Bcast(cause, (int)size, MPI_CHAR, from, comm);
}
