/* Per-capture store of MRAS-issued TURN credentials (see mras-store.h). */
#include "mras-store.h"

#include <string.h>

/* decoded username bytes -> wmem list of entries in frame order */
static wmem_map_t *by_username;
static guint n_entries;

static guint
bytes_hash(gconstpointer key)
{
    const GByteArray *b = (const GByteArray *)key;
    guint h = 5381;
    for (guint i = 0; i < b->len; i++)
        h = h * 33 + b->data[i];
    return h;
}

static gboolean
bytes_equal(gconstpointer a, gconstpointer b)
{
    const GByteArray *x = (const GByteArray *)a, *y = (const GByteArray *)b;
    return x->len == y->len && memcmp(x->data, y->data, x->len) == 0;
}

static void
store_init(void)
{
    by_username = wmem_map_new(wmem_file_scope(), bytes_hash, bytes_equal);
    n_entries = 0;
}

static void
store_cleanup(void)
{
    by_username = NULL; /* file scope frees it */
    n_entries = 0;
}

void
mras_store_register(void)
{
    register_init_routine(store_init);
    register_cleanup_routine(store_cleanup);
}

static const char *
dup_or_null(const char *s)
{
    return s ? wmem_strdup(wmem_file_scope(), s) : NULL;
}

gboolean
mras_store_add(const mras_credential *cred)
{
    wmem_allocator_t *fs = wmem_file_scope();
    mras_credential *c;
    mras_relay *relays;
    GByteArray *key;
    wmem_list_t *list;

    if (by_username == NULL || n_entries >= MRAS_STORE_MAX_ENTRIES)
        return FALSE;

    c = wmem_new0(fs, mras_credential);
    *c = *cred;
    c->username_b64 = dup_or_null(cred->username_b64);
    c->password_b64 = dup_or_null(cred->password_b64);
    c->realm = dup_or_null(cred->realm);
    c->username = cred->username ? (const guint8 *)wmem_memdup(fs, cred->username, cred->username_len) : NULL;
    c->password = cred->password ? (const guint8 *)wmem_memdup(fs, cred->password, cred->password_len) : NULL;
    relays = wmem_alloc_array(fs, mras_relay, cred->n_relays ? cred->n_relays : 1);
    for (guint i = 0; i < cred->n_relays; i++) {
        relays[i].location = dup_or_null(cred->relays[i].location);
        relays[i].host = dup_or_null(cred->relays[i].host);
        relays[i].ip = dup_or_null(cred->relays[i].ip);
        relays[i].udp_port = cred->relays[i].udp_port;
        relays[i].tcp_port = cred->relays[i].tcp_port;
    }
    c->relays = relays;

    key = wmem_new(fs, GByteArray);
    key->data = (guint8 *)(c->username ? c->username : (const guint8 *)"");
    key->len = c->username ? (guint)c->username_len : 0;
    list = (wmem_list_t *)wmem_map_lookup(by_username, key);
    if (list == NULL) {
        list = wmem_list_new(fs);
        wmem_map_insert(by_username, key, list);
    }
    wmem_list_append(list, c);
    n_entries++;
    return TRUE;
}

const mras_credential *
mras_store_lookup(const guint8 *username, gsize len, guint32 frame)
{
    GByteArray key;
    wmem_list_t *list;
    const mras_credential *best = NULL;

    if (by_username == NULL)
        return NULL;
    key.data = (guint8 *)username;
    key.len = (guint)len;
    list = (wmem_list_t *)wmem_map_lookup(by_username, &key);
    if (list == NULL)
        return NULL;
    for (wmem_list_frame_t *f = wmem_list_head(list); f; f = wmem_list_frame_next(f)) {
        const mras_credential *c = (const mras_credential *)wmem_list_frame_data(f);
        if (best == NULL || c->frame <= frame)
            best = c;
        if (c->frame > frame)
            break;
    }
    return best;
}

guint
mras_store_count(void)
{
    return n_entries;
}
