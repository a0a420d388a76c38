/* Fuzz target: MS-TURN wire helpers (form recognisers, TCP framing, pseudo-TLS
 * classification, table lookups, XOR, MESSAGE-INTEGRITY). The input is one
 * message, or a TCP byte stream when the first byte is odd. */
#include <stdint.h>
#include <stddef.h>
#include <glib.h>

#include "msturn-wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The attribute walk the dissector uses (msturn_attr_next), in both
 * padding modes, with the per-attribute helpers on what it yields. */
static void
walk_attributes(const uint8_t *msg, size_t len, gboolean padded)
{
    guint8 key[16] = { 0 }, value[16];
    msturn_attr_iter it;
    msturn_attr a;
    msturn_attr_step step;
    int n = 0;

    if (len < 20)
        return;
    for (int i = 0; i < 16; i++)
        key[i] = msg[4 + i];
    msturn_attr_iter_init(&it, msg, len, padded);
    while (n++ < 256 && (step = msturn_attr_next(&it, &a)) != MSTURN_ATTR_END) {
        if (step != MSTURN_ATTR_OK)
            break;
        (void)msturn_attr_lookup(a.type);
        (void)msturn_attr_marks_ms(a.type);
        if (a.len <= 16) {
            for (int i = 0; i < a.len; i++)
                value[i] = msg[a.off + 4 + i];
            msturn_unxor(value, a.len, key);
        }
        if (a.type == 0x0008 && a.len == 20) {
            guint8 out[20];
            (void)msturn_integrity_hmac(msg, a.off, (const guint8 *)"k", 1, TRUE, out);
            (void)msturn_integrity_hmac(msg, a.off, (const guint8 *)"k", 1, FALSE, out);
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        /* TCP stream: PDUs one after the other */
        size_t off = 1;
        int n = 0;
        while (off < size && n++ < 1024) {
            guint32 pdu = msturn_tcp_pdu_len(data + off, size - off);
            (void)msturn_tcp_looks_framed(data + off, size - off);
            (void)msturn_tls_hello_kind(data + off, size - off);
            if (pdu == 0 || pdu > size - off)
                break;
            if (pdu > 4)
                walk_attributes(data + off + 4, pdu - 4, FALSE);
            off += pdu;
        }
        return 0;
    }
    data++;
    size--;
    (void)msturn_is_old_form(data, size, TRUE);
    (void)msturn_is_old_form(data, size, FALSE);
    (void)msturn_is_rfc5389_form(data, size, TRUE);
    if (size >= 2) {
        guint16 type = (guint16)(data[0] << 8 | data[1]);
        (void)msturn_type_lookup(type);
        (void)msturn_type_kind(type);
        (void)msturn_rfc5389_kind(type);
        (void)msturn_type_method(type);
    }
    if (size >= 4)
        (void)msturn_error_lookup((guint)(data[2] & 7) * 100 + data[3]);
    walk_attributes(data, size, FALSE);
    walk_attributes(data, size, TRUE);
    return 0;
}
