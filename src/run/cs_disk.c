/* cs_disk.c -- the early disk check (cs_disk.h).  Allocates nothing and
 * opens no file: it asks statvfs and getrlimit only. */
#include "cs_disk.h"

#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "cs_agree.h"
#include "cs_status.h"
#include "cs_sysdisk.h"

/* What to write less of: the larger part of a result file first. */
static const char *cs_disk_advice_(const cs_disk_file *f)
{
    if (!f->parts) /* a checkpoint: every column of every agent */
        return "the checkpoint holds every agent's columns: run fewer agents, or without --checkpoint-every";
    if (f->parts->agents > f->parts->series + f->parts->summary)
        return "write less: no per-agent output (output.agents: false) or a coarser output.series "
               "(weekly, yearly or total)";
    return "write less: a coarser output.series (weekly, yearly or total) or no per-agent output "
           "(output.agents: false)";
}

/* " (per-agent end states X, series Y)" for a result file; "" otherwise. */
static void cs_disk_parts_(const cs_disk_file *f, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!f->parts) return;
    char a[32], s[32];
    cs_sysdisk_human(f->parts->agents, a, sizeof a);
    cs_sysdisk_human(f->parts->series + f->parts->summary, s, sizeof s);
    if (f->parts->agents > 0) snprintf(buf, size, " (per-agent end states %s before compression, series and summaries %s)", a, s);
    else snprintf(buf, size, " (series and summaries %s)", s);
}

static double cs_disk_least_(const cs_disk_file *f) { return f->least > 0 ? f->least : f->bytes; }

/* The bytes written to the file system of files[i], at the least: every file on it,
 * each as many times as it exists at once. */
static double cs_disk_need_(const cs_disk_file *files, const cs_sysdisk_room *rooms, size_t n, size_t i)
{
    double need = 0;
    for (size_t j = 0; j < n; j++)
        if (j == i || (rooms[i].have_dev && rooms[j].have_dev && rooms[i].dev == rooms[j].dev))
            need += cs_disk_least_(&files[j]) * (files[j].copies > 0 ? files[j].copies : 1);
    return need;
}

#define CS_DISK_MAX_FILES 8

/* Each file's room, the bytes its file system takes in all, its largest
 * file and the verdict. */
typedef struct cs_disk_judged_ {
    size_t n;
    cs_sysdisk_room room[CS_DISK_MAX_FILES];
    double need[CS_DISK_MAX_FILES], largest[CS_DISK_MAX_FILES];
    cs_sysdisk_verdict v[CS_DISK_MAX_FILES];
} cs_disk_judged_;

static void cs_disk_judge_(const cs_disk_file *files, size_t n, cs_disk_judged_ *j)
{
    j->n = n > CS_DISK_MAX_FILES ? CS_DISK_MAX_FILES : n;
    for (size_t i = 0; i < j->n; i++) j->room[i] = cs_sysdisk_room_of(files[i].path);
    for (size_t i = 0; i < j->n; i++) {
        j->need[i] = cs_disk_need_(files, j->room, j->n, i);
        j->largest[i] = files[i].largest > 0 ? files[i].largest : cs_disk_least_(&files[i]);
        j->v[i] = cs_sysdisk_decide(j->need[i], j->largest[i], j->room[i].free_bytes, j->room[i].fsize_limit);
    }
}

static int cs_disk_check_local_(const cs_disk_file *files, size_t n, cs_msg *msg)
{
    cs_disk_judged_ j;
    cs_disk_judge_(files, n, &j);
    const cs_sysdisk_room *rooms = j.room;
    for (size_t i = 0; i < j.n; i++) {
        const cs_disk_file *f = &files[i];
        const double need = j.need[i], largest = j.largest[i];
        const cs_sysdisk_verdict v = j.v[i];
        if (v == CS_SYSDISK_FITS) continue;
        char est[96], lim[32], parts[160], all[32], lo[32], hi[32];
        cs_sysdisk_human(largest, lo, sizeof lo);
        cs_sysdisk_human(f->bytes, hi, sizeof hi);
        if (f->largest > 0 || cs_disk_least_(f) >= f->bytes) snprintf(est, sizeof est, "%s", lo);
        else snprintf(est, sizeof est, "%s to %s", lo, hi);
        cs_disk_parts_(f, parts, sizeof parts);
        if (v == CS_SYSDISK_TOO_LARGE) {
            cs_sysdisk_human(rooms[i].fsize_limit, lim, sizeof lim);
            cs_msg_error(msg,
                         "%s: %s%s would take %s%s, more than the %s this process may write to one file "
                         "(ulimit -f, RLIMIT_FSIZE); %s, raise the limit, or give --no-disk-check to go on anyway",
                         f->path, f->largest > 0 ? "the largest of " : "", f->what, est, f->largest > 0 ? "" : parts,
                         lim, cs_disk_advice_(f));
        } else {
            cs_sysdisk_human(rooms[i].free_bytes, lim, sizeof lim);
            cs_sysdisk_human(need, all, sizeof all);
            char with[96] = "";
            if (need > largest * 1.0001)
                snprintf(with, sizeof with, "; the run writes at least %s in all on that file system", all);
            cs_msg_error(msg,
                         "%s: %s would take %s%s%s, more than the %s free there for unprivileged users "
                         "(statvfs); %s, write into another folder (-o FILE), or give --no-disk-check to go on "
                         "anyway",
                         f->path, f->what, est, parts, with, lim, cs_disk_advice_(f));
        }
        return CS_ERR_LIMIT;
    }
    return CS_OK;
}

int cs_disk_check(const cs_disk_file *files, size_t n, MPI_Comm comm, cs_msg *msg)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    const int rc = rank == 0 ? cs_disk_check_local_(files, n, msg) : CS_OK;
    return cs_agree(rc, comm, msg);
}

void cs_disk_print(FILE *out, const cs_disk_file *files, size_t n)
{
    cs_disk_judged_ j;
    cs_disk_judge_(files, n, &j);
    const cs_sysdisk_room *rooms = j.room;
    for (size_t i = 0; i < j.n; i++) {
        const cs_disk_file *f = &files[i];
        const double need = j.need[i];
        const cs_sysdisk_verdict v = j.v[i];
        char lo[32], hi[32], parts[160], room[32], lim[32], all[32];
        cs_sysdisk_human(cs_disk_least_(f), lo, sizeof lo);
        cs_sysdisk_human(f->bytes, hi, sizeof hi);
        cs_sysdisk_human(need, all, sizeof all);
        cs_disk_parts_(f, parts, sizeof parts);
        if (rooms[i].free_bytes >= 0) cs_sysdisk_human(rooms[i].free_bytes, room, sizeof room);
        else snprintf(room, sizeof room, "unknown");
        if (rooms[i].fsize_limit >= 0) cs_sysdisk_human(rooms[i].fsize_limit, lim, sizeof lim);
        else snprintf(lim, sizeof lim, "unlimited");
        fprintf(out, "# disk: %s %s: %s to %s = %.0f to %.0f bytes%s; at least %s in all on its file system, %s free "
                     "there; file-size limit (ulimit -f) %s%s\n",
                f->what, f->path, lo, hi, cs_disk_least_(f), f->bytes, parts, all, room, lim,
                v == CS_SYSDISK_TOO_LARGE ? ": TOO LARGE, a run stops before it starts (--no-disk-check: goes on)"
                : v == CS_SYSDISK_NO_ROOM ? ": NO ROOM, a run stops before it starts (--no-disk-check: goes on)"
                                          : "");
    }
}
