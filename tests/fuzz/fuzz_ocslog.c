/* Fuzz target: the streaming OCS/Lync log parser. The input is fed in chunks
 * whose sizes come from the first byte, so record boundaries, UTF-16 code
 * units and CRLF pairs get split at every possible place. */
#include <stdint.h>
#include <stddef.h>
#include <glib.h>

#include "ocslog-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
on_message(const ocslog_message *m, void *user)
{
    volatile guint8 sink = 0;
    /* touch every delivered byte: ASan reports any span outside its buffer */
    for (gsize i = 0; i < m->len; i++)
        sink ^= m->data[i];
    (void)sink;
    if (m->peer.name[sizeof m->peer.name - 1] != '\0' || m->local.name[sizeof m->local.name - 1] != '\0')
        __builtin_trap();
}

static void
on_warning(guint64 line, const char *text, void *user)
{
    if (text == NULL)
        __builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ocslog_options opt = { NULL, 4096, 512 }; /* small bounds reach the limit paths */
    ocslog_parser *p;
    gsize chunk, off;

    if (size == 0)
        return 0;
    chunk = 1 + data[0] % 64;
    p = ocslog_parser_new(&opt, on_message, on_warning, NULL);
    for (off = 1; off < size; off += chunk)
        ocslog_parser_feed(p, data + off, MIN(chunk, size - off));
    ocslog_parser_finish(p);
    if (ocslog_parser_stats(p)->bytes_in != size - 1)
        __builtin_trap();
    ocslog_parser_free(p);
    return 0;
}
