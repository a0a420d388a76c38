/* MS-TURN wire knowledge without Wireshark (see msturn-wire.h). */
#include "msturn-wire.h"

#include <string.h>

#include <gcrypt.h>

#define BSEARCH_TABLE(table, count, key)                                     \
    do {                                                                     \
        unsigned lo_ = 0, hi_ = (count);                                     \
        while (lo_ < hi_) {                                                  \
            unsigned mid_ = lo_ + (hi_ - lo_) / 2;                           \
            if ((table)[mid_].key == (key))                                  \
                return &(table)[mid_];                                       \
            if ((table)[mid_].key < (key))                                   \
                lo_ = mid_ + 1;                                              \
            else                                                             \
                hi_ = mid_;                                                  \
        }                                                                    \
        return NULL;                                                         \
    } while (0)

const msturn_attr_info *
msturn_attr_lookup(guint16 type)
{
    BSEARCH_TABLE(msturn_attrs, msturn_attrs_count, type);
}

const msturn_type_info *
msturn_type_lookup(guint16 type)
{
    BSEARCH_TABLE(msturn_types, msturn_types_count, type);
}

const msturn_error_info *
msturn_error_lookup(guint code)
{
    BSEARCH_TABLE(msturn_errors, msturn_errors_count, code);
}

const msturn_method_info *
msturn_method_lookup(guint16 method)
{
    BSEARCH_TABLE(msturn_methods, msturn_methods_count, method);
}

const msturn_rfc_type_info *
msturn_rfc_type_lookup(guint16 type)
{
    BSEARCH_TABLE(msturn_rfc_types, msturn_rfc_types_count, type);
}

gboolean
msturn_tables_valid(void)
{
    for (unsigned i = 1; i < msturn_attrs_count; i++)
        if (msturn_attrs[i - 1].type >= msturn_attrs[i].type)
            return FALSE;
    for (unsigned i = 1; i < msturn_types_count; i++)
        if (msturn_types[i - 1].type >= msturn_types[i].type)
            return FALSE;
    for (unsigned i = 1; i < msturn_errors_count; i++)
        if (msturn_errors[i - 1].code >= msturn_errors[i].code)
            return FALSE;
    for (unsigned i = 1; i < msturn_methods_count; i++)
        if (msturn_methods[i - 1].method >= msturn_methods[i].method)
            return FALSE;
    for (unsigned i = 1; i < msturn_rfc_types_count; i++)
        if (msturn_rfc_types[i - 1].type >= msturn_rfc_types[i].type)
            return FALSE;
    for (unsigned i = 0; i < msturn_attrs_count; i++)
        if (msturn_attrs[i].min_len > msturn_attrs[i].max_len)
            return FALSE;
    return msturn_attrs_count > 0 && msturn_types_count > 0 && msturn_errors_count > 0 && msturn_methods_count > 0 &&
           msturn_rfc_types_count > 0;
}

msturn_kind
msturn_type_kind(guint16 type)
{
    const msturn_type_info *t = msturn_type_lookup(type);
    if (t != NULL)
        return t->kind;
    return msturn_rfc5389_kind(type);
}

gboolean
msturn_attr_marks_ms(guint16 type)
{
    /* the ms_marker column of tables/msturn-attrs.tsv */
    const msturn_attr_info *info = msturn_attr_lookup(type);
    return info != NULL && info->ms_marker != 0;
}

msturn_kind
msturn_rfc5389_kind(guint16 type)
{
    switch (((type >> 4) & 1) | ((type >> 7) & 2)) {
    case 0: return MSTURN_KIND_REQUEST;
    case 1: return MSTURN_KIND_INDICATION;
    case 2: return MSTURN_KIND_SUCCESS;
    default: return MSTURN_KIND_ERROR;
    }
}

guint16
msturn_type_method(guint16 type)
{
    return (guint16)((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));
}

static guint16
get16(const guint8 *p)
{
    return (guint16)((p[0] << 8) | p[1]);
}

static guint32
get32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

gboolean
msturn_is_old_form(const guint8 *msg, gsize msg_len, gboolean exact)
{
    static const guint8 cookie_attr[8] = { 0x00, 0x0F, 0x00, 0x04, 0x72, 0xC6, 0x4B, 0xC6 };

    if (msg_len < MSTURN_HEADER_LEN + 8 || (msg[0] & 0xC0) != 0)
        return FALSE;
    if (memcmp(msg + MSTURN_HEADER_LEN, cookie_attr, sizeof cookie_attr) != 0)
        return FALSE;
    /* RFC 5389 form carrying a MAGIC-COOKIE attribute: stun's */
    if (get32(msg + 4) == MSTURN_RFC5389_COOKIE)
        return FALSE;
    return !exact || (gsize)get16(msg + 2) + MSTURN_HEADER_LEN == msg_len;
}

gboolean
msturn_is_rfc5389_form(const guint8 *msg, gsize msg_len, gboolean exact)
{
    if (msg_len < MSTURN_HEADER_LEN || (msg[0] & 0xC0) != 0)
        return FALSE;
    if (get32(msg + 4) != MSTURN_RFC5389_COOKIE)
        return FALSE;
    return !exact || (gsize)get16(msg + 2) + MSTURN_HEADER_LEN == msg_len;
}

guint32
msturn_tcp_pdu_len(const guint8 *buf, gsize avail)
{
    if (avail < MSTURN_TCP_HEADER_LEN)
        return 0;
    if ((buf[0] == MSTURN_TCP_CONTROL || buf[0] == MSTURN_TCP_DATA) && buf[1] == 0)
        return MSTURN_TCP_HEADER_LEN + (guint32)get16(buf + 2);
    if (avail >= MSTURN_TLS_HEADER_LEN && buf[0] == 0x16 && buf[1] == 0x03 && buf[2] <= 0x03)
        return MSTURN_TLS_HEADER_LEN + (guint32)get16(buf + 3);
    return 0;
}

gboolean
msturn_tcp_looks_framed(const guint8 *buf, gsize avail)
{
    gsize len;

    if (avail < MSTURN_TCP_HEADER_LEN + MSTURN_HEADER_LEN || buf[0] != MSTURN_TCP_CONTROL || buf[1] != 0)
        return FALSE;
    len = get16(buf + 2);
    if (len < MSTURN_HEADER_LEN || (gsize)get16(buf + 6) + MSTURN_HEADER_LEN != len)
        return FALSE;
    return msturn_is_old_form(buf + 4, MIN(avail - 4, len), FALSE) ||
           msturn_is_rfc5389_form(buf + 4, MIN(avail - 4, len), FALSE);
}

msturn_tls_kind
msturn_tls_hello_kind(const guint8 *rec, gsize len)
{
    gsize rec_len, hs_len;

    if (len < MSTURN_TLS_HEADER_LEN + 4 || rec[0] != 0x16 || rec[1] != 0x03)
        return MSTURN_TLS_NONE;
    rec_len = get16(rec + 3);
    rec += MSTURN_TLS_HEADER_LEN;
    if (rec[0] == 2 && rec_len > len - MSTURN_TLS_HEADER_LEN)
        return MSTURN_TLS_INCOMPLETE;
    rec_len = MIN(rec_len, len - MSTURN_TLS_HEADER_LEN);
    if (rec[0] == 1)
        return MSTURN_TLS_CLIENT_HELLO;
    if (rec[0] != 2)
        return MSTURN_TLS_NONE;
    hs_len = ((gsize)rec[1] << 16) | ((gsize)rec[2] << 8) | rec[3];
    /* The pseudo-TLS answer is exactly ServerHello + an empty ServerHelloDone. */
    if (4 + hs_len + 4 == rec_len && rec[4 + hs_len] == 14 && rec[4 + hs_len + 1] == 0 &&
        rec[4 + hs_len + 2] == 0 && rec[4 + hs_len + 3] == 0)
        return MSTURN_TLS_PSEUDO_SERVER_HELLO;
    return MSTURN_TLS_SERVER_HELLO;
}

void
msturn_unxor(guint8 *value, gsize n, const guint8 key[16])
{
    for (gsize i = 0; i < n && i < 16; i++)
        value[i] ^= key[i];
}

static void
strip_quotes(const guint8 **p, gsize *len)
{
    while (*len > 0 && (*p)[0] == '"') {
        (*p)++;
        (*len)--;
    }
    while (*len > 0 && ((*p)[*len - 1] == '"' || (*p)[*len - 1] == '\0'))
        (*len)--;
}

/* Derived keys by their stripped inputs, direct-mapped on a hash of them:
 * every message of a relay session derives the same key and the dissector
 * checks them all, with many sessions interleaved. Inputs longer than a slot
 * are derived each time. Cleared by msturn_forget_keys() when a capture is
 * closed; dissection is single-threaded. */
#define KEY_SLOTS 64
typedef struct {
    guint8 in[256];
    gsize user_len, realm_len, pass_len;
    guint8 key[16];
    gboolean valid;
} key_slot;
static key_slot key_cache[KEY_SLOTS];

static guint32
fnv1a(guint32 h, const guint8 *p, gsize n)
{
    for (gsize i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

void
msturn_long_term_key(const guint8 *user, gsize user_len, const guint8 *realm, gsize realm_len,
                     const guint8 *pass, gsize pass_len, guint8 key[16])
{
    strip_quotes(&user, &user_len);
    strip_quotes(&realm, &realm_len);
    strip_quotes(&pass, &pass_len);

    guint32 h = fnv1a(fnv1a(fnv1a(2166136261u, user, user_len), realm, realm_len), pass, pass_len);
    gboolean cacheable = user_len + realm_len + pass_len <= sizeof key_cache[0].in;
    /* user_len etc. delimit the three inputs, so equal lengths and bytes mean equal inputs */
    key_slot *slot = &key_cache[h % KEY_SLOTS];
    if (cacheable && slot->valid && slot->user_len == user_len && slot->realm_len == realm_len &&
        slot->pass_len == pass_len && memcmp(slot->in, user, user_len) == 0 &&
        memcmp(slot->in + user_len, realm, realm_len) == 0 &&
        memcmp(slot->in + user_len + realm_len, pass, pass_len) == 0) {
        memcpy(key, slot->key, 16);
        return;
    }

    GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
    gsize key_len = 16;
    g_checksum_update(md5, user, (gssize)user_len);
    g_checksum_update(md5, (const guchar *)":", 1);
    g_checksum_update(md5, realm, (gssize)realm_len);
    g_checksum_update(md5, (const guchar *)":", 1);
    g_checksum_update(md5, pass, (gssize)pass_len);
    g_checksum_get_digest(md5, key, &key_len);
    g_checksum_free(md5);

    if (cacheable) {
        memcpy(slot->in, user, user_len);
        memcpy(slot->in + user_len, realm, realm_len);
        memcpy(slot->in + user_len + realm_len, pass, pass_len);
        slot->user_len = user_len;
        slot->realm_len = realm_len;
        slot->pass_len = pass_len;
        memcpy(slot->key, key, 16);
        slot->valid = TRUE;
    }
}

/* HMAC-SHA1 handles keyed once, direct-mapped on the key: keying costs two
 * SHA-1 blocks and an allocation, and the messages of a relay session share
 * their key. gcry_md_reset keeps an HMAC handle's key. Keys longer than a
 * slot (short-term passwords) are set on every use. Cleared with the
 * derived keys. */
#define HMAC_SLOTS 64
typedef struct {
    gcry_md_hd_t hd;
    guint8 key[64];
    gsize key_len; /* 0: no key cached */
} hmac_slot;
static hmac_slot hmac_cache[HMAC_SLOTS];

static gcry_md_hd_t
hmac_keyed(const guint8 *key, gsize key_len)
{
    hmac_slot *slot = &hmac_cache[fnv1a(2166136261u, key, key_len) % HMAC_SLOTS];

    if (slot->hd == NULL) {
        if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
            gcry_check_version(NULL);
        if (gcry_md_open(&slot->hd, GCRY_MD_SHA1, GCRY_MD_FLAG_HMAC) != 0) {
            slot->hd = NULL;
            return NULL;
        }
    } else if (slot->key_len != 0 && slot->key_len == key_len && memcmp(slot->key, key, key_len) == 0) {
        gcry_md_reset(slot->hd);
        return slot->hd;
    }
    slot->key_len = 0;
    if (gcry_md_setkey(slot->hd, key, key_len) != 0)
        return NULL;
    if (key_len > 0 && key_len <= sizeof slot->key) {
        memcpy(slot->key, key, key_len);
        slot->key_len = key_len;
    }
    return slot->hd;
}

/* What MESSAGE-INTEGRITY signs, whatever the hash: the header with its
 * length field counting up to the end of an MI value of mac_len bytes, the
 * message after the type and length up to the MI attribute, and with pad64
 * zeros up to a multiple of 64 bytes (RFC 3489 style, the old form). FALSE
 * when the MI attribute sits inside the header or past a 16-bit length. */
static gboolean
integrity_input(const guint8 *msg, gsize mi_off, gsize mac_len, gboolean pad64, guint8 head[4], gsize *pad)
{
    gsize adjusted = mi_off + 4 + mac_len - MSTURN_HEADER_LEN;

    if (mi_off < MSTURN_HEADER_LEN || adjusted > 0xFFFF)
        return FALSE;
    head[0] = msg[0];
    head[1] = msg[1];
    head[2] = (guint8)(adjusted >> 8);
    head[3] = (guint8)adjusted;
    *pad = pad64 && mi_off % 64 != 0 ? 64 - mi_off % 64 : 0;
    return TRUE;
}

static const guint8 zeros[64];

gboolean
msturn_integrity_hmac(const guint8 *msg, gsize mi_off, const guint8 *key, gsize key_len,
                      gboolean pad64, guint8 out[MSTURN_HMAC_LEN])
{
    guint8 head[4];
    gsize pad;
    gcry_md_hd_t hd;

    if (!integrity_input(msg, mi_off, MSTURN_HMAC_LEN, pad64, head, &pad) ||
        (hd = hmac_keyed(key, key_len)) == NULL)
        return FALSE;
    gcry_md_write(hd, head, 4);
    gcry_md_write(hd, msg + 4, mi_off - 4);
    if (pad > 0)
        gcry_md_write(hd, zeros, pad);
    memcpy(out, gcry_md_read(hd, GCRY_MD_SHA1), MSTURN_HMAC_LEN);
    return TRUE;
}

void
msturn_forget_keys(void)
{
    /* volatile: the wipe of memory about to be reused must not be elided */
    volatile guint8 *p = (volatile guint8 *)key_cache;
    for (gsize i = 0; i < sizeof key_cache; i++)
        p[i] = 0;
    for (guint i = 0; i < HMAC_SLOTS; i++) {
        if (hmac_cache[i].hd != NULL)
            gcry_md_close(hmac_cache[i].hd); /* libgcrypt wipes the handle's key */
        hmac_cache[i].hd = NULL;
        p = (volatile guint8 *)hmac_cache[i].key;
        for (gsize j = 0; j < sizeof hmac_cache[i].key; j++)
            p[j] = 0;
        hmac_cache[i].key_len = 0;
    }
}

guint
msturn_cached_keys(void)
{
    guint n = 0;
    for (guint i = 0; i < KEY_SLOTS; i++)
        n += key_cache[i].valid ? 1 : 0;
    for (guint i = 0; i < HMAC_SLOTS; i++)
        n += hmac_cache[i].key_len != 0 ? 1 : 0;
    return n;
}

static void
hmac256(const guint8 *key, gsize key_len, const guint8 *const *parts, const gsize *lens, guint n,
        guint8 out[MSTURN_HMAC256_LEN])
{
    GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, key, key_len);
    gsize out_len = MSTURN_HMAC256_LEN;

    for (guint i = 0; i < n; i++)
        g_hmac_update(h, parts[i], (gssize)lens[i]);
    g_hmac_get_digest(h, out, &out_len);
    g_hmac_unref(h);
}

void
msturn_sha256_key(const guint8 *user, gsize user_len, const guint8 *realm, gsize realm_len,
                  const guint8 *nonce, gsize nonce_len, const guint8 *pass, gsize pass_len,
                  guint8 key[MSTURN_HMAC256_LEN])
{
    static const guint8 label[6] = { 0x01, 'T', 'U', 'R', 'N', 0x00 };
    static const guint8 length[4] = { 0x00, 0x00, 0x01, 0x00 }; /* 256 bits */
    guint8 k[MSTURN_HMAC256_LEN];

    strip_quotes(&realm, &realm_len);
    strip_quotes(&nonce, &nonce_len);
    {
        const guint8 *parts[1] = { pass };
        gsize lens[1] = { pass_len };
        hmac256(nonce, nonce_len, parts, lens, 1, k);
    }
    {
        const guint8 *parts[4] = { label, user, realm, length };
        gsize lens[4] = { sizeof label, user_len, realm_len, sizeof length };
        hmac256(k, sizeof k, parts, lens, 4, key);
    }
}

gboolean
msturn_integrity_hmac256(const guint8 *msg, gsize mi_off, const guint8 *key, gsize key_len,
                         gboolean pad64, guint8 out[MSTURN_HMAC256_LEN])
{
    guint8 head[4];
    gsize pad;

    if (!integrity_input(msg, mi_off, MSTURN_HMAC256_LEN, pad64, head, &pad))
        return FALSE;
    const guint8 *parts[3] = { head, msg + 4, zeros };
    gsize lens[3] = { 4, mi_off - 4, pad };
    hmac256(key, key_len, parts, lens, 3, out);
    return TRUE;
}

msturn_mi256_result
msturn_verify_mi256(const guint8 *msg, gsize mi_off, const guint8 *wire, const guint8 *user, gsize user_len,
                    const guint8 *a, gsize a_len, const guint8 *b, gsize b_len, const guint8 *pass,
                    gsize pass_len, guint8 expected[MSTURN_HMAC256_LEN])
{
    /* (realm, nonce): MS numbering first (0x0015 REALM, 0x0014 NONCE) */
    const guint8 *realm[2] = { a, b }, *nonce[2] = { b, a };
    gsize realm_len[2] = { a_len, b_len }, nonce_len[2] = { b_len, a_len };
    guint8 key[MSTURN_HMAC256_LEN], mac[MSTURN_HMAC256_LEN];
    gboolean first = TRUE;

    if (a == NULL || b == NULL)
        return MSTURN_MI256_NO_NONCE;
    for (int r = 0; r < 2; r++) {
        msturn_sha256_key(user, user_len, realm[r], realm_len[r], nonce[r], nonce_len[r], pass, pass_len, key);
        for (int pad = 0; pad < 2; pad++) {
            if (!msturn_integrity_hmac256(msg, mi_off, key, sizeof key, pad, mac))
                return MSTURN_MI256_FAILED;
            if (memcmp(mac, wire, sizeof mac) == 0)
                return MSTURN_MI256_VERIFIED;
            if (first)
                memcpy(expected, mac, sizeof mac);
            first = FALSE;
        }
    }
    return MSTURN_MI256_FAILED;
}

void
msturn_attr_iter_init(msturn_attr_iter *it, const guint8 *msg, gsize end, gboolean padded)
{
    it->msg = msg;
    it->end = end;
    it->off = MSTURN_HEADER_LEN;
    it->padded = padded;
}

msturn_attr_step
msturn_attr_next(msturn_attr_iter *it, msturn_attr *a)
{
    gsize step;

    if (it->off >= it->end)
        return MSTURN_ATTR_END;
    a->off = it->off;
    if (it->end - it->off < 4) {
        a->type = a->len = 0;
        a->value_avail = it->end - it->off;
        it->off = it->end;
        return MSTURN_ATTR_SHORT_HEADER;
    }
    a->type = get16(it->msg + it->off);
    a->len = get16(it->msg + it->off + 2);
    a->value_avail = it->end - it->off - 4;
    if (a->len > a->value_avail) {
        it->off = it->end;
        return MSTURN_ATTR_SHORT_VALUE;
    }
    a->value_avail = a->len;
    step = 4 + (gsize)a->len + (it->padded ? (gsize)((4 - (a->len & 3)) & 3) : 0);
    it->off = MIN(it->off + step, it->end);
    return MSTURN_ATTR_OK;
}

