/* Byte spans into a caller's buffer: what the epan-extra parsers return. */
#ifndef MSX_SPAN_H
#define MSX_SPAN_H

#include <glib.h>

/* offset and length relative to the start of the parsed buffer */
typedef struct {
    gsize off;
    gsize len;
} msx_span;

#endif
