/* Reading other dissectors' fields (msocs-fields.h). */
#include "msocs-fields.h"
#include "ws-compat.h"

GPtrArray *
msocs_fields_all(proto_tree *tree, int hf)
{
    GPtrArray *a;

    if (tree == NULL || hf < 0)
        return NULL;
    a = proto_get_finfo_ptr_array(tree, hf);
    return (a != NULL && a->len > 0) ? a : NULL;
}

field_info *
msocs_fields_first(proto_tree *tree, int hf)
{
    GPtrArray *a = msocs_fields_all(tree, hf);
    return a ? (field_info *)g_ptr_array_index(a, 0) : NULL;
}

gboolean
msocs_finfo_uint(field_info *fi, guint64 *out)
{
    switch (fi->hfinfo->type) {
    case FT_UINT8: case FT_UINT16: case FT_UINT24: case FT_UINT32: case FT_FRAMENUM:
        *out = fvalue_get_uinteger(msocs_finfo_fvalue(fi));
        return TRUE;
    case FT_BOOLEAN: case FT_UINT64:
        *out = fvalue_get_uinteger64(msocs_finfo_fvalue(fi));
        return TRUE;
    default:
        return FALSE;
    }
}

const char *
msocs_finfo_string(field_info *fi)
{
    if (fi == NULL || (fi->hfinfo->type != FT_STRING && fi->hfinfo->type != FT_STRINGZ))
        return NULL;
    return fvalue_get_string(msocs_finfo_fvalue(fi));
}
