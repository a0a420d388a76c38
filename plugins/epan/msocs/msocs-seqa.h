/* Wireshark's sequence analysis API (epan/sequence_analysis.h).
 *
 * libwireshark exports it (register_seq_analysis and the helpers), but
 * Debian's libwireshark-dev for 4.0 does not install its header. Where the
 * header is missing, the declarations below restate it for the release in
 * use; the field layout was checked against libwireshark 4.0.17's own code
 * (sequence_analysis_create_sai_with_addresses allocates 144 bytes, the
 * label and comment sit at offsets 72 and 88). From 4.2 on the flags are C99
 * bool. */
#ifndef MSOCS_SEQA_H
#define MSOCS_SEQA_H

#include <wireshark.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/address.h>
#include "ws-compat.h"

#if defined(__has_include)
#if __has_include(<epan/sequence_analysis.h>)
#define MSOCS_HAVE_SEQA_HEADER 1
#endif
#endif

#ifdef MSOCS_HAVE_SEQA_HEADER
#include <epan/sequence_analysis.h>
#else

#if MSOCS_WS_AT_LEAST(4, 2)
typedef bool msocs_seqa_flag;
#else
typedef gboolean msocs_seqa_flag;
#endif

#define MAX_NUM_NODES 40

typedef enum _ga_info_type {
    GA_INFO_TYPE_NONE = 0,
    GA_INFO_TYPE_RTP
} ga_info_type;

typedef struct _seq_analysis_item {
    guint32 frame_number;
    address src_addr;
    guint16 port_src;
    address dst_addr;
    guint16 port_dst;
    gchar *frame_label;                 /* the label on top of the arrow */
    gchar *time_str;
    gchar *comment;                     /* shown at the right of the graph */
    guint16 conv_num;                   /* colours the arrow */
    unsigned fg_color;
    unsigned bg_color;
    msocs_seqa_flag has_color_filter;
    msocs_seqa_flag display;
    guint src_node;
    guint dst_node;
    guint16 line_style;
    ga_info_type info_type;
    gpointer info_ptr;
} seq_analysis_item_t;

typedef struct _seq_analysis_info {
    const char *name;
    msocs_seqa_flag any_addr;
    int nconv;
    GQueue *items;
    GHashTable *ht;
    /* further members are the library's own */
} seq_analysis_info_t;

WS_DLL_PUBLIC void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                         const char *tap_listener, guint tap_flags, tap_packet_cb tap_func);
WS_DLL_PUBLIC seq_analysis_item_t *sequence_analysis_create_sai_with_addresses(packet_info *pinfo,
                                                                               seq_analysis_info_t *sainfo);
#endif

#endif
