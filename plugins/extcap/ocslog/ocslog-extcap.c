/* extcap query answers (doc/extcap.adoc of Wireshark 4.0). */
#include "ocslog-extcap.h"

#include <stdio.h>
#include <string.h>

#ifndef PLUGIN_VERSION
#define PLUGIN_VERSION "0"
#endif

/* The configuration dialog, as data: one row per argument. */
static const struct {
    const char *call;
    const char *display;
    const char *type;
    const char *extra;    /* further {key=value} pairs */
    const char *tooltip;
} config_args[] = {
    { "--logfile", "Log file", "fileselect", "{mustexist=true}{required=true}",
      "uccapilog (Communicator/Lync client) or OCSLogger/CLS text export" },
    { "--tz", "Time zone of the log", "string", "{default=local}",
      "Zone the log's wall-clock times were written in: local, UTC, +HH:MM or an IANA name" },
    { "--follow", "Follow the log as it grows", "boolflag", "{default=false}",
      "Keep reading new records until the capture is stopped (like tail -f)" },
};

static gboolean
is_ours(const char *iface)
{
    if (iface && strcmp(iface, OCSLOG_EXTCAP_IFACE) == 0)
        return TRUE;
    fprintf(stderr, "ocslog: unknown interface '%s'\n", iface ? iface : "(none)");
    return FALSE;
}

void
ocslog_extcap_print_interfaces(void)
{
    printf("extcap {version=%s}{help=file:///usr/share/doc/msocs-wireshark}\n", PLUGIN_VERSION);
    printf("interface {value=%s}{display=OCS/Lync SIP log import (uccapilog, OCSLogger)}\n",
           OCSLOG_EXTCAP_IFACE);
}

gboolean
ocslog_extcap_print_dlts(const char *iface)
{
    if (!is_ours(iface))
        return FALSE;
    printf("dlt {number=252}{name=WIRESHARK_UPPER_PDU}{display=SIP messages from the log (Exported PDU)}\n");
    return TRUE;
}

gboolean
ocslog_extcap_print_config(const char *iface)
{
    if (!is_ours(iface))
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(config_args); i++) {
        printf("arg {number=%u}{call=%s}{display=%s}{type=%s}%s{tooltip=%s}\n", i, config_args[i].call,
               config_args[i].display, config_args[i].type, config_args[i].extra, config_args[i].tooltip);
    }
    return TRUE;
}
