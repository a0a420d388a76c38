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
 * tshark without -z is the one host that needs no forced tree. A single pass
 * also means no later pass will show what a dissector keeps for it. */
#ifndef MSOCS_HOST_ARGS_H
#define MSOCS_HOST_ARGS_H

#include <glib.h>

/* TRUE only when argv is certainly a tshark command line that reads in one
 * pass: argv[0] names tshark and no -2 is among its arguments (read as
 * options throughout, so a cut or misplaced argument errs towards a tree).
 * FALSE for any other program and whenever in doubt (a long option it does
 * not know). *statistics tells whether a -z option was seen. */
gboolean msocs_args_tshark_one_pass(int argc, const char *const *argv, gboolean *statistics);

/* argv from the NUL-separated bytes of /proc/<pid>/cmdline (len bytes);
 * free with g_strfreev. Never NULL; *argc_out gets the count. */
char **msocs_args_split(const char *bytes, gsize len, int *argc_out);

#endif
