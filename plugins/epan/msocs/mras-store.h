/* Per-capture store of the TURN credentials MRAS responses issued.
 *
 * mras.c adds one entry per credentialsResponse on the first pass; msturn-check.c
 * looks entries up by the USERNAME bytes it sees on the wire (MS-TURN carries
 * the base64-DECODED MRAS username) to verify MESSAGE-INTEGRITY, link the
 * frame that issued it and check the Allocate went to a listed relay.
 * Everything lives in wmem_file_scope() and is gone with the capture. */
#ifndef MRAS_STORE_H
#define MRAS_STORE_H

#include <wireshark.h>
#include <epan/packet.h>

#define MRAS_STORE_MAX_ENTRIES 10000 /* bound on per-capture state */

typedef struct {
    const char *location;  /* "internet" / "intranet" or NULL */
    const char *host;      /* hostName or NULL */
    const char *ip;        /* directIPAddress or NULL */
    guint32 udp_port;      /* 0 when absent */
    guint32 tcp_port;      /* 0 when absent */
} mras_relay;

typedef struct {
    guint32 frame;              /* frame of the MRAS response */
    nstime_t time;              /* its timestamp */
    const char *username_b64;   /* as written in the XML */
    const guint8 *username;     /* base64-decoded: what MS-TURN puts on the wire */
    gsize username_len;
    const char *password_b64;
    const guint8 *password;     /* base64-decoded: the MESSAGE-INTEGRITY key input */
    gsize password_len;
    const char *realm;          /* <realm> when present, else NULL */
    guint32 duration_min;
    guint n_relays;
    const mras_relay *relays;
} mras_credential;

/* Adds a copy of cred (strings and arrays are copied into file scope).
 * Returns FALSE when the store is full. Call on the first pass only. */
gboolean mras_store_add(const mras_credential *cred);

/* Entry whose decoded username equals the given bytes, NULL if none. When
 * several responses issued the same username, the latest one not after
 * 'frame' wins (or the first one when all come later). */
const mras_credential *mras_store_lookup(const guint8 *username, gsize len, guint32 frame);

/* Registers the store's init/cleanup; called from proto_register_mras(). */
void mras_store_register(void);

#endif
