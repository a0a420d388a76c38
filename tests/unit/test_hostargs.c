/* Unit tests for the host command line reading (epan-extra/host-args.c). */
#include <glib.h>
#include <string.h>

#include "host-args.h"

/* What a space-separated command line asks; FALSE when not certainly a tshark. */
static gboolean
read_line(const char *line, msocs_host_args *a)
{
    gchar **argv = g_strsplit(line, " ", -1);
    gboolean ok = msocs_args_read_tshark((int)g_strv_length(argv), (const char *const *)argv, a);
    g_strfreev(argv);
    return ok;
}

/* 1: one pass, no statistic; 2: one pass with -z; 0: anything else */
static int
kind(const char *line)
{
    msocs_host_args a;
    if (!read_line(line, &a) || a.two_pass)
        return 0;
    return a.statistics ? 2 : 1;
}

static gboolean
single(const char *line)
{
    return kind(line) == 1;
}

static void
test_plain_pass(void)
{
    g_assert_true(single("tshark -r f.pcap"));
    g_assert_true(single("/usr/bin/tshark -n -r f.pcap -Y sip"));
    g_assert_true(single("tshark -nr f.pcap -T fields -e frame.number"));
    /* '2' as the value of an option is not -2 */
    g_assert_true(single("tshark -c2 -r f.pcap"));
    g_assert_true(single("tshark -c 2 -r f.pcap"));
    g_assert_true(single("tshark -Y frame.number==2 -r f.pcap"));
    g_assert_true(single("tshark -r f.pcap -o msturn.max_attributes:2"));
    g_assert_true(single("tshark --read-file f2.pcap --color"));
    g_assert_true(single("tshark --log-level=debug -r f.pcap"));
    g_assert_true(single("tshark -r f.pcap -T fields -E occurrence=a -E separator=- -e frame.number"));
}

static void
test_two_pass_or_unsure(void)
{
    g_assert_false(single("tshark -2 -r f.pcap"));
    g_assert_false(single("tshark -r f.pcap -2"));
    g_assert_false(single("tshark -n2r f.pcap"));
    g_assert_false(single("tshark -2nr f.pcap"));
    g_assert_false(single("tshark -r f.pcap -q -2 -z ocstriage,tree"));
    /* a statistic: -z expert shows expert infos without a tree */
    g_assert_cmpint(kind("tshark -r f.pcap -q -z expert"), ==, 2);
    g_assert_cmpint(kind("tshark -qz expert -r f.pcap"), ==, 2);
    g_assert_cmpint(kind("tshark -2 -r f.pcap -q -z expert"), ==, 0);
    g_assert_false(single("tshark --log-level debug -2 -r f.pcap"));
    g_assert_false(single("tshark --read-file f.pcap -2"));
    /* an argument cut in place by tshark ("-E occurrence=a") must not hide a later -2 */
    g_assert_false(single("tshark -r f.pcap -T fields -E occurrence a -e frame.number -2"));
    /* after the first other argument tshark takes no -2; seen anyway, it only costs a tree */
    g_assert_false(single("tshark -i eth0 port 5061 -2"));
    /* a long option it does not know (or an abbreviation): its value could hide a -2 */
    g_assert_false(single("tshark --no-such-option x -2 -r f.pcap"));
    g_assert_false(single("tshark --read f.pcap"));
    /* other programs always get the tree */
    g_assert_false(single("wireshark -r f.pcap"));
    g_assert_false(single("rawshark -r f.pcap"));
    g_assert_false(single("/usr/bin/sharkd -"));
}

/* 1: tshark -2 whose second pass prints nothing per packet and views no packet */
static gboolean
quiet_two_pass(const char *line)
{
    msocs_host_args a;
    return read_line(line, &a) && a.two_pass && a.quiet && !a.views;
}

static void
test_quiet_two_pass(void)
{
    g_assert_true(quiet_two_pass("tshark -r f.pcap -2 -q -z ocstriage,tree"));
    g_assert_true(quiet_two_pass("tshark -2qr f.pcap -z io,phs"));
    g_assert_true(quiet_two_pass("tshark -n -2 -Q -r f.pcap -o msturn.relay_media:TRUE"));
    g_assert_true(quiet_two_pass("tshark -2 -q -R sip -r f.pcap"));
    /* a value is not an option: "-c 5V" and a filter text hold no view */
    g_assert_true(quiet_two_pass("tshark -2 -q -c 5V -r f.pcap"));
    g_assert_true(quiet_two_pass("tshark -2 -q --read-filter -V -r f.pcap"));
    /* a line per packet, or a view of single packets */
    g_assert_false(quiet_two_pass("tshark -2 -r f.pcap -z expert"));
    g_assert_false(quiet_two_pass("tshark -r f.pcap -q -z expert"));
    g_assert_false(quiet_two_pass("tshark -2 -q -V -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2q -Orep -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q -P -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q -T fields -e rtp.seq -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q -x -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q -Y rtp -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q --display-filter=rtp -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q --export-objects http,/tmp/x -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q -U RTP -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q -X lua_script:x.lua -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q -j rtp -r f.pcap"));
    g_assert_false(quiet_two_pass("tshark -2 -q --color -r f.pcap"));
    /* in doubt, or another program */
    g_assert_false(quiet_two_pass("tshark -2 -q --no-such-option -r f.pcap"));
    g_assert_false(quiet_two_pass("wireshark -2 -q -r f.pcap"));
}

static void
test_split(void)
{
    static const char raw[] = "tshark\0-2\0-r\0f.pcap\0";
    msocs_host_args a;
    int argc = -1;
    char **argv = msocs_args_split(raw, sizeof raw - 1, &argc);
    g_assert_cmpint(argc, ==, 4);
    g_assert_cmpstr(argv[0], ==, "tshark");
    g_assert_cmpstr(argv[3], ==, "f.pcap");
    g_assert_null(argv[4]);
    g_assert_true(msocs_args_read_tshark(argc, (const char *const *)argv, &a));
    g_assert_true(a.two_pass);
    g_strfreev(argv);

    /* no trailing NUL, an empty argument, nothing at all */
    argv = msocs_args_split("tshark\0\0-r", 10, &argc);
    g_assert_cmpint(argc, ==, 3);
    g_assert_cmpstr(argv[1], ==, "");
    g_assert_cmpstr(argv[2], ==, "-r");
    g_assert_true(msocs_args_read_tshark(argc, (const char *const *)argv, &a));
    g_assert_false(a.two_pass);
    g_strfreev(argv);
    argv = msocs_args_split(NULL, 0, &argc);
    g_assert_cmpint(argc, ==, 0);
    g_assert_null(argv[0]);
    g_assert_false(msocs_args_read_tshark(argc, (const char *const *)argv, &a));
    g_assert_false(msocs_args_read_tshark(0, NULL, &a));
    g_strfreev(argv);
}

static void
test_statistic(void)
{
    const char *a[] = { "tshark", "-2", "-q", "-z", "flow,msocs,network", "-r", "f.pcap" };
    const char *b[] = { "tshark", "-zflow,msocs,standard", "-r", "f.pcap" };
    const char *c[] = { "tshark", "-z", "flow,sip,network", "-r", "-z" };

    g_assert_true(msocs_args_statistic(G_N_ELEMENTS(a), a, "flow,msocs,"));
    g_assert_false(msocs_args_statistic(G_N_ELEMENTS(a), a, "ocstriage,"));
    g_assert_true(msocs_args_statistic(G_N_ELEMENTS(b), b, "flow,msocs,"));
    g_assert_false(msocs_args_statistic(G_N_ELEMENTS(c), c, "flow,msocs,")); /* a trailing -z has no value */
    g_assert_false(msocs_args_statistic(0, NULL, "flow,msocs,"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostargs/plain-pass", test_plain_pass);
    g_test_add_func("/hostargs/two-pass-or-unsure", test_two_pass_or_unsure);
    g_test_add_func("/hostargs/quiet-two-pass", test_quiet_two_pass);
    g_test_add_func("/hostargs/split", test_split);
    g_test_add_func("/hostargs/statistic", test_statistic);
    return g_test_run();
}
