/* The analysis-cost policy of the suite, in one place: when a first-pass
 * protocol tree is forced for the analysis postdissectors, and how far
 * relayed media is handed on. Everything else asks here.
 *
 * Wireshark's own signals come first: a tap that listens (a statistic, a GUI
 * dialog), a field a filter or column references, the Info column being
 * built. tshark tells a plugin nothing about a second pass before the first
 * one, so its command line is read once, when the plugin loads (the only
 * reader of it; epan-extra/host-args.c parses it). On any host it cannot
 * tell (Wireshark, sharkd, another system) every answer is the safe one:
 * the analysis runs. */
#ifndef MSOCS_POLICY_H
#define MSOCS_POLICY_H

#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/column.h>

/* Reads the host's command line; called from plugin_register(), before
 * tshark's option loop edits some arguments in place. */
void msocs_policy_init(void);

/* Cost rule of the postdissectors that read other dissectors' fields
 * (sipservice, ocstriage, msturn's RFC 5389-form pass): a protocol tree is
 * never forced just in case. Wanting fields (set_postdissector_wanted_hfids)
 * before a pass makes tshark and Wireshark build a tree for every packet, so
 * a postdissector only does that when its result is asked for without a tree
 * being built anyway: a statistic of the suite is registered (-z
 * ocstriage,tree, -z sipservice,tree), a custom column shows one of its
 * fields (msocs_column_shows; the OCS-Lync profile does) or its "always
 * analyse" preference is on. Otherwise the fields it reads are marked referenced when a capture is
 * opened (msocs_reference_fields), which makes the first tree that is built
 * anyway hold them, and the postdissector wants them from that first tree on
 * (msocs_want_fields), which primes every later tree with them: the tree
 * tshark builds for a display or read filter, for -V, -O, -T
 * fields/json/pdml/ek, for custom columns or coloring, the GUI's. A plain read
 * (tshark -r f) dissects without a tree, as it does without the plugin. (A
 * field's referenced mark is cleared when a tree holding it is reset, hence
 * the priming from then on.) */

/* TRUE when nothing of this run can show a first-pass analysis beyond what a
 * tree built anyway gives: the host is a tshark with no statistic (no -z), no
 * tap listens, and it either reads in one pass (no -2) or reads in two without
 * any view of single packets (no -V, -O, -P, -T, -e, -x, -j, -J, -Y, -U, -X,
 * --color). On one pass every output that shows the analysis (a filter, -V,
 * -T, a custom column) builds a tree by itself, and the findings about later
 * frames cannot be shown at all; on two passes without views nothing shows it
 * but a custom column, which the postdissectors check themselves. So the
 * analysis preferences force no tree there (epan-extra/host-args.h). FALSE
 * for Wireshark, sharkd and any host it cannot tell. */
gboolean msocs_analysis_unseen(void);

/* TRUE when the host is certainly a tshark (FALSE for Wireshark, sharkd and
 * any host it cannot tell). */
gboolean msocs_host_is_tshark(void);

/* TRUE when the host is a tshark whose command line asks for a statistic
 * (-z) starting with prefix: tshark registers -z listeners only after a
 * capture is opened, later than a first pass must know. */
gboolean msocs_host_asks_statistic(const char *prefix);

/* TRUE when the host is a tshark reading in one pass (no -2): no later pass
 * will show what a dissector keeps for it. */
gboolean msocs_host_one_pass(void);

/* TRUE when the host is a tshark reading in two passes whose second pass
 * prints nothing per packet and neither filters nor exports single packets
 * (-2 -q, without -V, -O, -P, -T, -e, -x, -j, -J, -Y, -U, -X): there, what a
 * dissector keeps for a later pass reaches only the taps that listen, and
 * tshark registers those before the first pass. */
gboolean msocs_host_quiet_two_pass(void);

/* Marks fields as referenced by a filter (what priming does, without a tree
 * at hand), so that a non-visible tree keeps their items instead of faking
 * them. Negative ids are skipped. */
void msocs_reference_fields(const int *hfs, size_t n);

/* One field (and its protocol) as msocs_reference_fields. */
void msocs_reference_field(int hf);

/* TRUE when a visible custom column shows a field whose name contains
 * prefix ("ocstriage."): the column's values come from the analysis. */
gboolean msocs_column_shows(const char *prefix);

/* Sets (want TRUE) or clears the fields a postdissector wants; negative ids
 * are skipped. */
void msocs_want_fields(dissector_handle_t handle, const int *hfs, size_t n, gboolean want);

/* Whether a postdissector that reads other dissectors' fields wants them
 * (forcing a tree) for this capture: a tree was already seen, its "always
 * analyse" preference is on and something can show the result, its
 * statistic is open, its own tap (own_tap >= 0) listens, or a custom column
 * shows one of its fields (column_prefix). */
gboolean msocs_policy_wants_fields(gboolean tree_seen, gboolean always_analyse, gboolean stat_open, int own_tap,
                                   const char *column_prefix);

/* Whether a statistic of the suite may be asked for on this run: its tap
 * listens, the host is not certainly a tshark, or tshark's command line
 * names it (-z z_prefix...). */
gboolean msocs_policy_statistic_wanted(int own_tap, const char *z_prefix);

/* How much of RTP's or RTCP's work on a relayed packet anything would see:
 * MSOCS_MEDIA_FULL when their tree is shown or holds their fields, or their
 * taps, the expert tap or a tap reading whole trees (-z io,phs) listen;
 * MSOCS_MEDIA_NO_TREE when only the Info column (or frame.protocols) shows
 * it, or a later pass needs RTP's per-stream state; MSOCS_MEDIA_SKIP when
 * nothing does (a later pass of tshark -2 -q without views). */
typedef enum { MSOCS_MEDIA_SKIP, MSOCS_MEDIA_NO_TREE, MSOCS_MEDIA_FULL } msocs_media_need;
msocs_media_need msocs_policy_media(packet_info *pinfo, proto_tree *tree);

/* TRUE when a relayed RTP packet is seen for the first time by a tshark
 * reading in one pass that builds the Info column: RTP's per-stream state
 * would serve no later pass, so writing RTP's summary line is all its work
 * would show. */
gboolean msocs_policy_info_line_only(packet_info *pinfo);

/* TRUE when relayed RTP should learn the setup (the SDP that announced its
 * relayed address) before RTP sees it, given what msocs_policy_media said:
 * RTP's tree, its taps (VoIP Calls, RTP Streams and the RTP player in
 * Wireshark) and a later pass read the setup; a one-pass tshark whose media
 * gets no tree has nothing that does, and the setup's conversations would
 * only make every later conversation lookup of the capture dearer. */
gboolean msocs_policy_media_setup(msocs_media_need need);

/* TRUE when an MS-TURN message on a later pass need only hand its DATA on:
 * no tree, and nothing would see the relayed media (MSOCS_MEDIA_SKIP);
 * msturn's own state is final after the first pass. */
gboolean msocs_policy_payload_only(packet_info *pinfo, proto_tree *tree);

/* A measuring knob, not a setting: the environment variable
 * MSOCS_POLICY_OFF, read once when the plugin loads, names parts of this
 * policy (comma-separated) that give their safe answer instead, so that
 * bench/policy-parts can count what each part saves. Unset or empty, nothing
 * changes. A safe answer does more work, never less analysis:
 *   one-pass      msocs_analysis_unseen is FALSE on a one-pass tshark
 *                 (the analysis trees are forced as on any other host)
 *   two-pass      the same on a two-pass tshark without views
 *   media-tree    MSOCS_MEDIA_NO_TREE becomes MSOCS_MEDIA_FULL
 *   media-skip    MSOCS_MEDIA_SKIP becomes MSOCS_MEDIA_NO_TREE
 *   info-line     msocs_policy_info_line_only is FALSE (RTP is called)
 *   statistic     msocs_policy_statistic_wanted is TRUE
 *   payload-only  msocs_policy_payload_only is FALSE (the whole message is
 *                 dissected on a later pass)
 *   media-setup   msocs_policy_media_setup is TRUE
 *   all           every part above
 * The parts that are off are reported on stderr at load; an unknown name
 * gets a warning and is ignored. */
#define MSOCS_POLICY_OFF_ENV "MSOCS_POLICY_OFF"

#endif
