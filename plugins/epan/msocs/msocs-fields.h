/* Reading other dissectors' fields from a tree, for the postdissectors that
 * analyse them (ocstriage, the call flow). */
#ifndef MSOCS_FIELDS_H
#define MSOCS_FIELDS_H

#include <wireshark.h>
#include <epan/packet.h>

/* Every occurrence of field hf in tree, NULL when none (or hf < 0, or no tree). */
GPtrArray *msocs_fields_all(proto_tree *tree, int hf);

/* The first occurrence, NULL when none. */
field_info *msocs_fields_first(proto_tree *tree, int hf);

/* An unsigned, boolean or frame-number field's value; FALSE for other types. */
gboolean msocs_finfo_uint(field_info *fi, guint64 *out);

/* A string field's value; NULL for other types (or fi NULL). */
const char *msocs_finfo_string(field_info *fi);

#endif
