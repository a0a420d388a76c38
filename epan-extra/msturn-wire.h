/* MS-TURN wire knowledge without Wireshark: attribute shape table, message
 * type and error tables (generated from tables/msturn-*.tsv), the recogniser
 * of the OCS 2007 header form, TCP framing lengths, XOR address decoding and
 * the MESSAGE-INTEGRITY key and HMAC ([MS-TURN], libnice OC2007 behaviour). */
#ifndef MSTURN_WIRE_H
#define MSTURN_WIRE_H

#include <glib.h>

#define MSTURN_HEADER_LEN        20
#define MSTURN_MAGIC_COOKIE      0x72C64BC6u /* value of the MAGIC-COOKIE attribute */
#define MSTURN_RFC5389_COOKIE    0x2112A442u
#define MSTURN_ATTR_MAGIC_COOKIE 0x000F
#define MSTURN_ATTR_INTEGRITY    0x0008
#define MSTURN_TCP_HEADER_LEN    4
#define MSTURN_TCP_CONTROL       0x02 /* framed TURN control message */
#define MSTURN_TCP_DATA          0x03 /* framed end-to-end data */
#define MSTURN_TLS_HEADER_LEN    5
#define MSTURN_HMAC_LEN          20
#define MSTURN_HMAC256_LEN       32 /* MESSAGE-INTEGRITY from MS-VERSION 3 on */

/* Methods and error codes the suite acts on ([MS-TURN] 2.2.1, 2.2.2.9) */
#define MSTURN_METHOD_BINDING     0x001 /* an ICE check, never an MS-TURN transaction */
#define MSTURN_METHOD_ALLOCATE    0x003
#define MSTURN_ERROR_UNKNOWN_USER 436   /* the Edge does not know the credentials */

/* How an attribute value is laid out. */
typedef enum {
    MSTURN_SHAPE_ADDRESS,          /* reserved, family, port, IPv4/IPv6 */
    MSTURN_SHAPE_XOR_ADDRESS,      /* same, XORed with message bytes 4..19 */
    MSTURN_SHAPE_U32,
    MSTURN_SHAPE_STRING,           /* UTF-8 text */
    MSTURN_SHAPE_OPAQUE,           /* opaque bytes shown as text when printable */
    MSTURN_SHAPE_BYTES,
    MSTURN_SHAPE_DATA,             /* payload for the next dissector */
    MSTURN_SHAPE_INTEGRITY,
    MSTURN_SHAPE_ERROR_CODE,       /* 2 reserved, class, number, reason */
    MSTURN_SHAPE_ATTR_LIST,        /* list of u16 attribute types */
    MSTURN_SHAPE_FAMILY,           /* u8 family, 3 reserved */
    MSTURN_SHAPE_SEQUENCE,         /* 20-byte connection id, u32 sequence number */
    MSTURN_SHAPE_SERVICE_QUALITY,  /* u16 stream type, u16 service quality */
    MSTURN_SHAPE_BW_ACM,           /* 2 reserved, u16 message type */
    MSTURN_SHAPE_BW_AMOUNT,        /* 4 x u32 kbps */
    MSTURN_SHAPE_SITE_RESPONSE,    /* u32 flags, 2 x u32 kbps */
    MSTURN_SHAPE_LOCATION_PROFILE  /* peer, self, federation, reserved */
} msturn_shape;

typedef struct {
    guint32 type;
    const char *name;
    msturn_shape shape;
    guint32 min_len;
    guint32 max_len;
    const char *field; /* suffix of the display-filter field holding the value */
    guint32 ms_marker; /* 1: only Microsoft uses it, so an RFC 5389-form message holding it is MS-TURN */
    guint32 rfc_read;  /* 1: msturn reads it from an RFC 5389-form message stun decoded */
} msturn_attr_info;

typedef enum {
    MSTURN_KIND_REQUEST,
    MSTURN_KIND_SUCCESS,
    MSTURN_KIND_ERROR,
    MSTURN_KIND_INDICATION
} msturn_kind;

typedef struct {
    guint32 type;
    const char *name;
    msturn_kind kind;
} msturn_type_info;

typedef struct {
    guint32 code;
    const char *reason;
    const char *meaning;
} msturn_error_info;

typedef struct {
    guint32 method;
    const char *name;
    guint32 old_form;   /* 1: a method of the OCS 2007 form */
} msturn_method_info;

/* A message type of an RFC 5389-form MS-TURN message */
typedef struct {
    guint32 type;
    const char *name;       /* what MS-TURN calls it */
    const char *stun_name;  /* what stun calls it when that differs, else "" */
} msturn_rfc_type_info;

/* generated, sorted by number */
extern const msturn_attr_info msturn_attrs[];
extern const unsigned msturn_attrs_count;
extern const msturn_type_info msturn_types[];
extern const unsigned msturn_types_count;
extern const msturn_error_info msturn_errors[];
extern const unsigned msturn_errors_count;
extern const msturn_method_info msturn_methods[];
extern const unsigned msturn_methods_count;
extern const msturn_rfc_type_info msturn_rfc_types[];
extern const unsigned msturn_rfc_types_count;

/* NULL when not in the table. */
const msturn_attr_info *msturn_attr_lookup(guint16 type);
const msturn_type_info *msturn_type_lookup(guint16 type);
const msturn_error_info *msturn_error_lookup(guint code);
const msturn_method_info *msturn_method_lookup(guint16 method);
const msturn_rfc_type_info *msturn_rfc_type_lookup(guint16 type);

/* TRUE when the generated tables are sorted and free of duplicates. */
gboolean msturn_tables_valid(void);

/* Kind of an old-form message type: the table entry, else the RFC 5389 class
 * bits, except that 0x0115 is the Data Indication. */
msturn_kind msturn_type_kind(guint16 type);

/* The old OCS 2007 form: type with the top two bits clear, bytes 20..27 a
 * MAGIC-COOKIE attribute, no RFC 5389 cookie at offset 4 (an RFC 5389-form
 * message may carry MAGIC-COOKIE too) and (when 'exact') 20 + length ==
 * msg_len. Looks at no more than 28 bytes. */
gboolean msturn_is_old_form(const guint8 *msg, gsize msg_len, gboolean exact);

/* The RFC 5389 form: cookie at offset 4, top two bits clear, 20 + length ==
 * msg_len when 'exact'. */
gboolean msturn_is_rfc5389_form(const guint8 *msg, gsize msg_len, gboolean exact);


/* The attribute walk every MS-TURN path shares (the old-form dissector, the
 * tree-less DATA path, the RFC 5389-form reader, the fuzz target): type and
 * length fields one after another from offset 20 up to 'end', each value
 * followed by padding to 4 bytes when 'padded' (RFC 5389 form) or not (the
 * old form, and RFC 5389-form messages whose first attribute is
 * MAGIC-COOKIE). */
typedef struct {
    const guint8 *msg;
    gsize end;
    gsize off;
    gboolean padded;
} msturn_attr_iter;

typedef struct {
    guint16 type;
    guint16 len;         /* the length field */
    gsize off;           /* offset of the attribute header in the message */
    gsize value_avail;   /* value bytes before 'end': len, or fewer when cut short */
} msturn_attr;

typedef enum {
    MSTURN_ATTR_OK,           /* a whole attribute */
    MSTURN_ATTR_END,          /* no bytes left */
    MSTURN_ATTR_SHORT_HEADER, /* 1-3 bytes left: no whole header (type and len unset) */
    MSTURN_ATTR_SHORT_VALUE   /* the length field runs past 'end'; the walk ends */
} msturn_attr_step;

/* msg holds at least 'end' bytes; the walk starts after the 20-byte header. */
void msturn_attr_iter_init(msturn_attr_iter *it, const guint8 *msg, gsize end, gboolean padded);
msturn_attr_step msturn_attr_next(msturn_attr_iter *it, msturn_attr *a);

/* TRUE for an attribute type that only Microsoft's TURN/ICE dialects use
 * (MAGIC-COOKIE, MS-VERSION, the MS-* and MS-TURNBWM attributes): one of them
 * in an RFC 5389-form message marks it as MS-TURN ([MS-TURN], [MS-ICE2]). */
gboolean msturn_attr_marks_ms(guint16 type);

/* Kind of an RFC 5389-form message type from its class bits alone. */
msturn_kind msturn_rfc5389_kind(guint16 type);

/* Method of a message type: the type without its class bits (RFC 5389 6). */
guint16 msturn_type_method(guint16 type);

/* Length of the TCP PDU starting at buf (4-byte framing header included, or
 * the 5-byte TLS record header of the pseudo-TLS hello), 0 when the bytes
 * are neither; needs 4 (framing) or 5 (TLS) bytes. */
guint32 msturn_tcp_pdu_len(const guint8 *buf, gsize avail);

/* TRUE when buf starts a framed TURN control message holding an old-form or
 * RFC 5389-form message (what a heuristic can check on one segment). */
gboolean msturn_tcp_looks_framed(const guint8 *buf, gsize avail);

typedef enum {
    MSTURN_TLS_NONE,
    MSTURN_TLS_INCOMPLETE,         /* handshake record not complete in the buffer */
    MSTURN_TLS_CLIENT_HELLO,       /* handshake record starting with ClientHello */
    MSTURN_TLS_PSEUDO_SERVER_HELLO,/* ServerHello + ServerHelloDone in one record */
    MSTURN_TLS_SERVER_HELLO        /* ServerHello followed by anything else: real TLS */
} msturn_tls_kind;

/* Classifies a TLS handshake record (header included). */
msturn_tls_kind msturn_tls_hello_kind(const guint8 *rec, gsize len);

/* XORs 'value' (n <= 16 bytes) with the first n of the 16 key bytes (message
 * offset 4..19, RFC 5389 cookie + transaction id or the old 16-byte id). */
void msturn_unxor(guint8 *value, gsize n, const guint8 key[16]);

/* MD5(username ":" realm ":" password), each stripped of a leading '"' and
 * trailing '"' / NUL bytes as libnice does. */
void msturn_long_term_key(const guint8 *user, gsize user_len, const guint8 *realm, gsize realm_len,
                          const guint8 *pass, gsize pass_len, guint8 key[16]);

/* HMAC-SHA1 of msg[0..mi_off) with the length field replaced by
 * mi_off + 24 - 20; 'pad64' zero-pads the input to a multiple of 64 bytes
 * (old form, RFC 3489 style); without it this is RFC 5389 15.4 (the RFC
 * 5389 form). Returns FALSE when mi_off < 20 or libgcrypt fails. */
gboolean msturn_integrity_hmac(const guint8 *msg, gsize mi_off, const guint8 *key, gsize key_len,
                               gboolean pad64, guint8 out[MSTURN_HMAC_LEN]);

/* Forgets every cached derived key and keyed HMAC handle (wiping the key
 * bytes): called when a capture is closed, so that credentials do not
 * outlive it. The caches are fixed-size (64 slots each). */
void msturn_forget_keys(void);

/* Derived keys and keyed HMAC handles currently cached (for tests). */
guint msturn_cached_keys(void);
/* Key of the 32-byte MESSAGE-INTEGRITY (MS-VERSION >= 3, as svens/turner
 * implements [MS-TURN]): K = HMAC-SHA256(nonce, password), key =
 * HMAC-SHA256(K, 0x01 "TURN" 0x00 username realm 0x00 0x00 0x01 0x00).
 * Realm and nonce are stripped of quotes and trailing NULs as for the MD5 key. */
void msturn_sha256_key(const guint8 *user, gsize user_len, const guint8 *realm, gsize realm_len,
                       const guint8 *nonce, gsize nonce_len, const guint8 *pass, gsize pass_len,
                       guint8 key[MSTURN_HMAC256_LEN]);

/* msturn_integrity_hmac with HMAC-SHA256 (length field counting a 32-byte
 * MESSAGE-INTEGRITY). */
gboolean msturn_integrity_hmac256(const guint8 *msg, gsize mi_off, const guint8 *key, gsize key_len,
                                  gboolean pad64, guint8 out[MSTURN_HMAC256_LEN]);

typedef enum {
    MSTURN_MI256_VERIFIED,
    MSTURN_MI256_FAILED,
    MSTURN_MI256_NO_NONCE
} msturn_mi256_result;

/* Checks the 32-byte MESSAGE-INTEGRITY 'wire' at msg[mi_off + 4] with
 * username and password: realm and nonce are the two REALM/NONCE values of
 * the message (either may be NULL; both numberings are tried, as the RFC 5389
 * form may number them either way), the HMAC input with and without the
 * 64-byte padding. 'expected' gets the first candidate when none matches. */
msturn_mi256_result msturn_verify_mi256(const guint8 *msg, gsize mi_off, const guint8 *wire, const guint8 *user,
                                        gsize user_len, const guint8 *a, gsize a_len, const guint8 *b,
                                        gsize b_len, const guint8 *pass, gsize pass_len,
                                        guint8 expected[MSTURN_HMAC256_LEN]);

#endif
