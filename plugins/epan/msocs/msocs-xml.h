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

/* A printable, length-limited form of a value for expert and column text. */
const char *msocs_xml_short_text(packet_info *pinfo, const char *s, gsize max);

#endif
