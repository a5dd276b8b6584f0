/* cs_h5_copy.c -- copying another result file into a writer's file: a
 * sweep's points are run into files of their own and gathered into one
 * file at the end (by one process: HDF5 object copies are serial). */
#include <stdio.h>

#include "cs_h5_internal.h"
#include "cs_status.h"

int cs_h5w_copy_file(cs_h5w *w, const char *src_path, const char *dst_group)
{
    int rc = CS_OK;
    if (w->size != 1) return cs_h5i_werr(w, CS_ERR_INTERNAL, dst_group, "copying needs a writer of one process");
    hid_t src = H5Fopen(src_path, H5F_ACC_RDONLY, H5P_DEFAULT), root = H5I_INVALID_HID;
    if (src < 0) return cs_h5i_werr(w, CS_ERR_HDF5, dst_group, "cannot open '%s' to copy it", src_path);
    CS_TRY(cs_h5w_group(w, dst_group));
    root = H5Gopen2(src, "/", H5P_DEFAULT);
    hsize_t n = 0;
    if (root < 0 || H5Gget_num_objs(root, &n) < 0) {
        rc = cs_h5i_werr(w, CS_ERR_HDF5, dst_group, "cannot read '%s'", src_path);
        goto done;
    }
    for (hsize_t k = 0; k < n; k++) {
        char name[256], dst[512];
        if (H5Gget_objname_by_idx(root, k, name, sizeof name) < 0) {
            rc = cs_h5i_werr(w, CS_ERR_HDF5, dst_group, "cannot list '%s'", src_path);
            goto done;
        }
        snprintf(dst, sizeof dst, "%s/%s", dst_group, name);
        if (H5Ocopy(root, name, w->file, dst, H5P_DEFAULT, H5P_DEFAULT) < 0) {
            rc = cs_h5i_werr(w, CS_ERR_HDF5, dst, "cannot copy '%s' from '%s'", name, src_path);
            goto done;
        }
    }
done:
    if (root >= 0) H5Gclose(root);
    H5Fclose(src);
    return rc;
}
