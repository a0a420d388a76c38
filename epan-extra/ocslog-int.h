/* Private to the ocslog parser files: the parser state and the pieces the
 * record state machine (ocslog-parse.c) shares with the field readers
 * (ocslog-fields.c) and the log families (ocslog-uccapi.c, ocslog-server.c,
 * ocslog-s4.c). */
#ifndef OCSLOG_INT_H
#define OCSLOG_INT_H

#include "ocslog-parse.h"

#include <string.h>

typedef enum {
    ENC_DETECT = 0,
    ENC_UTF8,
    ENC_UTF16LE,
    ENC_UTF16BE,
} text_encoding;

typedef enum {
    ST_IDLE = 0,
    ST_UCC_FIRST,   /* after "Sending Packet ... bytes:", waiting for the first SIP line */
    ST_UCC_MSG,     /* inside a uccapilog message, until "End of ..." */
    ST_SRV_META,    /* server record, before Start-Line */
    ST_SRV_HDRS,    /* server record, SIP headers */
    ST_SRV_BODY,    /* server record, after Message-Body: */
    ST_S4_MSG,      /* S4 record (CLS), until its EndOf... line */
} parse_state;

#define OCSLOG_CALLID_MAX   128
#define OCSLOG_NOTE_MAX     512
/* Diagnostics whose message never comes stay only counted; the oldest goes first. */
#define OCSLOG_DIAG_PENDING 16

typedef struct {
    char    callid[OCSLOG_CALLID_MAX];
    char    text[OCSLOG_NOTE_MAX];
} ocslog_diag_note;

/* UTF-16 input is transcoded in slices of this many bytes (output <= 1.5x). */
#define XCODE_SLICE 65536

struct ocslog_parser {
    ocslog_options    opt;
    ocslog_message_cb on_message;
    ocslog_warning_cb on_warning;
    void             *user;
    ocslog_stats      st;

    /* decode */
    text_encoding enc;
    guint8   head[4];
    gsize    head_len;
    gboolean u16_odd;        /* one byte of a code unit is pending */
    guint8   u16_odd_byte;
    guint32  u16_high;       /* pending high surrogate, 0 if none */
    gboolean u16_bad_warned;
    guint8  *xbuf;           /* transcoding output, XCODE_SLICE * 3 / 2 + 8 bytes */

    /* lines */
    guint8  *lbuf;           /* partial line carried between chunks, max_line bytes */
    gsize    llen;
    gboolean lcut;           /* the carried line exceeded max_line */

    /* record */
    parse_state    state;
    ocslog_message m;        /* header facts of the open record; data/len set on delivery */
    guint8        *mbuf;     /* message bytes, grows up to max_message */
    gsize          mlen;
    gsize          mcap;
    gboolean       in_headers;
    gboolean       have_via;
    gboolean       has_clen;
    guint64        clen;
    gsize          body_off;
    guint          body_lines;
    gboolean       body_dash;    /* Message-Body: "-" (empty) unless more lines follow */
    gboolean       srv_sip_meta; /* record announced a SIP message (Message-Type:) */
    guint64        orphan_line;  /* first line of record text seen outside a record, 0 none */
    gboolean       orphan_sip;   /* that text had a Start-Line */

    /* diagnostic records (server TF_DIAG) waiting for a message with their Call-ID */
    gboolean  srv_diag;                  /* open record is TF_DIAG */
    char      srv_level[12];             /* TL_INFO, TL_WARN, TL_ERROR ... of the open record */
    char      diag_severity[16];
    char      diag_text[OCSLOG_NOTE_MAX];
    char      diag_callid[OCSLOG_CALLID_MAX];
    char      callid[OCSLOG_CALLID_MAX]; /* Call-ID of the open message, "" if none yet */
    ocslog_diag_note diag[OCSLOG_DIAG_PENDING];
    guint     n_diag;
    char      note[OCSLOG_NOTE_MAX * 2];

    /* the last trace header line ("TL_...") without $$begin_record */
    guint64  tl_line;        /* 0: none */
    gboolean tl_has_time;
    int      tl_f[6];
    guint32  tl_ns;

    /* time */
    gint64   tz_key;         /* local hour the cached offset belongs to, -1 none */
    gint32   tz_offset;
    gboolean have_last_time;
    gint64   last_secs;
    guint32  last_nsecs;
};


/* --- small text tests, inline: they run on every line ------------------------- */

static inline gboolean
ocslog_has_prefix(const guint8 *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    return n >= l && memcmp(s, lit, l) == 0;
}

static inline gboolean
ocslog_has_prefix_ci(const guint8 *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    return n >= l && g_ascii_strncasecmp((const char *)s, lit, l) == 0;
}

static inline gsize
ocslog_rtrim_len(const guint8 *s, gsize n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n;
}

static inline gboolean
ocslog_has_suffix(const guint8 *s, gsize n, const char *lit)
{
    gsize l = strlen(lit);
    n = ocslog_rtrim_len(s, n);
    return n >= l && memcmp(s + n - l, lit, l) == 0;
}

/* ocslog-fields.c */
void ocslog_warn(ocslog_parser *p, guint64 line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
const guint8 *ocslog_find_bytes(const guint8 *s, gsize n, const char *lit);
gboolean ocslog_parse_uint(const guint8 *s, gsize n, guint max_digits, guint64 *out);
gsize ocslog_parse_datetime(const guint8 *s, gsize n, guint8 sep, int f[6], guint32 *nsecs);
void ocslog_set_time(ocslog_parser *p, const int f[6], guint32 nsecs);
gboolean ocslog_parse_endpoint(const guint8 *s, gsize n, ocslog_endpoint *ep);
const guint8 *ocslog_header_value(const guint8 *s, gsize n, const char *name);
void ocslog_note_header(ocslog_parser *p, const guint8 *s, gsize n);

/* ocslog-parse.c: the open record's message buffer */
void ocslog_flag(ocslog_parser *p, guint bit);
void ocslog_msg_append(ocslog_parser *p, const guint8 *s, gsize n);
void ocslog_msg_line(ocslog_parser *p, const guint8 *s, gsize n);
/* A line of a logged SIP message: the header block ends at the empty line. */
void ocslog_msg_sip_line(ocslog_parser *p, const guint8 *s, gsize n);
void ocslog_record_begin(ocslog_parser *p, ocslog_format fmt);
void ocslog_deliver(ocslog_parser *p);
void ocslog_lose(ocslog_parser *p, const char *why);

/* ocslog-uccapi.c */
gboolean ocslog_ucc_prefix(const guint8 *s, gsize n, int f[6], guint32 *nsecs, const guint8 **text);
gboolean ocslog_is_sip_start_line(const guint8 *s, gsize n);
gboolean ocslog_looks_ucc_prefixed(const guint8 *s, gsize n);
void ocslog_ucc_header(ocslog_parser *p, const guint8 *t, gsize n, const int f[6], guint32 nsecs);
void ocslog_ucc_finish(ocslog_parser *p);

/* ocslog-s4.c */
void ocslog_tl_line(ocslog_parser *p, const guint8 *s, gsize n);
gboolean ocslog_s4_is_start(const guint8 *s, gsize n);
gboolean ocslog_s4_is_end(const guint8 *s, gsize n);
void ocslog_s4_begin(ocslog_parser *p, const guint8 *s, gsize n);
void ocslog_s4_finish(ocslog_parser *p);

/* ocslog-server.c */
void ocslog_srv_begin(ocslog_parser *p, const guint8 *s, gsize n);
void ocslog_srv_finish(ocslog_parser *p);
void ocslog_srv_meta_line(ocslog_parser *p, const guint8 *s, gsize n);
void ocslog_srv_content_line(ocslog_parser *p, const guint8 *s, gsize n);
void ocslog_idle_line(ocslog_parser *p, const guint8 *s, gsize n);
void ocslog_srv_other_end(ocslog_parser *p);
const char *ocslog_take_notes(ocslog_parser *p);

#endif
