/* ocslog2pcap: OCS/Lync SIP text logs -> pcapng (Exported PDU for "sip").
 *
 *   ocslog2pcap [options] input... output.pcapng
 *
 * Installed a second time in Wireshark's extcap folder as "ocslog", where the
 * same binary answers the extcap queries and streams a (growing) log into
 * Wireshark's fifo.
 *
 * Exit status: 0 every SIP message converted cleanly (non-SIP records are
 * counted as "other"), 1 something lost, skipped or flagged (each reported
 * with its line number), 2 fatal (bad arguments, unreadable input, unwritable output).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <wiretap/wtap.h>
#include <ws_version.h>
#include <wsutil/wslog.h>

#include "ws-compat.h"

#include "ocslog-parse.h"
#include "ocslog-writer.h"
#include "ocslog-extcap.h"

#ifndef PLUGIN_VERSION
#define PLUGIN_VERSION "0"
#endif

#define EXIT_CLEAN    0
#define EXIT_WARNINGS 1
#define EXIT_FATAL    2

#define READ_CHUNK        (1024 * 1024)
#define FOLLOW_POLL_USEC  250000
#define DEFAULT_MAX_SHOWN 200

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

typedef struct {
    ocslog_writer *writer;
    const char    *source;       /* input path, for warnings and comments */
    guint64        shown;        /* warnings printed for this input */
    guint64        max_shown;
    gboolean       quiet;
    gboolean       write_failed;
    gboolean       wrote_since_flush;
} conv_ctx;

static void
on_message(const ocslog_message *m, void *user)
{
    conv_ctx *c = (conv_ctx *)user;
    char *err = NULL;
    if (c->write_failed)
        return;
    if (!ocslog_writer_write(c->writer, m, c->source, &err)) {
        c->write_failed = TRUE;
        fprintf(stderr, "ocslog2pcap: %s\n", err);
        g_free(err);
        return;
    }
    c->wrote_since_flush = TRUE;
}

static void
on_warning(guint64 line, const char *text, void *user)
{
    conv_ctx *c = (conv_ctx *)user;
    if (c->quiet || c->shown++ >= c->max_shown)
        return;
    if (line)
        fprintf(stderr, "%s:%" G_GUINT64_FORMAT ": warning: %s\n", c->source, line, text);
    else
        fprintf(stderr, "%s: warning: %s\n", c->source, text);
}

static gboolean
flush_if_needed(conv_ctx *c)
{
    char *err = NULL;
    if (!c->wrote_since_flush || c->write_failed)
        return !c->write_failed;
    c->wrote_since_flush = FALSE;
    if (ocslog_writer_flush(c->writer, &err))
        return TRUE;
    fprintf(stderr, "ocslog2pcap: %s\n", err);
    g_free(err);
    c->write_failed = TRUE;
    return FALSE;
}

/* A followed log that shrank or was replaced starts over from its beginning. */
static gboolean
log_was_replaced(int fd, const char *path, off_t pos)
{
    struct stat now, open_st;
    if (stat(path, &now) != 0 || fstat(fd, &open_st) != 0)
        return FALSE;
    return now.st_ino != open_st.st_ino || now.st_dev != open_st.st_dev || now.st_size < pos;
}

static void
add_stats(ocslog_stats *total, const ocslog_stats *st)
{
    total->lines += st->lines;
    total->bytes_in += st->bytes_in;
    total->messages += st->messages;
    total->flagged += st->flagged;
    total->lost += st->lost;
    total->warnings += st->warnings;
    total->other_records += st->other_records;
    total->diag_notes += st->diag_notes;
}

/* Feeds one input through the parser. Returns FALSE on a fatal error. */
static gboolean
convert_input(conv_ctx *c, const char *path, const ocslog_options *opt, gboolean follow,
              ocslog_stats *total)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "ocslog2pcap: %s: %s\n", path, g_strerror(errno));
        return FALSE;
    }
    c->source = strcmp(path, "-") == 0 ? "stdin" : path;
    c->shown = 0;
    ocslog_parser *p = ocslog_parser_new(opt, on_message, on_warning, c);
    guint8 *buf = g_malloc(READ_CHUNK);
    gboolean ok = TRUE;
    off_t pos = 0;

    while (!stop_requested && !c->write_failed) {
        ssize_t n = read(fd, buf, READ_CHUNK);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "ocslog2pcap: %s: %s\n", path, g_strerror(errno));
            ok = FALSE;
            break;
        }
        if (n > 0) {
            pos += n;
            ocslog_parser_feed(p, buf, (gsize)n);
            continue;
        }
        if (!follow)
            break;
        /* at the end of a growing log: show what we have, then poll */
        if (!flush_if_needed(c))
            break;
        if (fd != STDIN_FILENO && log_was_replaced(fd, path, pos)) {
            on_warning(0, "log was truncated or replaced; reading it again from the start", c);
            /* a fresh parser: the new file has its own BOM and encoding */
            ocslog_parser_finish(p);
            add_stats(total, ocslog_parser_stats(p));
            ocslog_parser_free(p);
            p = ocslog_parser_new(opt, on_message, on_warning, c);
            close(fd);
            fd = open(path, O_RDONLY);
            if (fd < 0) {
                fprintf(stderr, "ocslog2pcap: %s: %s\n", path, g_strerror(errno));
                ok = FALSE;
                break;
            }
            pos = 0;
            continue;
        }
        g_usleep(FOLLOW_POLL_USEC);
    }
    ocslog_parser_finish(p);

    if (!c->quiet && c->shown > c->max_shown)
        fprintf(stderr, "%s: %" G_GUINT64_FORMAT " more warnings not shown\n", c->source, c->shown - c->max_shown);
    add_stats(total, ocslog_parser_stats(p));
    ocslog_parser_free(p);
    g_free(buf);
    if (fd >= 0 && fd != STDIN_FILENO)
        close(fd);
    return ok && !c->write_failed;
}

static void
usage(FILE *f)
{
    fprintf(f,
        "Usage: ocslog2pcap [options] input... output.pcapng\n"
        "Converts OCS/Lync SIP text logs (client uccapilog, OCSLogger/CLS text export)\n"
        "into pcapng: one Exported PDU packet per SIP message, commented with its log line.\n"
        "\n"
        "  -z, --tz ZONE          zone the log's times were written in: local (default),\n"
        "                         UTC, +HH:MM, -HHMM or an IANA name (Europe/Berlin)\n"
        "  -f, --follow           keep reading the single input as it grows (stop: Ctrl-C)\n"
        "  -w, --max-warnings N   print at most N warnings per input (default %d; all are counted)\n"
        "  -q, --quiet            print no warnings and no summary\n"
        "  -h, --help             this text\n"
        "  -v, --version          version\n"
        "Input '-' reads standard input, output '-' writes standard output.\n"
        "Exit status: 0 all converted, 1 warnings or lost messages, 2 fatal error.\n"
        "\n"
        "As a Wireshark extcap (installed as 'ocslog'): --extcap-interfaces, --extcap-dlts,\n"
        "--extcap-config, --capture --fifo PATH --logfile LOG [--tz ZONE] [--follow].\n",
        DEFAULT_MAX_SHOWN);
}

enum {
    OPT_EXTCAP_INTERFACES = 1000,
    OPT_EXTCAP_VERSION,
    OPT_EXTCAP_INTERFACE,
    OPT_EXTCAP_DLTS,
    OPT_EXTCAP_CONFIG,
    OPT_EXTCAP_FILTER,
    OPT_CAPTURE,
    OPT_FIFO,
    OPT_LOGFILE,
    OPT_IGNORED,
};

static const struct option long_opts[] = {
    { "tz",                    required_argument, NULL, 'z' },
    { "follow",                no_argument,       NULL, 'f' },
    { "max-warnings",          required_argument, NULL, 'w' },
    { "quiet",                 no_argument,       NULL, 'q' },
    { "help",                  no_argument,       NULL, 'h' },
    { "version",               no_argument,       NULL, 'v' },
    { "extcap-interfaces",     no_argument,       NULL, OPT_EXTCAP_INTERFACES },
    { "extcap-version",        optional_argument, NULL, OPT_EXTCAP_VERSION },
    { "extcap-interface",      required_argument, NULL, OPT_EXTCAP_INTERFACE },
    { "extcap-dlts",           no_argument,       NULL, OPT_EXTCAP_DLTS },
    { "extcap-config",         no_argument,       NULL, OPT_EXTCAP_CONFIG },
    { "extcap-capture-filter", required_argument, NULL, OPT_EXTCAP_FILTER },
    { "capture",               no_argument,       NULL, OPT_CAPTURE },
    { "fifo",                  required_argument, NULL, OPT_FIFO },
    { "logfile",               required_argument, NULL, OPT_LOGFILE },
    /* passed by some Wireshark versions to every extcap; nothing to do with them */
    { "debug",                 no_argument,       NULL, OPT_IGNORED },
    { "debug-file",            required_argument, NULL, OPT_IGNORED },
    { "log-level",             required_argument, NULL, OPT_IGNORED },
    { "log-file",              required_argument, NULL, OPT_IGNORED },
    { NULL, 0, NULL, 0 },
};

/* What the command line asks for. */
typedef struct {
    const char *tz_spec, *iface, *fifo, *logfile;
    gboolean follow, quiet, capture;
    gboolean want_ifaces, want_dlts, want_config;
    guint64 max_shown;
    /* the inputs and the output, from the arguments or the extcap options */
    char **inputs;
    int n_inputs;
    const char *output;
    char *extcap_input[1];
} cli;

/* Reads the options into o; -1 to go on, else the exit status. */
static int
parse_options(int argc, char **argv, cli *o)
{
    int c;

    while ((c = getopt_long(argc, argv, "z:fw:qhv", long_opts, NULL)) != -1) {
        switch (c) {
        case 'z': o->tz_spec = optarg; break;
        case 'f': o->follow = TRUE; break;
        case 'w':
            if (!g_ascii_string_to_unsigned(optarg, 10, 0, G_MAXUINT32, &o->max_shown, NULL)) {
                fprintf(stderr, "ocslog2pcap: --max-warnings wants a number\n");
                return EXIT_FATAL;
            }
            break;
        case 'q': o->quiet = TRUE; break;
        case 'h': usage(stdout); return EXIT_CLEAN;
        case 'v': printf("ocslog2pcap %s (Wireshark %d.%d.%d)\n", PLUGIN_VERSION, WIRESHARK_VERSION_MAJOR,
                         WIRESHARK_VERSION_MINOR, WIRESHARK_VERSION_MICRO); return EXIT_CLEAN;
        case OPT_EXTCAP_INTERFACES: o->want_ifaces = TRUE; break;
        case OPT_EXTCAP_VERSION: break;
        case OPT_EXTCAP_INTERFACE: o->iface = optarg; break;
        case OPT_EXTCAP_DLTS: o->want_dlts = TRUE; break;
        case OPT_EXTCAP_CONFIG: o->want_config = TRUE; break;
        case OPT_EXTCAP_FILTER: break;   /* a log has nothing to filter on */
        case OPT_CAPTURE: o->capture = TRUE; break;
        case OPT_FIFO: o->fifo = optarg; break;
        case OPT_LOGFILE: o->logfile = optarg; break;
        case OPT_IGNORED: break;
        default: usage(stderr); return EXIT_FATAL;
        }
    }
    return -1;
}

/* The inputs and output: the extcap's log file and fifo, or the arguments
 * after the options. FALSE (said why) when they do not add up. */
static gboolean
choose_files(int argc, char **argv, cli *o)
{
    if (o->capture) {
        if (!o->fifo || !o->logfile) {
            fprintf(stderr, "ocslog: --capture needs --fifo and --logfile\n");
            return FALSE;
        }
        o->extcap_input[0] = (char *)o->logfile;
        o->inputs = o->extcap_input;
        o->n_inputs = 1;
        o->output = o->fifo;
        return TRUE;
    }
    if (argc - optind < 2) {
        usage(stderr);
        return FALSE;
    }
    o->inputs = argv + optind;
    o->n_inputs = argc - optind - 1;
    o->output = argv[argc - 1];
    if (o->follow && o->n_inputs != 1) {
        fprintf(stderr, "ocslog2pcap: --follow takes exactly one input\n");
        return FALSE;
    }
    return TRUE;
}

static void
print_summary(const ocslog_stats *total)
{
    fprintf(stderr, "ocslog2pcap: %" G_GUINT64_FORMAT " SIP messages from %" G_GUINT64_FORMAT
            " lines (%" G_GUINT64_FORMAT " flagged, %" G_GUINT64_FORMAT " lost, %" G_GUINT64_FORMAT
            " warnings, %" G_GUINT64_FORMAT " other records)\n", total->messages, total->lines,
            total->flagged, total->lost, total->warnings, total->other_records);
    if (total->diag_notes)
        fprintf(stderr, "ocslog2pcap: %" G_GUINT64_FORMAT " diagnostic records shown as packet comments\n",
                total->diag_notes);
}

/* Converts every input into one pcapng; the exit status. */
static int
convert_all(const cli *o, GTimeZone *tz)
{
    char *err = NULL;
    ocslog_writer *w = ocslog_writer_open(o->output, &err);

    if (!w) {
        fprintf(stderr, "ocslog2pcap: %s\n", err);
        g_free(err);
        return EXIT_FATAL;
    }

    ocslog_options opt = { .tz = tz };
    conv_ctx ctx = { .writer = w, .max_shown = o->max_shown, .quiet = o->quiet };
    ocslog_stats total;
    memset(&total, 0, sizeof total);
    gboolean fatal = FALSE;
    for (int i = 0; i < o->n_inputs && !fatal && !stop_requested; i++)
        fatal = !convert_input(&ctx, o->inputs[i], &opt, o->follow, &total);

    if (!ocslog_writer_close(w, &err)) {
        /* in follow mode Wireshark closing the fifo is the normal way to stop */
        if (!(o->capture && stop_requested))
            fprintf(stderr, "ocslog2pcap: %s\n", err);
        if (!o->capture)
            fatal = TRUE;
        g_free(err);
    }
    if (!o->quiet)
        print_summary(&total);
    if (o->capture && ctx.write_failed && stop_requested)
        return EXIT_CLEAN;
    if (fatal)
        return EXIT_FATAL;
    return (total.warnings || total.lost || total.flagged) ? EXIT_WARNINGS : EXIT_CLEAN;
}

int
main(int argc, char **argv)
{
    cli o = { .tz_spec = "local", .max_shown = DEFAULT_MAX_SHOWN };
    int status;

    msocs_ws_log_init("ocslog2pcap", NULL);   /* otherwise libwiretap logs at debug level */
    if ((status = parse_options(argc, argv, &o)) >= 0)
        return status;
    if (o.want_ifaces) {
        ocslog_extcap_print_interfaces();
        return EXIT_CLEAN;
    }
    if (o.want_dlts)
        return ocslog_extcap_print_dlts(o.iface) ? EXIT_CLEAN : EXIT_FATAL;
    if (o.want_config)
        return ocslog_extcap_print_config(o.iface) ? EXIT_CLEAN : EXIT_FATAL;
    if (!choose_files(argc, argv, &o))
        return EXIT_FATAL;

    GTimeZone *tz = ocslog_tz_from_string(o.tz_spec);
    if (!tz) {
        fprintf(stderr, "ocslog2pcap: unknown time zone '%s'\n", o.tz_spec);
        return EXIT_FATAL;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);   /* a closed fifo shows up as a write error */

    wtap_init(FALSE);
    status = convert_all(&o, tz);
    g_time_zone_unref(tz);
    wtap_cleanup();
    return status;
}
