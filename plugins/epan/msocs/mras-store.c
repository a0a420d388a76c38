/* Per-capture store of MRAS-issued TURN credentials (see mras-store.h). */
#include "mras-store.h"

#include <string.h>

/* decoded username bytes -> wmem array of entry pointers sorted by frame:
 * an Allocate's lookup is a binary search, however many responses issued
 * the same username */
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

/* Passwords do not outlive the capture in freed memory either. */
static void
wipe_entries(gpointer key _U_, gpointer value, gpointer user_data _U_)
{
    wmem_array_t *arr = (wmem_array_t *)value;

    for (guint i = 0; i < wmem_array_get_count(arr); i++) {
        mras_credential *c = *(mras_credential **)wmem_array_index(arr, i);
        if (c->password != NULL)
            memset((guint8 *)c->password, 0, c->password_len);
        if (c->password_b64 != NULL)
            memset((char *)c->password_b64, 0, strlen(c->password_b64));
    }
}

static void
store_cleanup(void)
{
    if (by_username != NULL)
        wmem_map_foreach(by_username, wipe_entries, NULL);
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
    wmem_array_t *arr;

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
    arr = (wmem_array_t *)wmem_map_lookup(by_username, key);
    if (arr == NULL) {
        arr = wmem_array_new(fs, sizeof(mras_credential *));
        wmem_map_insert(by_username, key, arr);
    }
    wmem_array_append_one(arr, c);
    /* first pass: frames arrive in order; keep the array sorted all the same */
    for (guint i = wmem_array_get_count(arr) - 1; i > 0; i--) {
        mras_credential **slot = (mras_credential **)wmem_array_index(arr, i);
        mras_credential **prev = (mras_credential **)wmem_array_index(arr, i - 1);
        if ((*prev)->frame <= (*slot)->frame)
            break;
        *slot = *prev;
        *prev = c;
    }
    n_entries++;
    return TRUE;
}

const mras_credential *
mras_store_lookup(const guint8 *username, gsize len, guint32 frame)
{
    GByteArray key;
    wmem_array_t *arr;
    guint lo = 0, hi, n;

    if (by_username == NULL)
        return NULL;
    key.data = (guint8 *)username;
    key.len = (guint)len;
    arr = (wmem_array_t *)wmem_map_lookup(by_username, &key);
    if (arr == NULL || (n = wmem_array_get_count(arr)) == 0)
        return NULL;
    /* the first entry after 'frame': the one before it wins */
    hi = n;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if ((*(mras_credential **)wmem_array_index(arr, mid))->frame <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return *(const mras_credential **)wmem_array_index(arr, lo > 0 ? lo - 1 : 0);
}

