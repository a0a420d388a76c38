/* Wireshark extcap interface "ocslog": the answers to Wireshark's queries.
 * The capture itself is the converter's follow loop writing to the fifo. */
#ifndef OCSLOG_EXTCAP_H
#define OCSLOG_EXTCAP_H

#include <glib.h>

#define OCSLOG_EXTCAP_IFACE "ocslog"

void ocslog_extcap_print_interfaces(void);
/* FALSE (with a message on stderr) for an interface that is not ours. */
gboolean ocslog_extcap_print_dlts(const char *iface);
gboolean ocslog_extcap_print_config(const char *iface);

#endif
