/* What the command line of the program hosting the plugin says about its
 * passes over a capture.
 *
 * tshark decides once per pass, before the first packet, whether it builds
 * protocol trees, and tells a plugin nothing about whether a second pass (-2)
 * will follow. The analysis postdissectors need a tree on the first pass of
 * every run that can show their deferred findings; on a single sequential
 * pass those findings cannot be shown, and whatever output does show the
 * analysis (a filter, -V, -T, a custom column) builds a tree by itself, except
 * a statistic: -z expert shows expert infos without a tree, and tshark
 * registers -z listeners only after the capture is opened. So a single-pass
 * tshark without -z needs no forced tree; nor does a two-pass one without -z
 * and without a view of single packets, where only a custom column could show
 * the analysis and that forces the tree by itself. A single pass also means no later pass will show what a dissector keeps for it; and a
 * second pass that prints nothing per packet (-2 -q with no view of single
 * packets) shows a dissector's work only to statistics. */
#ifndef MSOCS_HOST_ARGS_H
#define MSOCS_HOST_ARGS_H

#include <glib.h>

/* What a tshark command line asks for. */
typedef struct {
    gboolean two_pass;    /* -2 */
    gboolean statistics;  /* a -z option */
    gboolean quiet;       /* -q or -Q: no line per packet */
    gboolean views;       /* an option that shows, colors, exports or filters packets one by one,
                           * or runs a script: -V -O -P -T -e -x -j -J -Y -U -X -G, --color,
                           * --export-objects */
} msocs_host_args;

/* TRUE only when argv is certainly a tshark command line: argv[0] names
 * tshark and every option is known. Arguments are read as options
 * throughout, so a cut or misplaced argument errs towards more work (a -2
 * or a view seen where tshark would not take it). FALSE for any other
 * program and whenever in doubt (a long option it does not know). */
gboolean msocs_args_read_tshark(int argc, const char *const *argv, msocs_host_args *out);

/* TRUE when argv holds a statistic (-z VALUE or -zVALUE) whose value starts
 * with prefix, e.g. "flow,msocs,". */
gboolean msocs_args_statistic(int argc, const char *const *argv, const char *prefix);

/* argv from the NUL-separated bytes of /proc/<pid>/cmdline (len bytes);
 * free with g_strfreev. Never NULL; *argc_out gets the count. */
char **msocs_args_split(const char *bytes, gsize len, int *argc_out);

#endif
