/* Helpers shared by the xml-tree walkers of mras.c and qoe.c (msocs-xml.h). */
#include "msocs-xml.h"
#include "msocs.h"
#include "ws-compat.h"

void
msocs_xml_frame_span(tvbuff_t *tvb, gboolean same_tvb, const xml_frame_t *f, gint *off, gint *len)
{
    guint cap = tvb_captured_length(tvb);

    if (!same_tvb || f->start_offset < 0 || f->length < 0 || (guint)f->start_offset > cap) {
        *off = 0;
        *len = 0;
        return;
    }
    *off = f->start_offset;
    *len = (guint)f->start_offset + (guint)f->length > cap ? (gint)(cap - (guint)f->start_offset) : f->length;
}

const char *
msocs_xml_value_text(packet_info *pinfo, proto_tree *tree, tvbuff_t *vtvb, gint max, expert_field *too_long,
                     gint *off, gint *len)
{
    gint start = 0, end = vtvb ? (gint)tvb_captured_length(vtvb) : 0;

    while (start < end && msocs_xml_is_space(tvb_get_guint8(vtvb, start)))
        start++;
    while (end > start && msocs_xml_is_space(tvb_get_guint8(vtvb, end - 1)))
        end--;
    *off = start;
    *len = end - start;
    if (*len > max) {
        proto_tree_add_expert_format(tree, pinfo, too_long, vtvb, start, *len,
                                     "Value of %d bytes; only the first %d are used", *len, max);
        *len = max;
    }
    if (vtvb == NULL)
        return "";
    return (const char *)tvb_get_string_enc(pinfo->pool, vtvb, start, *len, ENC_UTF_8);
}

const char *
msocs_xml_short_text(packet_info *pinfo, const char *s, gsize max)
{
    return msocs_format_text(pinfo->pool, s, MIN(strlen(s), max));
}
