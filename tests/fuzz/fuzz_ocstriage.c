/* Fuzz target: SDP candidate parsing and the SDP/address verdicts. The input
 * is a list of candidate lines separated by '\n'. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <glib.h>

#include "ocstriage-core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CANDIDATES 64

static gboolean
every_other_is_relay(const char *addr, guint32 port, void *user)
{
    return (port & 1) != 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ocstriage_candidate *c = g_new0(ocstriage_candidate, MAX_CANDIDATES);
    ocstriage_sdp_verdict v;
    guint n = 0;
    size_t off = 0;

    while (off < size && n < MAX_CANDIDATES) {
        const uint8_t *nl = memchr(data + off, '\n', size - off);
        size_t len = nl ? (size_t)(nl - (data + off)) : size - off;
        if (ocstriage_parse_candidate((const char *)data + off, len, &c[n])) {
            if (memchr(c[n].address, '\0', sizeof c[n].address) == NULL ||
                memchr(c[n].foundation, '\0', sizeof c[n].foundation) == NULL)
                __builtin_trap();
            (void)ocstriage_addr_is_private(c[n].address);
            n++;
        }
        off += len + 1;
    }
    ocstriage_sdp_assess(c, n, every_other_is_relay, NULL, &v);
    if (v.n_relay > v.n_candidates || v.first_private_relay >= (int)n)
        __builtin_trap();
    (void)ocstriage_sdp_no_relay(&v);
    (void)ocstriage_sdp_private_relay(&v);
    ocstriage_sdp_assess(c, n, NULL, NULL, &v);
    g_free(c);
    return 0;
}
