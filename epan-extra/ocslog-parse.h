/* Streaming parser for Microsoft OCS/Lync SIP text logs.
 *
 * Two log families are recognised line by line, in any mix:
 *
 * - Client tracing (uccapilog, Office Communicator / Lync):
 *     MM/DD/YYYY|HH:MM:SS.mmm PID:TID LEVEL  :: Sending Packet - PEER (From Local Address: LOCAL) N bytes:
 *     MM/DD/YYYY|HH:MM:SS.mmm PID:TID LEVEL  :: <first SIP line>
 *     <further SIP lines, no prefix>
 *     MM/DD/YYYY|HH:MM:SS.mmm PID:TID LEVEL  :: End of Sending Packet - ...
 *   (Lync 2013 / Skype for Business clients may leave out the space after
 *   the dash: "Data Received -PEER".)
 *   ("Data Received - PEER (To Local Address: LOCAL) N bytes:" for the other
 *   direction). N, the byte count, is checked against what was logged.
 *
 * - Server logger text (OCSLogger / CLS, SIPStack protocol records):
 *     TL_INFO(TF_PROTOCOL) [0]06E4.0EB4::01/18/2012-05:00:43.101.00005386 (SIPStack,...)$$begin_record
 *   (CLS search output of Lync 2013 / Skype for Business puts the machine in
 *   the brackets and a correlation id before the marker:
 *     TL_WARN(TF_DIAG) [edge\edge]0584.0A44::03/02/2017-07:10:46.230.0000773E (SIPStack,...) [156659184] $$begin_record)
 *     Direction: incoming|outgoing;source="...";destination="..."
 *     Peer: HOST:PORT
 *     Start-Line: <SIP start line>
 *     <SIP headers>
 *     Message-Body: <body, may continue over lines; "-" when empty>
 *     $$end_record
 *   Diagnostic records (TF_DIAG: Severity, Text, SIP-Call-ID, ...) are no
 *   messages; they are counted as other records, and one that names a Call-ID
 *   becomes the note of the next message with that Call-ID.
 *
 * Input is fed in arbitrary chunks (UTF-8 with or without BOM, or UTF-16
 * LE/BE, transcoded on the fly; CRLF or LF); each complete SIP message is
 * handed to a callback with its line breaks rebuilt as CRLF. Memory is
 * bounded by max_line and max_message whatever the input. Every problem is
 * reported through the warning callback with its line number; a damaged
 * message is still delivered with flags saying what is wrong with it.
 */
#ifndef OCSLOG_PARSE_H
#define OCSLOG_PARSE_H

#include <glib.h>

/* Wireshark refuses packets above 256 KiB; keep room for Exported PDU tags. */
#define OCSLOG_DEFAULT_MAX_MESSAGE (262144 - 512)
#define OCSLOG_DEFAULT_MAX_LINE    (64 * 1024)

typedef enum {
    OCSLOG_FMT_UCCAPI = 1,   /* client uccapilog */
    OCSLOG_FMT_SERVER = 2,   /* OCSLogger / CLS text export */
} ocslog_format;

typedef enum {
    OCSLOG_DIR_UNKNOWN = 0,
    OCSLOG_DIR_SENT,         /* local -> peer */
    OCSLOG_DIR_RECEIVED,     /* peer -> local */
} ocslog_direction;

typedef enum {
    OCSLOG_TRANSPORT_UNKNOWN = 0,
    OCSLOG_TRANSPORT_UDP,
    OCSLOG_TRANSPORT_TCP,
    OCSLOG_TRANSPORT_TLS,
} ocslog_transport;

/* Problems attached to one message (bits of ocslog_message.flags). */
typedef enum {
    OCSLOG_MF_LENGTH_MISMATCH = 1u << 0, /* uccapilog byte count differs from the logged bytes */
    OCSLOG_MF_NO_END          = 1u << 1, /* next record began before this one's end marker */
    OCSLOG_MF_TRUNCATED       = 1u << 2, /* input ended inside the record */
    OCSLOG_MF_OVERSIZE        = 1u << 3, /* cut at max_message */
    OCSLOG_MF_LONG_LINE       = 1u << 4, /* a line was cut at max_line */
    OCSLOG_MF_NO_TIME         = 1u << 5, /* time stamp missing or unreadable */
    OCSLOG_MF_BAD_ADDRESS     = 1u << 6, /* an address or port could not be read */
    OCSLOG_MF_BODY_LENGTH     = 1u << 7, /* Content-Length differs from the logged body */
    OCSLOG_MF_NO_DIRECTION    = 1u << 8, /* direction missing or unknown */
} ocslog_msg_flag;

#define OCSLOG_MF_COUNT 9

/* Short name of a flag bit (for packet comments), NULL for unknown bits. */
const char *ocslog_flag_name(guint flag);

typedef struct {
    int      family;       /* 0 unknown, 4 or 6 */
    guint8   addr[16];     /* network order; first 4 bytes for IPv4 */
    gboolean has_port;
    guint16  port;
    char     name[80];     /* as written in the log (host names stay here), NUL-terminated */
} ocslog_endpoint;

typedef struct {
    ocslog_format    format;
    ocslog_direction dir;
    ocslog_transport transport;   /* from the top Via header */
    ocslog_endpoint  local;       /* unknown (family 0, no port) in server logs */
    ocslog_endpoint  peer;
    gboolean         has_time;
    gint64           secs;        /* UTC, seconds since the epoch */
    guint32          nsecs;
    guint64          line;        /* line of the record's first line (1-based) */
    gboolean         has_declared_len;
    guint64          declared_len;/* uccapilog "N bytes" */
    guint            flags;       /* ocslog_msg_flag bits */
    const guint8    *data;        /* the SIP message; valid during the callback only */
    gsize            len;
    const char      *note;        /* server diagnostic records (TF_DIAG) about this message's
                                     Call-ID, clean UTF-8; NULL if none; valid during the callback */
} ocslog_message;

typedef struct {
    guint64 lines;
    guint64 bytes_in;
    guint64 messages;          /* delivered */
    guint64 flagged;           /* delivered with at least one flag */
    guint64 lost;              /* recognised as a message but not deliverable */
    guint64 warnings;
    guint64 other_records;     /* server records that are not SIP messages (diagnostics) */
    guint64 diag_notes;        /* of those, diagnostic records attached to a message as its note */
} ocslog_stats;

typedef void (*ocslog_message_cb)(const ocslog_message *msg, void *user);
/* text is valid during the callback only; line is 1-based (0: not tied to a line). */
typedef void (*ocslog_warning_cb)(guint64 line, const char *text, void *user);

typedef struct {
    GTimeZone *tz;           /* zone the log's wall-clock times are in; NULL = UTC. Borrowed. */
    gsize      max_message;  /* 0 = OCSLOG_DEFAULT_MAX_MESSAGE */
    gsize      max_line;     /* 0 = OCSLOG_DEFAULT_MAX_LINE */
} ocslog_options;

typedef struct ocslog_parser ocslog_parser;

ocslog_parser *ocslog_parser_new(const ocslog_options *opt, ocslog_message_cb on_message,
                                 ocslog_warning_cb on_warning, void *user);
/* Feed the next chunk of the log; callbacks run from inside. */
void ocslog_parser_feed(ocslog_parser *p, const guint8 *buf, gsize len);
/* End of input: a record still open is delivered flagged TRUNCATED. */
void ocslog_parser_finish(ocslog_parser *p);
const ocslog_stats *ocslog_parser_stats(const ocslog_parser *p);
void ocslog_parser_free(ocslog_parser *p);

/* Copies s[0..n) into out (cap bytes, NUL-terminated) as valid UTF-8 that is
 * safe to print: C0 controls except tab and DEL become "\xNN", C1 controls
 * "\u00NN", NUL "\x00" (nothing is cut at it), each invalid byte U+FFFD.
 * Stops at a whole character when out is full. Returns the length written. */
gsize ocslog_text_clean(char *out, gsize cap, const guint8 *s, gsize n);

/* A calendar date a log can carry: 1970..9999, a day the month has. */
gboolean ocslog_date_valid(int year, int month, int day);

/* Time-zone argument: "UTC", "local", "+HH:MM"/"-HHMM", or an IANA name.
 * Returns NULL when the name is not understood. Caller unrefs. */
GTimeZone *ocslog_tz_from_string(const char *spec);

#endif
