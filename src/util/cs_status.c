/* cs_status.c -- texts and exit codes of the status codes. */
#include "cs_status.h"

#include <errno.h>

const char *cs_status_text(int status)
{
    switch (status) {
#define CS_STATUS_CASE_(name, value, text) case value: return text;
        CS_STATUS_LIST(CS_STATUS_CASE_)
#undef CS_STATUS_CASE_
    default: return "unknown status";
    }
}

int cs_status_exit_code(int status)
{
    switch (status) {
    case CS_OK: return 0;
    case CS_ERR_CONFIG:
    case CS_ERR_USAGE:
    case CS_ERR_FORMAT: return 2;
    case CS_ERR_IO:
    case CS_ERR_HDF5: return 3;
    case CS_ERR_NOMEM:
    case CS_ERR_LIMIT: return 4;
    case CS_ERR_STOPPED: return 5;
    default: return 1;
    }
}

int cs_errno_is_bad_input(int err)
{
    return err == ENOENT || err == ENOTDIR || err == EISDIR || err == EACCES || err == ENAMETOOLONG || err == ELOOP ||
           err == EFBIG; /* a file past CS_FILE_MAX_BYTES: the wrong file named, not a failing disk */
}
