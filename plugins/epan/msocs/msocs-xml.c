/* Helpers shared by the xml-tree walkers of mras.c and qoe.c (msocs-xml.h). */
#include <string.h>

#include "msocs-xml.h"

#include <epan/proto_data.h>
#include <epan/exceptions.h>
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

void
msocs_xml_walk_init(msocs_xml_walk *w, tvbuff_t *tvb, packet_info *pinfo, const msocs_xml_limits *lim)
{
    guint16 bom = tvb_captured_length(tvb) >= 2 ? tvb_get_ntohs(tvb, 0) : 0;

    memset(w, 0, sizeof *w);
    w->tvb = tvb;
    w->pinfo = pinfo;
    w->lim = lim;
    w->same_tvb = bom != 0xFEFF && bom != 0xFFFE;
}

gboolean
msocs_xml_count_element(msocs_xml_walk *w, proto_tree *tree, guint depth)
{
    if (w->n_elements >= w->lim->max_elements) {
        if (!w->cap_reported)
            proto_tree_add_expert_format(tree, w->pinfo, w->lim->ei_cap, w->tvb, 0, 0,
                                         "More than %u elements; the rest is not decoded", w->lim->max_elements);
        w->cap_reported = TRUE;
        return FALSE;
    }
    if (depth > w->lim->max_depth) {
        if (!w->depth_reported)
            proto_tree_add_expert_format(tree, w->pinfo, w->lim->ei_depth, w->tvb, 0, 0,
                                         "Elements nested deeper than %u levels are not decoded", w->lim->max_depth);
        w->depth_reported = TRUE;
        return FALSE;
    }
    w->n_elements++;
    return TRUE;
}

const char *
msocs_xml_walk_value(msocs_xml_walk *w, proto_tree *tree, tvbuff_t *vtvb, gint *off, gint *len)
{
    return msocs_xml_value_text(w->pinfo, tree, vtvb, w->lim->max_value_len, w->lim->ei_too_long, off, len);
}

void
msocs_xml_walk_other(msocs_xml_walk *w, proto_tree *tree, xml_frame_t *frame, guint depth,
                     const msocs_xml_other_fmt *fmt, expert_field *note)
{
    const char *name = frame->name_orig_case ? frame->name_orig_case : "?";
    xml_frame_t *cdata = xml_get_cdata(frame);
    proto_item *pi;
    proto_tree *sub;
    gint off, len;

    if (!msocs_xml_count_element(w, tree, depth))
        return;
    msocs_xml_frame_span(w->tvb, w->same_tvb, frame, &off, &len);
    pi = proto_tree_add_string(tree, *fmt->hf, w->tvb, off, len, name);
    if (cdata != NULL) {
        gint voff, vlen;
        const char *v = msocs_xml_walk_value(w, tree, cdata->value, &voff, &vlen);
        if (*v)
            proto_item_append_text(pi, ": %s", msocs_xml_short_text(w->pinfo, v, fmt->text_max));
    }
    if (note != NULL)
        expert_add_info_format(w->pinfo, pi, note, "Unknown element <%s>", name);
    sub = proto_item_add_subtree(pi, *fmt->ett);
    /* recursion bounded by max_depth */
    for (xml_frame_t *c = frame->first_child; c != NULL && !w->cap_reported && !w->depth_reported;
         c = c->next_sibling) {
        if (c->type == XML_FRAME_TAG) {
            msocs_xml_walk_other(w, sub, c, depth + 1, fmt, NULL);
        } else if (fmt->show_attrs && c->type == XML_FRAME_ATTRIB && c->name_orig_case &&
                   !g_str_has_prefix(c->name_orig_case, "xmlns")) {
            gint aoff, alen;
            const char *v = msocs_xml_walk_value(w, sub, c->value, &aoff, &alen);
            proto_item_append_text(pi, " %s=\"%s\"", msocs_xml_short_text(w->pinfo, c->name_orig_case, 40),
                                   msocs_xml_short_text(w->pinfo, v, fmt->text_max));
        }
    }
}

xml_frame_t *
msocs_xml_parse(tvbuff_t *tvb, packet_info *pinfo, proto_tree *xml_parent, proto_tree *note_tree,
                expert_field *ei_depth)
{
    static dissector_handle_t xml_handle;
    static int proto_xml = -1;
    xml_frame_t *root;
    volatile gboolean too_deep = FALSE;

    if (xml_handle == NULL) {
        xml_handle = find_dissector("xml");
        proto_xml = proto_get_id_by_filter_name("xml");
    }
    if (xml_handle == NULL || proto_xml < 0)
        return NULL;
    /* the frame tree is keyed by proto_xml only: drop one left by an earlier body in this frame */
    p_remove_proto_data(pinfo->pool, pinfo, proto_xml, 0);
    TRY {
        call_dissector(xml_handle, tvb, pinfo, xml_parent);
    }
    CATCH(DissectorError) {
        /* the xml dissector mirrors nesting in the protocol tree and stops at
         * gui.max_tree_depth; without a tree it builds the frames */
        too_deep = TRUE;
    }
    ENDTRY;
    if (too_deep) {
        proto_tree_add_expert_format(note_tree, pinfo, ei_depth, tvb, 0, 0,
                                     "XML nested deeper than the protocol tree allows; the XML subtree is incomplete");
        p_remove_proto_data(pinfo->pool, pinfo, proto_xml, 0);
        call_dissector(xml_handle, tvb, pinfo, NULL);
    }
    root = (xml_frame_t *)p_get_proto_data(pinfo->pool, pinfo, proto_xml, 0);
    p_remove_proto_data(pinfo->pool, pinfo, proto_xml, 0);
    return root;
}
