/* What mras and qoe, both walkers over Wireshark's xml tree (xml_frame_t),
 * need alike: where an element lies in the body, and the text of a value. */
#ifndef MSOCS_XML_H
#define MSOCS_XML_H

#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/dissectors/packet-xml.h>

static inline gboolean
msocs_xml_is_space(guint8 c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Offset and length of an xml frame within tvb, clipped to the captured
 * bytes; 0, 0 when the frame is not in tvb (same_tvb FALSE: xml parsed a
 * copy, e.g. a decoded body) or lies outside it. */
void msocs_xml_frame_span(tvbuff_t *tvb, gboolean same_tvb, const xml_frame_t *f, gint *off, gint *len);

/* The text of a value tvb without surrounding XML white space, capped at
 * max bytes with the expert 'too_long' on the part left out; "" for NULL. */
const char *msocs_xml_value_text(packet_info *pinfo, proto_tree *tree, tvbuff_t *vtvb, gint max,
                                 expert_field *too_long, gint *off, gint *len);

/* Runs Wireshark's xml dissector on a body (its subtree under xml_parent,
 * NULL for none) and returns the frame tree it leaves, NULL if none. XML
 * nested deeper than the protocol tree allows is parsed again without a
 * tree, with ei_depth in note_tree: the walkers bound the nesting themselves. */
xml_frame_t *msocs_xml_parse(tvbuff_t *tvb, packet_info *pinfo, proto_tree *xml_parent, proto_tree *note_tree,
                             expert_field *ei_depth);

/* A printable, length-limited form of a value for expert and column text. */
const char *msocs_xml_short_text(packet_info *pinfo, const char *s, gsize max);

/* A walker's limits and the experts that report reaching them. */
typedef struct {
    guint max_elements;
    guint max_depth;
    gint max_value_len;
    expert_field *ei_cap;
    expert_field *ei_depth;
    expert_field *ei_too_long;
} msocs_xml_limits;

/* The bounds of one body's walk, kept by each walker as the first member of
 * its state: elements are counted and nesting capped, each reported once. */
typedef struct {
    tvbuff_t *tvb;              /* the body as shown */
    packet_info *pinfo;
    gboolean same_tvb;          /* xml parsed tvb itself (no re-encoding) */
    const msocs_xml_limits *lim;
    guint n_elements;
    gboolean cap_reported;
    gboolean depth_reported;
} msocs_xml_walk;

/* Starts a walk over tvb. The xml dissector re-encodes a UTF-16 body (byte
 * order mark): its frame offsets are then not tvb's. */
void msocs_xml_walk_init(msocs_xml_walk *w, tvbuff_t *tvb, packet_info *pinfo, const msocs_xml_limits *lim);

/* Counts one element at depth; FALSE (reported once) past either bound. */
gboolean msocs_xml_count_element(msocs_xml_walk *w, proto_tree *tree, guint depth);

/* msocs_xml_value_text with the walk's cap. */
const char *msocs_xml_walk_value(msocs_xml_walk *w, proto_tree *tree, tvbuff_t *vtvb, gint *off, gint *len);

/* How elements no schema declares are shown: by name, with their text. */
typedef struct {
    const int *hf;              /* FT_STRING item holding the element name */
    const gint *ett;
    gsize text_max;             /* characters of a value shown */
    gboolean show_attrs;        /* name="value" of each attribute appended */
} msocs_xml_other_fmt;

/* Shows frame and every element nested in it, within the walk's bounds;
 * note (may be NULL) is raised on the outermost one. */
void msocs_xml_walk_other(msocs_xml_walk *w, proto_tree *tree, xml_frame_t *frame, guint depth,
                          const msocs_xml_other_fmt *fmt, expert_field *note);

#endif
