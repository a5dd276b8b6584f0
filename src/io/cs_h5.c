/* cs_h5.c -- pieces of the HDF5 results layer shared by the writer
 * (cs_h5_write.c) and the reader (cs_h5_read.c): the element-type table,
 * capture of HDF5's error stack for our own messages, and path checks that
 * never make HDF5 print or push errors for a missing intermediate group. */
#include "cs_h5_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"

/* Element sizes, in enum order. */
static const size_t cs_h5_sizes_[] = {
    [CS_H5_I64] = 8, [CS_H5_U64] = 8, [CS_H5_I32] = 4, [CS_H5_U32] = 4,
    [CS_H5_U16] = 2, [CS_H5_U8] = 1,  [CS_H5_F64] = 8, [CS_H5_F32] = 4,
};

size_t cs_h5_type_size(cs_h5_type type)
{
    return ((int)type >= 0 && (size_t)type < sizeof cs_h5_sizes_ / sizeof cs_h5_sizes_[0])
               ? cs_h5_sizes_[type]
               : 0;
}

void cs_h5i_quiet(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* The predefined type ids are macros that expand to run-time values (they
 * need the library initialised), hence switches rather than a table. */
hid_t cs_h5i_mem_type(cs_h5_type type)
{
    switch (type) {
    case CS_H5_I64: return H5T_NATIVE_INT64;
    case CS_H5_U64: return H5T_NATIVE_UINT64;
    case CS_H5_I32: return H5T_NATIVE_INT32;
    case CS_H5_U32: return H5T_NATIVE_UINT32;
    case CS_H5_U16: return H5T_NATIVE_UINT16;
    case CS_H5_U8: return H5T_NATIVE_UINT8;
    case CS_H5_F64: return H5T_NATIVE_DOUBLE;
    case CS_H5_F32: return H5T_NATIVE_FLOAT;
    }
    return H5I_INVALID_HID;
}

hid_t cs_h5i_file_type(cs_h5_type type)
{
    switch (type) {
    case CS_H5_I64: return H5T_STD_I64LE;
    case CS_H5_U64: return H5T_STD_U64LE;
    case CS_H5_I32: return H5T_STD_I32LE;
    case CS_H5_U32: return H5T_STD_U32LE;
    case CS_H5_U16: return H5T_STD_U16LE;
    case CS_H5_U8: return H5T_STD_U8LE;
    case CS_H5_F64: return H5T_IEEE_F64LE;
    case CS_H5_F32: return H5T_IEEE_F32LE;
    }
    return H5I_INVALID_HID;
}

typedef struct cs_h5_reason_ctx_ {
    char *buf;
    size_t size;
    int taken;
} cs_h5_reason_ctx_;

/* Walking upward, the first entry is the innermost: the specific cause. */
static herr_t cs_h5_reason_cb_(unsigned n, const H5E_error2_t *err, void *data)
{
    cs_h5_reason_ctx_ *ctx = data;
    (void)n;
    if (ctx->taken) return 0;
    const char *desc = err->desc;
    char minor[128] = "";
    if (!desc || !desc[0]) {
        if (H5Eget_msg(err->min_num, NULL, minor, sizeof minor) < 0) minor[0] = '\0';
        desc = minor;
    }
    if (desc[0]) {
        snprintf(ctx->buf, ctx->size, "%s", desc);
        ctx->taken = 1;
    }
    return 0;
}

void cs_h5i_reason(char *buf, size_t size)
{
    if (!buf || size == 0) return;
    buf[0] = '\0';
    cs_h5_reason_ctx_ ctx = {buf, size, 0};
    /* H5Ewalk2 does not clear the stack it walks. */
    if (H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, cs_h5_reason_cb_, &ctx) < 0) buf[0] = '\0';
}

int cs_h5i_path_ok(const char *path)
{
    if (!path || path[0] != '/') return 0;
    if (path[1] == '\0') return 1;
    for (const char *p = path; *p; p++)
        if (p[0] == '/' && (p[1] == '/' || p[1] == '\0')) return 0;
    return 1;
}

/* Walks the path one component at a time so that a missing intermediate
 * group answers "none" instead of an HDF5 error. */
int cs_h5i_path_kind(hid_t file, const char *path)
{
    if (strcmp(path, "/") == 0) return CS_H5I_GROUP;
    int rc = CS_H5I_NONE;
    char *copy = strdup(path);
    if (!copy) return CS_ERR_NOMEM;
    char *p = copy;
    for (;;) {
        char *slash = strchr(p + 1, '/');
        if (slash) *slash = '\0';
        htri_t there = H5Lexists(file, copy, H5P_DEFAULT);
        if (there < 0) {
            rc = CS_ERR_HDF5;
            break;
        }
        if (!there) {
            rc = CS_H5I_NONE;
            break;
        }
        /* A soft or external link may dangle (no object: "none"); a hard
         * link always has its object, so failing to read it is an error
         * (a damaged file, a failed read), not an absence.  The link's
         * type is asked first: the failing call stays the last one, for
         * the caller's cs_h5i_reason. */
        H5L_info_t link;
        if (H5Lget_info(file, copy, &link, H5P_DEFAULT) < 0) {
            rc = CS_ERR_HDF5;
            break;
        }
        H5O_info_t info;
        if (H5Oget_info_by_name2(file, copy, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
            rc = link.type == H5L_TYPE_HARD ? CS_ERR_HDF5 : CS_H5I_NONE;
            break;
        }
        int kind = info.type == H5O_TYPE_GROUP     ? CS_H5I_GROUP
                   : info.type == H5O_TYPE_DATASET ? CS_H5I_DATASET
                                                   : CS_H5I_OTHER;
        if (!slash) {
            rc = kind;
            break;
        }
        if (kind != CS_H5I_GROUP) {
            rc = CS_H5I_NONE;
            break;
        }
        *slash = '/';
        p = slash;
    }
    free(copy);
    return rc;
}

hid_t cs_h5i_vlstr_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return H5I_INVALID_HID;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

int cs_h5i_vreport(cs_msg *msg, const char *file, int code, const char *obj, const char *fmt, va_list ap)
{
    char text[512];
    vsnprintf(text, sizeof text, fmt, ap);
    if (obj) cs_msg_error(msg, "%s: %s: %s", file, obj, text);
    else cs_msg_error(msg, "%s: %s", file, text);
    return code;
}
