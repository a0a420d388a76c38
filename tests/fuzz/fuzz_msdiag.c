/* Fuzz target: ms-diagnostics header value parser and ErrorId lookups. */
#include <stdint.h>
#include <stddef.h>
#include <glib.h>

#include "msdiag-parse.h"
#include "msdiag-codes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const uint8_t *data;
    size_t size;
} input;

static int
span_ok(const msx_span *s, size_t size)
{
    return s->off <= size && s->len <= size - s->off;
}

static void
check_param(const msdiag_param *p, void *user)
{
    const input *in = (const input *)user;

    if (!span_ok(&p->whole, in->size) || !span_ok(&p->name, in->size) || !span_ok(&p->value, in->size))
        __builtin_trap();
    if (p->has_value) {
        guint8 *out = g_malloc(p->value.len + 1);
        if (msdiag_unescape(in->data + p->value.off, p->value.len, out) > p->value.len)
            __builtin_trap();
        g_free(out);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = { data, size };
    msdiag_header h;

    msdiag_parse(data, size, &h, check_param, &in);
    if (!span_ok(&h.code_span, size) || !span_ok(&h.first_problem, size))
        __builtin_trap();
    if (h.has_code) {
        (void)msdiag_lookup(h.code);
        (void)msdiag_range_component(h.code);
    }
    return 0;
}
