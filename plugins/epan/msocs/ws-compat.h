/* Differences between the Wireshark release series the msocs plugin builds
 * against, 4.0 (Debian 12) and 4.4 (Debian 13), kept in this one header so
 * the dissectors read the same on both. Every dissector source includes it
 * after its epan headers.
 *
 * The dissectors are written in the 4.0 spelling (STYLE-ANCHORS: API names
 * from 4.0's headers). From 4.2 on Wireshark moved its API to C99 types:
 *  - names that were only renamed (tvb_get_guint8 -> tvb_get_uint8, ...) and
 *    kept as deprecated wrappers are mapped to the new names below, so the
 *    4.0 spelling builds without deprecation warnings on 4.4;
 *  - where a callback type or a pointer parameter changed type (gboolean ->
 *    bool, guchar * -> char *, field_info's embedded fvalue -> pointer), the
 *    dissectors use the msocs_ names below, which resolve to whatever the
 *    release in use expects.
 * tests/ws44/run builds and tests the tree against 4.4 with -Werror. */
#ifndef MSOCS_WS_COMPAT_H
#define MSOCS_WS_COMPAT_H

#include <wireshark.h>
#include <ws_version.h>
#include <epan/tvbuff.h>
#include <epan/proto.h>
#include <epan/stats_tree.h>
#include <epan/stat_groups.h>
#include <epan/strutil.h>   /* format_text(): epan on 4.0, wsutil (included from here) on 4.4 */

#define MSOCS_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* ---- plugin entry points ----
 * 4.2 added plugin_describe(): the kind of plugin, shown by tshark -G plugins
 * and About > Plugins. 4.0 has no such symbol. */
#if MSOCS_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#define MSOCS_PLUGIN_DESCRIBE_DISSECTOR() \
    WS_DLL_PUBLIC uint32_t plugin_describe(void); \
    uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR; }
#else
#define MSOCS_PLUGIN_DESCRIBE_DISSECTOR()
#endif

/* ---- booleans the API returns from callbacks or takes by pointer ----
 * Heuristic dissectors (heur_dissector_t), UAT update callbacks
 * (uat_update_cb_t) and preference variables (prefs_register_bool_preference):
 * gboolean on 4.0, bool from 4.2 on. Write TRUE/FALSE as usual. */
#if MSOCS_WS_AT_LEAST(4, 2)
typedef bool msocs_api_bool;
#else
typedef gboolean msocs_api_bool;
#endif

/* ---- renamed tvb accessors (4.2: guintN -> uintN) ---- */
#if MSOCS_WS_AT_LEAST(4, 2)
#define tvb_get_guint8 tvb_get_uint8
#define tvb_get_gint8 tvb_get_int8
#define tvb_get_guint16 tvb_get_uint16
#define tvb_get_gint16 tvb_get_int16
#define tvb_get_guint24 tvb_get_uint24
#define tvb_get_gint24 tvb_get_int24
#define tvb_get_guint32 tvb_get_uint32
#define tvb_get_gint32 tvb_get_int32
#define tvb_get_guint40 tvb_get_uint40
#define tvb_get_gint40 tvb_get_int40
#define tvb_get_guint48 tvb_get_uint48
#define tvb_get_gint48 tvb_get_int48
#define tvb_get_guint56 tvb_get_uint56
#define tvb_get_gint56 tvb_get_int56
#define tvb_get_guint64 tvb_get_uint64
#define tvb_get_gint64 tvb_get_int64
#define tvb_find_guint8 tvb_find_uint8
#define tvb_find_guint16 tvb_find_uint16
#define tvb_ws_mempbrk_pattern_guint8 tvb_ws_mempbrk_pattern_uint8
#define tvb_skip_guint8 tvb_skip_uint8
#endif

/* ---- format_text() ----
 * Takes const guchar * on 4.0 and const char * from 4.2 on; this takes
 * either (bytes from the packet or a C string). */
static inline char *
msocs_format_text(wmem_allocator_t *scope, const void *text, size_t len)
{
    return format_text(scope, text, len);
}

/* ---- a field's value ----
 * field_info embeds its fvalue_t on 4.0 and points to it from 4.2 on. */
#if MSOCS_WS_AT_LEAST(4, 2)
#define msocs_finfo_fvalue(fi) ((fi)->value)
#else
#define msocs_finfo_fvalue(fi) (&(fi)->value)
#endif

/* ---- a string buffer with room reserved ----
 * wmem_strbuf_sized_new(allocator, size, max) became wmem_strbuf_new_sized in 4.2. */
#if MSOCS_WS_AT_LEAST(4, 2)
#define msocs_strbuf_sized(allocator, size) wmem_strbuf_new_sized((allocator), (size))
#else
#define msocs_strbuf_sized(allocator, size) wmem_strbuf_sized_new((allocator), (size), 0)
#endif

#endif
