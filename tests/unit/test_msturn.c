/* Unit tests for epan-extra/msturn-wire.c: tables, the old-form recogniser,
 * TCP framing, pseudo-TLS classification, XOR and MESSAGE-INTEGRITY. The
 * integrity vector is an authenticated Allocate made by libnice 0.1.21 in
 * STUN_USAGE_TURN_COMPATIBILITY_OC2007 mode (captures/msturn-libnice.pcap,
 * frame 3): USERNAME "user-0001@example.com", REALM "SIP Communications
 * Service", password "secret-pass". */
#include <glib.h>
#include <string.h>

#include "msturn-wire.h"

static const char libnice_allocate_hex[] =
    "000300830c9548931a8289c82868db6f930868d7000f000472c64bc680080004000000010015001a"
    "53495020436f6d6d756e69636174696f6e73205365727669636500140020306131623263336434"
    "653566363037313832393361346235633664376538663900060015757365722d30303031406578"
    "616d706c652e636f6d0008001484f1609dc943a9952e0c843fbfb6664315c890e0";

static guint8 *
unhex(const char *hex, gsize *len)
{
    gsize n = strlen(hex) / 2;
    guint8 *b = g_malloc(n);
    for (gsize i = 0; i < n; i++)
        b[i] = (guint8)(g_ascii_xdigit_value(hex[2 * i]) << 4 | g_ascii_xdigit_value(hex[2 * i + 1]));
    *len = n;
    return b;
}

static void
test_tables(void)
{
    const msturn_attr_info *a;
    const msturn_type_info *t;
    const msturn_error_info *e;

    g_assert_true(msturn_tables_valid());
    /* MS numbering: 0x0014 NONCE, 0x0015 REALM (swapped against RFC 5389) */
    a = msturn_attr_lookup(0x0014);
    g_assert_nonnull(a);
    g_assert_cmpstr(a->name, ==, "NONCE");
    g_assert_cmpstr(msturn_attr_lookup(0x0015)->name, ==, "REALM");
    g_assert_cmpint(msturn_attr_lookup(0x000E)->shape, ==, MSTURN_SHAPE_ADDRESS);
    g_assert_cmpint(msturn_attr_lookup(0x8020)->shape, ==, MSTURN_SHAPE_XOR_ADDRESS);
    g_assert_cmpint(msturn_attr_lookup(0x8050)->min_len, ==, 24);
    g_assert_cmpstr(msturn_attr_lookup(0x8008)->field, ==, "ms_version");
    g_assert_cmpint(msturn_attr_lookup(0x8058)->shape, ==, MSTURN_SHAPE_BW_AMOUNT);
    g_assert_null(msturn_attr_lookup(0x0016));
    g_assert_null(msturn_attr_lookup(0xFFFF));
    /* every attribute of the fact sheet's section 3 */
    static const guint16 listed[] = {
        0x0001, 0x0006, 0x0008, 0x0009, 0x000A, 0x000D, 0x000E, 0x000F, 0x0010, 0x0011, 0x0012,
        0x0013, 0x0014, 0x0015, 0x0017, 0x8006, 0x8008, 0x8020, 0x8032, 0x8037, 0x8039, 0x8050,
        0x8054, 0x8055, 0x8056, 0x8057, 0x8058, 0x8059, 0x805A, 0x805B, 0x805C, 0x805D, 0x805E,
        0x805F, 0x8060, 0x8061, 0x8062, 0x8068, 0x8070, 0x8090, 0x8095 };
    for (gsize i = 0; i < G_N_ELEMENTS(listed); i++)
        g_assert_nonnull(msturn_attr_lookup(listed[i]));

    t = msturn_type_lookup(0x0115);
    g_assert_nonnull(t);
    g_assert_cmpstr(t->name, ==, "Data Indication");
    g_assert_cmpint(msturn_type_kind(0x0115), ==, MSTURN_KIND_INDICATION);
    g_assert_cmpint(msturn_type_kind(0x0004), ==, MSTURN_KIND_INDICATION);
    g_assert_cmpint(msturn_type_kind(0x0003), ==, MSTURN_KIND_REQUEST);
    g_assert_cmpint(msturn_type_kind(0x0103), ==, MSTURN_KIND_SUCCESS);
    g_assert_cmpint(msturn_type_kind(0x0116), ==, MSTURN_KIND_ERROR);
    g_assert_cmpint(msturn_type_kind(0x0017), ==, MSTURN_KIND_INDICATION); /* not in table: class bits */

    e = msturn_error_lookup(436);
    g_assert_nonnull(e);
    g_assert_cmpstr(e->reason, ==, "Unknown User");
    g_assert_nonnull(strstr(e->meaning, "unknown to this Edge"));
    g_assert_cmpstr(msturn_error_lookup(434)->reason, ==, "Missing Realm");
    g_assert_null(msturn_error_lookup(999));

    /* RFC 5389 form: MS-TURN's names, and stun's where they differ */
    g_assert_cmpstr(msturn_rfc_type_lookup(0x0006)->name, ==, "Set Active Destination Request");
    g_assert_cmpstr(msturn_rfc_type_lookup(0x0006)->stun_name, ==, "Send Request");
    g_assert_cmpstr(msturn_rfc_type_lookup(0x0004)->name, ==, "Send Request");
    g_assert_cmpstr(msturn_rfc_type_lookup(0x0004)->stun_name, ==, "Refresh Request");
    g_assert_cmpstr(msturn_rfc_type_lookup(0x0103)->stun_name, ==, "");
    g_assert_null(msturn_rfc_type_lookup(0x0014));
    g_assert_cmpstr(msturn_method_lookup(0x007)->name, ==, "Data");
    g_assert_cmpuint(msturn_method_lookup(0x007)->old_form, ==, 0);
    g_assert_cmpuint(msturn_method_lookup(0x006)->old_form, ==, 1);
    g_assert_null(msturn_method_lookup(0x00A));
    /* what the RFC 5389-form reader keeps: credentials, integrity, error, version */
    g_assert_cmpuint(msturn_attr_lookup(0x0006)->rfc_read, ==, 1);
    g_assert_cmpuint(msturn_attr_lookup(0x8008)->rfc_read, ==, 1);
    g_assert_cmpuint(msturn_attr_lookup(0x0013)->rfc_read, ==, 0);
}

static void
test_recogniser(void)
{
    gsize len;
    guint8 *m = unhex(libnice_allocate_hex, &len);
    static const guint8 rfc5389[] = {
        0x00, 0x01, 0x00, 0x08, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        0x80, 0x22, 0x00, 0x04, 't', 'e', 's', 't' };

    g_assert_cmpuint(len, ==, 151);
    g_assert_true(msturn_is_old_form(m, len, TRUE));
    g_assert_false(msturn_is_old_form(m, len - 1, TRUE)); /* length field disagrees */
    g_assert_true(msturn_is_old_form(m, len - 1, FALSE));
    g_assert_false(msturn_is_old_form(m, 27, FALSE));     /* too short for the cookie */
    g_assert_false(msturn_is_rfc5389_form(m, len, TRUE));
    g_assert_false(msturn_is_old_form(rfc5389, sizeof rfc5389, FALSE));
    g_assert_true(msturn_is_rfc5389_form(rfc5389, sizeof rfc5389, TRUE));
    m[0] |= 0x40; /* top bits set: not STUN */
    g_assert_false(msturn_is_old_form(m, len, TRUE));
    m[0] &= 0x3F;
    m[27] ^= 1;   /* wrong cookie value */
    g_assert_false(msturn_is_old_form(m, len, TRUE));
    m[27] ^= 1;
    /* RFC 5389 cookie at offset 4 with MAGIC-COOKIE first: the RFC 5389 form, stun's */
    m[4] = 0x21; m[5] = 0x12; m[6] = 0xA4; m[7] = 0x42;
    g_assert_false(msturn_is_old_form(m, len, TRUE));
    g_assert_true(msturn_is_rfc5389_form(m, len, TRUE));
    g_free(m);
}

static void
test_rfc5389_form(void)
{
    /* MS markers: MAGIC-COOKIE, MS-VERSION, MS-* and MS-TURNBWM attributes */
    static const guint16 ms[] = { 0x000F, 0x8006, 0x8008, 0x8032, 0x8037, 0x8039, 0x8050, 0x8054, 0x8055,
                                  0x8056, 0x8058, 0x805C, 0x8062, 0x8068, 0x8070, 0x8090, 0x8095 };
    /* standard STUN/TURN/ICE attributes are not */
    static const guint16 std[] = { 0x0001, 0x0006, 0x0008, 0x0009, 0x000D, 0x0014, 0x0015, 0x0016, 0x0019,
                                   0x0020, 0x0024, 0x8020, 0x8022, 0x8023, 0x8028, 0x8029, 0x802A, 0x8053,
                                   0x8063, 0xC057 };
    for (gsize i = 0; i < G_N_ELEMENTS(ms); i++)
        g_assert_true(msturn_attr_marks_ms(ms[i]));
    for (gsize i = 0; i < G_N_ELEMENTS(std); i++)
        g_assert_false(msturn_attr_marks_ms(std[i]));

    g_assert_cmpint(msturn_rfc5389_kind(0x0003), ==, MSTURN_KIND_REQUEST);
    g_assert_cmpint(msturn_rfc5389_kind(0x0103), ==, MSTURN_KIND_SUCCESS);
    g_assert_cmpint(msturn_rfc5389_kind(0x0113), ==, MSTURN_KIND_ERROR);
    g_assert_cmpint(msturn_rfc5389_kind(0x0017), ==, MSTURN_KIND_INDICATION);
    /* 0x0004 is a Refresh request here, not the old form's Send indication */
    g_assert_cmpint(msturn_rfc5389_kind(0x0004), ==, MSTURN_KIND_REQUEST);
    g_assert_cmpint(msturn_type_kind(0x0004), ==, MSTURN_KIND_INDICATION);
    g_assert_cmpuint(msturn_type_method(0x0113), ==, 0x003);
    g_assert_cmpuint(msturn_type_method(0x0119), ==, 0x009);
    g_assert_cmpuint(msturn_type_method(0x0017), ==, 0x007);
}

/* RFC 5769 2.4, "Sample Request with Long-Term Authentication": USERNAME
 * U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9, REALM "example.org", password
 * "TheMatrIX" (after SASLprep). An independent vector for the RFC 5389-form
 * MESSAGE-INTEGRITY (no 64-byte padding). */
static const char rfc5769_hex[] =
    "000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b9"
    "00000015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b6578616d"
    "706c652e6f72670000080014f67024656dd64a3e02b8e0712e85c9a28ca89666";

static void
test_integrity_rfc5389(void)
{
    gsize len;
    guint8 *m = unhex(rfc5769_hex, &len);
    static const char realm[] = "example.org", pass[] = "TheMatrIX";
    guint8 key[16], mac[MSTURN_HMAC_LEN];
    gsize mi_off = len - 24;

    g_assert_cmpuint(len, ==, 116);
    msturn_long_term_key(m + 24, 18, (const guint8 *)realm, strlen(realm), (const guint8 *)pass,
                         strlen(pass), key);
    g_assert_true(msturn_integrity_hmac(m, mi_off, key, sizeof key, FALSE, mac));
    g_assert_cmpmem(mac, sizeof mac, m + mi_off + 4, MSTURN_HMAC_LEN);
    /* the old form's 64-byte padding gives another MAC */
    msturn_integrity_hmac(m, mi_off, key, sizeof key, TRUE, mac);
    g_assert_true(memcmp(mac, m + mi_off + 4, MSTURN_HMAC_LEN) != 0);
    g_free(m);
}

/* Keys and keyed HMAC handles go when a capture is closed, and the next
 * derivation after that still gives the right key. */
static void
test_forget_keys(void)
{
    gsize len;
    guint8 *m = unhex(rfc5769_hex, &len);
    static const char realm[] = "example.org", pass[] = "TheMatrIX";
    guint8 key[16], mac[MSTURN_HMAC_LEN];
    gsize mi_off = len - 24;

    msturn_long_term_key(m + 24, 18, (const guint8 *)realm, strlen(realm), (const guint8 *)pass,
                         strlen(pass), key);
    g_assert_true(msturn_integrity_hmac(m, mi_off, key, sizeof key, FALSE, mac));
    g_assert_cmpuint(msturn_cached_keys(), >=, 2);
    msturn_forget_keys();
    g_assert_cmpuint(msturn_cached_keys(), ==, 0);
    msturn_long_term_key(m + 24, 18, (const guint8 *)realm, strlen(realm), (const guint8 *)pass,
                         strlen(pass), key);
    g_assert_true(msturn_integrity_hmac(m, mi_off, key, sizeof key, FALSE, mac));
    g_assert_cmpmem(mac, sizeof mac, m + mi_off + 4, MSTURN_HMAC_LEN);
    g_assert_cmpuint(msturn_cached_keys(), ==, 2);
    msturn_forget_keys();
}

/* MS-VERSION >= 3: 32-byte MESSAGE-INTEGRITY. Expected values from
 * tests/unit/msturn_vectors.py (Python hmac/hashlib, not this code). */
static const char v6_msg_hex[] =
    "0003006c2112a4420102030405060708090a0b0c000f000472c64bc680080004000000060015000a227274636d6564"
    "6961220014001430313233343536373839616263646566303132330006000e02000024757365722d746f6b656e";

static void
test_integrity_sha256(void)
{
    static const guint8 want_key[32] = {
        0x2a, 0xe3, 0xfc, 0x2f, 0x0c, 0x52, 0x1a, 0x94, 0xb6, 0x95, 0xd7, 0xf7, 0x36, 0x0b, 0x37, 0x45,
        0xca, 0xb6, 0x88, 0xf4, 0x81, 0x0a, 0x74, 0xbb, 0x4e, 0x5b, 0x1c, 0x5a, 0x86, 0x3b, 0x58, 0x47 };
    static const guint8 want_nopad[32] = {
        0xb3, 0x8f, 0xd1, 0x90, 0x5e, 0x9a, 0xd9, 0x47, 0x8b, 0x47, 0x5f, 0x40, 0xbc, 0xc5, 0x92, 0xd1,
        0x31, 0xca, 0x0c, 0xfc, 0xf7, 0x2c, 0xa1, 0xd7, 0x1b, 0x09, 0xf2, 0xe8, 0xc8, 0x43, 0x9d, 0xef };
    static const guint8 want_pad[32] = {
        0xa1, 0xa4, 0xe2, 0x5b, 0x94, 0x08, 0x7e, 0x16, 0xf4, 0x6b, 0x46, 0x09, 0xde, 0x86, 0xf0, 0x40,
        0xfc, 0x79, 0x8e, 0x2a, 0xc3, 0xe5, 0xf6, 0xca, 0x54, 0xe3, 0x2d, 0xe9, 0xe1, 0x26, 0x6a, 0xac };
    static const guint8 user[] = { 0x02, 0x00, 0x00, 0x24, 'u', 's', 'e', 'r', '-', 't', 'o', 'k', 'e', 'n' };
    static const char realm[] = "\"rtcmedia\"", nonce[] = "0123456789abcdef0123", pass[] = "secret-password";
    guint8 key[MSTURN_HMAC256_LEN], mac[MSTURN_HMAC256_LEN];
    gsize len;
    guint8 *m = unhex(v6_msg_hex, &len);

    g_assert_cmpuint(len, ==, 92);
    msturn_sha256_key(user, sizeof user, (const guint8 *)realm, strlen(realm), (const guint8 *)nonce,
                      strlen(nonce), (const guint8 *)pass, strlen(pass), key);
    g_assert_cmpmem(key, sizeof key, want_key, sizeof want_key);
    g_assert_true(msturn_integrity_hmac256(m, len, key, sizeof key, FALSE, mac));
    g_assert_cmpmem(mac, sizeof mac, want_nopad, sizeof want_nopad);
    g_assert_true(msturn_integrity_hmac256(m, len, key, sizeof key, TRUE, mac));
    g_assert_cmpmem(mac, sizeof mac, want_pad, sizeof want_pad);
    /* another password, another key */
    msturn_sha256_key(user, sizeof user, (const guint8 *)realm, strlen(realm), (const guint8 *)nonce,
                      strlen(nonce), (const guint8 *)"x", 1, key);
    g_assert_true(memcmp(key, want_key, sizeof key) != 0);
    g_assert_false(msturn_integrity_hmac256(m, 10, key, sizeof key, FALSE, mac));

    /* the verifier: either REALM/NONCE numbering, either padding */
    {
        static const char r2[] = "\"rtcmedia\"";
        guint8 exp[MSTURN_HMAC256_LEN];
        g_assert_cmpint(msturn_verify_mi256(m, len, want_pad, user, sizeof user, (const guint8 *)nonce,
                                            strlen(nonce), (const guint8 *)r2, strlen(r2), (const guint8 *)pass,
                                            strlen(pass), exp), ==, MSTURN_MI256_VERIFIED);
        g_assert_cmpint(msturn_verify_mi256(m, len, want_nopad, user, sizeof user, (const guint8 *)r2,
                                            strlen(r2), (const guint8 *)nonce, strlen(nonce), (const guint8 *)"x",
                                            1, exp), ==, MSTURN_MI256_FAILED);
        g_assert_cmpint(msturn_verify_mi256(m, len, want_nopad, user, sizeof user, (const guint8 *)r2,
                                            strlen(r2), NULL, 0, (const guint8 *)pass, strlen(pass), exp),
                        ==, MSTURN_MI256_NO_NONCE);
    }
    g_free(m);
}

static void
test_framing(void)
{
    static const guint8 control[] = { 0x02, 0x00, 0x00, 0x10 };
    static const guint8 empty_data[] = { 0x03, 0x00, 0x00, 0x00 };
    static const guint8 tls[] = { 0x16, 0x03, 0x01, 0x00, 0x2A };
    static const guint8 appdata[] = { 0x17, 0x03, 0x03, 0x00, 0x10 };
    static const guint8 reserved[] = { 0x02, 0x01, 0x00, 0x10 };
    gsize len;
    guint8 *m = unhex(libnice_allocate_hex, &len);
    guint8 *framed = g_malloc(len + 4);

    g_assert_cmpuint(msturn_tcp_pdu_len(control, 4), ==, 20);
    g_assert_cmpuint(msturn_tcp_pdu_len(empty_data, 4), ==, 4);
    g_assert_cmpuint(msturn_tcp_pdu_len(tls, 5), ==, 47);
    g_assert_cmpuint(msturn_tcp_pdu_len(tls, 4), ==, 0);  /* TLS needs its 5-byte header */
    g_assert_cmpuint(msturn_tcp_pdu_len(appdata, 5), ==, 0);
    g_assert_cmpuint(msturn_tcp_pdu_len(reserved, 4), ==, 0);
    g_assert_cmpuint(msturn_tcp_pdu_len(control, 3), ==, 0);

    framed[0] = 0x02;
    framed[1] = 0x00;
    framed[2] = (guint8)(len >> 8);
    framed[3] = (guint8)len;
    memcpy(framed + 4, m, len);
    g_assert_true(msturn_tcp_looks_framed(framed, len + 4));
    g_assert_true(msturn_tcp_looks_framed(framed, 32));   /* one segment's worth is enough */
    framed[0] = 0x03;
    g_assert_false(msturn_tcp_looks_framed(framed, len + 4));
    framed[0] = 0x02;
    framed[3] ^= 1;                                       /* frame and message lengths disagree */
    g_assert_false(msturn_tcp_looks_framed(framed, len + 4));
    g_free(framed);
    g_free(m);
}

static void
test_tls_kind(void)
{
    /* ServerHello (body 2 bytes here) + empty ServerHelloDone in one record */
    static const guint8 pseudo[] = { 0x16, 0x03, 0x01, 0x00, 0x0A,
                                     0x02, 0x00, 0x00, 0x02, 0x03, 0x01,
                                     0x0E, 0x00, 0x00, 0x00 };
    static const guint8 real[] = { 0x16, 0x03, 0x01, 0x00, 0x0B,
                                   0x02, 0x00, 0x00, 0x02, 0x03, 0x01,
                                   0x0B, 0x00, 0x00, 0x01, 0x00 };
    static const guint8 client[] = { 0x16, 0x03, 0x01, 0x00, 0x06, 0x01, 0x00, 0x00, 0x02, 0x03, 0x01 };
    static const guint8 junk[] = { 0x17, 0x03, 0x01, 0x00, 0x06, 0x01, 0x00, 0x00, 0x02 };

    g_assert_cmpint(msturn_tls_hello_kind(pseudo, sizeof pseudo), ==, MSTURN_TLS_PSEUDO_SERVER_HELLO);
    g_assert_cmpint(msturn_tls_hello_kind(real, sizeof real), ==, MSTURN_TLS_SERVER_HELLO);
    g_assert_cmpint(msturn_tls_hello_kind(pseudo, sizeof pseudo - 2), ==, MSTURN_TLS_INCOMPLETE);
    g_assert_cmpint(msturn_tls_hello_kind(client, sizeof client), ==, MSTURN_TLS_CLIENT_HELLO);
    g_assert_cmpint(msturn_tls_hello_kind(junk, sizeof junk), ==, MSTURN_TLS_NONE);
    g_assert_cmpint(msturn_tls_hello_kind(client, 5), ==, MSTURN_TLS_NONE);
}

static void
test_xor(void)
{
    /* RFC 5389 region: cookie 2112A442 + transaction id; 192.0.2.1:32853 -> X-Port 0xA147, X-Address E112A643 (RFC 5769 2.2) */
    guint8 key[16] = { 0x21, 0x12, 0xA4, 0x42, 0xB7, 0xE7, 0xA7, 0x01, 0xBC, 0x34, 0xD6, 0x86, 0xFA, 0x87, 0xDF, 0xAE };
    guint8 port[2] = { 0xA1, 0x47 };
    guint8 addr[4] = { 0xE1, 0x12, 0xA6, 0x43 };
    guint8 a6[16];

    msturn_unxor(port, 2, key);
    g_assert_cmpuint((guint)(port[0] << 8 | port[1]), ==, 32853);
    msturn_unxor(addr, 4, key);
    g_assert_cmpuint(addr[0], ==, 192);
    g_assert_cmpuint(addr[1], ==, 0);
    g_assert_cmpuint(addr[2], ==, 2);
    g_assert_cmpuint(addr[3], ==, 1);
    /* IPv6 uses all 16 bytes; applying twice restores */
    memset(a6, 0x5A, sizeof a6);
    msturn_unxor(a6, 16, key);
    g_assert_cmpuint(a6[15], ==, (0x5A ^ 0xAE));
    msturn_unxor(a6, 16, key);
    g_assert_cmpuint(a6[15], ==, 0x5A);
}

static void
test_integrity(void)
{
    gsize len;
    guint8 *m = unhex(libnice_allocate_hex, &len);
    static const char user[] = "user-0001@example.com", realm[] = "SIP Communications Service",
                      pass[] = "secret-pass";
    guint8 key[16], key2[16], mac[MSTURN_HMAC_LEN];
    gsize mi_off = len - 24;

    msturn_long_term_key((const guint8 *)user, strlen(user), (const guint8 *)realm, strlen(realm),
                         (const guint8 *)pass, strlen(pass), key);
    g_assert_true(msturn_integrity_hmac(m, mi_off, key, sizeof key, TRUE, mac));
    g_assert_cmpmem(mac, sizeof mac, m + mi_off + 4, MSTURN_HMAC_LEN);
    /* without the 64-byte padding the old-form MAC does not match */
    msturn_integrity_hmac(m, mi_off, key, sizeof key, FALSE, mac);
    g_assert_true(memcmp(mac, m + mi_off + 4, MSTURN_HMAC_LEN) != 0);
    /* quotes and trailing NULs are stripped before hashing */
    msturn_long_term_key((const guint8 *)"\"user-0001@example.com\"", 23,
                         (const guint8 *)"SIP Communications Service\0\0", 28,
                         (const guint8 *)pass, strlen(pass), key2);
    g_assert_cmpmem(key, 16, key2, 16);
    /* a wrong password gives another MAC */
    msturn_long_term_key((const guint8 *)user, strlen(user), (const guint8 *)realm, strlen(realm),
                         (const guint8 *)"wrong", 5, key2);
    msturn_integrity_hmac(m, mi_off, key2, sizeof key2, TRUE, mac);
    g_assert_true(memcmp(mac, m + mi_off + 4, MSTURN_HMAC_LEN) != 0);
    g_assert_false(msturn_integrity_hmac(m, 10, key, sizeof key, TRUE, mac));
    g_free(m);
}

/* The shared attribute walk: unpadded (old form), padded (RFC 5389), and
 * the two ways a message can be cut short. */
static void
test_attr_iter(void)
{
    /* header, REALM (0x0015) of 10 bytes, then MAGIC-COOKIE (0x000F, 4) */
    static const guint8 msg[] = {
        0x00, 0x03, 0x00, 0x14, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        0x00, 0x15, 0x00, 0x0a, 'r', 't', 'c', 'm', 'e', 'd', 'i', 'a', '!', '!',
        0x00, 0x0f, 0x00, 0x04, 0x72, 0xc6 };
    msturn_attr_iter it;
    msturn_attr a;

    /* unpadded: the second header follows the 10-byte value, its value is cut */
    msturn_attr_iter_init(&it, msg, sizeof msg, FALSE);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_OK);
    g_assert_cmpuint(a.type, ==, 0x0015);
    g_assert_cmpuint(a.len, ==, 10);
    g_assert_cmpuint(a.off, ==, 20);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_SHORT_VALUE);
    g_assert_cmpuint(a.type, ==, 0x000f);
    g_assert_cmpuint(a.off, ==, 34);
    g_assert_cmpuint(a.value_avail, ==, 2);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_END);

    /* padded: the 10-byte value takes 12, leaving 2 bytes: no whole header */
    msturn_attr_iter_init(&it, msg, sizeof msg, TRUE);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_OK);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_SHORT_VALUE);
    g_assert_cmpuint(a.off, ==, 36);
    g_assert_cmpuint(a.type, ==, 0x0004);   /* the cookie bytes read as a header */

    msturn_attr_iter_init(&it, msg, 22, FALSE);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_SHORT_HEADER);
    g_assert_cmpuint(a.value_avail, ==, 2);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_END);
    msturn_attr_iter_init(&it, msg, 20, TRUE);
    g_assert_cmpint(msturn_attr_next(&it, &a), ==, MSTURN_ATTR_END);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/msturn/tables", test_tables);
    g_test_add_func("/msturn/recogniser", test_recogniser);
    g_test_add_func("/msturn/framing", test_framing);
    g_test_add_func("/msturn/tls_kind", test_tls_kind);
    g_test_add_func("/msturn/xor", test_xor);
    g_test_add_func("/msturn/integrity", test_integrity);
    g_test_add_func("/msturn/rfc5389_form", test_rfc5389_form);
    g_test_add_func("/msturn/integrity_rfc5389", test_integrity_rfc5389);
    g_test_add_func("/msturn/forget_keys", test_forget_keys);
    g_test_add_func("/msturn/integrity_sha256", test_integrity_sha256);
    g_test_add_func("/msturn/attr_iter", test_attr_iter);
    return g_test_run();
}
