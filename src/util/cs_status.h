/* cs_status.h -- one status type for the whole engine.
 *
 * Every fallible function returns int: 0 (CS_OK) on success, a negative
 * code from CS_STATUS_LIST on failure.  The human-readable message for a
 * user error is printed where the error is detected (it knows the file,
 * line and key); callers only propagate the code.  Only main() exits. */
#ifndef CS_STATUS_H
#define CS_STATUS_H

/* X-macro: name, value, short text.  Exit codes of the CLI derive from
 * these in cs_status_exit_code(). */
#define CS_STATUS_LIST(X)                                                  \
    X(CS_OK, 0, "success")                                                 \
    X(CS_ERR_NOMEM, -1, "out of memory")                                   \
    X(CS_ERR_IO, -2, "input/output error")                                 \
    X(CS_ERR_CONFIG, -3, "invalid configuration")                          \
    X(CS_ERR_USAGE, -4, "invalid command line")                            \
    X(CS_ERR_HDF5, -5, "HDF5 error")                                       \
    X(CS_ERR_MPI, -6, "MPI error")                                         \
    X(CS_ERR_FORMAT, -7, "not a crampsim file, or an unsupported layout")  \
    X(CS_ERR_INTERNAL, -8, "internal error")                               \
    X(CS_ERR_LIMIT, -9, "resource limit exceeded")                       \
    X(CS_ERR_STOPPED, -10, "stopped before the end as asked (resume with --resume)")

enum cs_status_code {
#define CS_STATUS_ENUM_(name, value, text) name = value,
    CS_STATUS_LIST(CS_STATUS_ENUM_)
#undef CS_STATUS_ENUM_
};

/* Short text for a status code; never NULL. */
const char *cs_status_text(int status);

/* Process exit code for a status: 0 success, 2 bad input (config, usage,
 * file format), 3 I/O or HDF5 failure, 4 out of memory or limits, 5 stopped
 * before the end on request (--stop-after-night), 1 anything else. */
int cs_status_exit_code(int status);

/* 1 if a failure to open or read an input file with errno `err` means the
 * user named a file that is not there, not readable or far too large (bad input,
 * exit 2); 0 for a read that failed midway (EIO: an I/O error, exit 3). */
int cs_errno_is_bad_input(int err);

/* Propagate a failure to the function's `done:` label.  Requires a local
 * `int rc` and a `done:` label that releases what was acquired. */
#define CS_TRY(expr)                                                       \
    do {                                                                   \
        rc = (expr);                                                       \
        if (rc < 0) goto done;                                             \
    } while (0)

/* Fail with `code` when `cond` is false (the message is printed by the
 * caller's own cs_msg_* call before, if any). */
#define CS_ENSURE(cond, code)                                              \
    do {                                                                   \
        if (!(cond)) {                                                     \
            rc = (code);                                                   \
            goto done;                                                     \
        }                                                                  \
    } while (0)

#endif
