/* Differences between the Wireshark release series the msocs suite builds
 * against, 4.0 (Debian 12), 4.4 (Debian 13) and 4.6 (Debian forky; the
 * current release on Windows and macOS), kept in this one header so the
 * sources read the same on all. Every dissector source includes it after its
 * epan headers; ocslog2pcap for the wiretap part.
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
 * 4.6 stopped exporting some dissector tables and changed the wiretap
 * record and logging calls (sections at the end).
 * tests/run builds and tests the tree on each release with -Werror. */
#ifndef MSOCS_WS_COMPAT_H
#define MSOCS_WS_COMPAT_H

#include <wireshark.h>
#include <ws_version.h>
#include <epan/tvbuff.h>
#include <epan/proto.h>
#include <epan/stats_tree.h>
#include <epan/stat_groups.h>
#include <epan/strutil.h>   /* format_text(): epan on 4.0, wsutil (included from here) on 4.4 */
#include <wiretap/wtap.h>
#include <wsutil/wslog.h>

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

/* ---- value_string lookups with a fallback format ----
 * val_to_str(val, vs, fmt) allocates from the packet scope up to 4.4; 4.6
 * takes the allocator first, the spelling 4.0 and 4.4 call val_to_str_wmem. */
#if MSOCS_WS_AT_LEAST(4, 6)
#define msocs_val_to_str(scope, val, vs, fmt) val_to_str((scope), (val), (vs), (fmt))
#define msocs_val_to_str_ext(scope, val, vse, fmt) val_to_str_ext((scope), (val), (vse), (fmt))
#else
#define msocs_val_to_str(scope, val, vs, fmt) val_to_str_wmem((scope), (val), (vs), (fmt))
#define msocs_val_to_str_ext(scope, val, vse, fmt) val_to_str_ext_wmem((scope), (val), (vse), (fmt))
#endif

/* ---- dissector tables 4.6 keeps to itself ----
 * 4.0 and 4.4 export SIP's response code names and RTP's payload type names
 * (epan/rtp_pt.h); 4.6 exports neither (rtp_pt.h moved among the dissectors'
 * private headers). On 4.6 the same names come from ws-compat.c. */
#if MSOCS_WS_AT_LEAST(4, 6)
extern const value_string msocs_sip_response_code_vals[];
extern value_string_ext msocs_rtp_payload_type_vals_ext;
#define sip_response_code_vals msocs_sip_response_code_vals
#define rtp_payload_type_vals_ext msocs_rtp_payload_type_vals_ext
#else
#include <epan/rtp_pt.h>
#endif

/* ---- writing a record (wiretap) ----
 * 4.6 keeps a record's bytes in the record (rec->data, a Buffer sized by
 * wtap_rec_init()); before, wtap_dump() took them as a separate pointer. */
#if MSOCS_WS_AT_LEAST(4, 6)
#define msocs_wtap_rec_init(rec) wtap_rec_init((rec), 0)
static inline bool
msocs_wtap_dump(wtap_dumper *wdh, wtap_rec *rec, const uint8_t *pd, size_t len, int *err, char **err_info)
{
    ws_buffer_append(&rec->data, pd, len);
    return wtap_dump(wdh, rec, err, err_info);
}
#else
#define msocs_wtap_rec_init(rec) wtap_rec_init(rec)
static inline gboolean
msocs_wtap_dump(wtap_dumper *wdh, wtap_rec *rec, const guint8 *pd, size_t len, int *err, gchar **err_info)
{
    (void)len;
    return wtap_dump(wdh, rec, pd, err, err_info);
}
#endif

/* ---- logging set-up ----
 * ws_log_init() lost its program name argument in 4.6 (the log then names
 * GLib's program name). */
#if MSOCS_WS_AT_LEAST(4, 6)
#define msocs_ws_log_init(progname, vcmdarg_err) (g_set_prgname(progname), ws_log_init(vcmdarg_err))
#else
#define msocs_ws_log_init(progname, vcmdarg_err) ws_log_init((progname), (vcmdarg_err))
#endif

#endif
