/* pcapng output through libwiretap: one Exported PDU (link type 252) packet
 * per SIP message, handed to Wireshark's "sip" dissector with the log's
 * addresses, ports, direction and time, and a comment naming the log line. */
#ifndef OCSLOG_WRITER_H
#define OCSLOG_WRITER_H

#include <glib.h>
#include "ocslog-parse.h"

typedef struct ocslog_writer ocslog_writer;

/* path "-" writes to standard output. On failure returns NULL and sets *err (g_free). */
ocslog_writer *ocslog_writer_open(const char *path, char **err);
/* source names the log in packet comments (its base name is used). */
gboolean ocslog_writer_write(ocslog_writer *w, const ocslog_message *m, const char *source, char **err);
gboolean ocslog_writer_flush(ocslog_writer *w, char **err);
/* Closes and frees w, whatever the outcome. */
gboolean ocslog_writer_close(ocslog_writer *w, char **err);

#endif
