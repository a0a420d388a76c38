"""msdiag: ms-diagnostics / ms-diagnostics-public / ms-client-diagnostics.

Capture: captures/msdiag.pcap from captures/make_msdiag.py (frame list in its
docstring). Frame numbers below refer to that list.
"""
import pytest

CAP = "msdiag.pcap"


def one(tshark, frame, field):
    rows = tshark.fields(CAP, [field], "frame.number == %d" % frame, separator="|")
    assert len(rows) == 1
    return rows[0][0]


def test_required_filter_prints_component(tshark):
    rows = tshark.fields(CAP, ["frame.number", "msdiag.component"], "msdiag.code == 9006")
    assert rows == [["2", "Media Relay Authentication Service"],
                    ["23", "Media Relay Authentication Service"]]


def test_unrecognised_header_expert_gone_with_plugin_back_without(tshark):
    def unrecognised(plugin):
        out = tshark.run(["-r", tshark.capture(CAP), "-T", "fields", "-e", "frame.number",
                          "-Y", '_ws.expert.message contains "Unrecognised SIP header (ms-'
                          'diagnostics"'], plugin=plugin).stdout
        return out.split()
    assert unrecognised(True) == []
    assert unrecognised(False) == ["2", "3", "4", "5", "6", "7", "9", "10", "11", "12", "13",
                                   "14", "15", "16", "17", "23", "24"]
    # without the plugin the field does not even exist
    p = tshark.run(["-r", tshark.capture(CAP), "-Y", "msdiag"], plugin=False, check=False)
    assert p.returncode != 0 and "msdiag" in p.stderr


def test_typical_fields(tshark):
    rows = tshark.fields(CAP, ["msdiag.code", "msdiag.reason", "msdiag.source", "msdiag.component",
                               "msdiag.public", "msdiag.client", "msdiag.header", "msdiag.meaning",
                               "msdiag.range"], "frame.number == 2")
    assert rows == [["9006", "Forbidden", "edge-int.contoso.com", "Media Relay Authentication Service",
                     "0", "0", "ms-diagnostics",
                     "Forbidden: Media Relay Authentication Service refused the request "
                     "(requester not authorized/trusted)",
                     "Media Relay Authentication Service (A/V Edge)"]]


def test_two_headers_public_and_internal(tshark):
    rows = tshark.fields(CAP, ["msdiag.code", "msdiag.public", "msdiag.header", "msdiag.meaning"],
                         "frame.number == 4", separator="|")
    assert rows == [["1003|1003", "1|0", "ms-diagnostics-public|ms-diagnostics",
                     "User does not exist.|User does not exist."]]
    rows = tshark.fields(CAP, ["msdiag.param.name", "msdiag.param.value"], "frame.number == 4")
    assert rows == [["TargetUri", "bob@contoso.com"]]


def test_folded_header_and_repeated_headers(tshark):
    rows = tshark.fields(CAP, ["msdiag.code", "msdiag.source", "msdiag.reason"], "frame.number == 5",
                         separator="|")
    assert rows == [["1008|1011", "edge.contoso.com|sip.fabrikam.com",
                     "Unable to resolve DNS SRV record|ms-diagnostics header not provided by previous hop"]]


def test_subcode_hresult_generic_params_and_escapes(tshark):
    rows = tshark.fields(CAP, ["msdiag.code", "msdiag.subcode", "msdiag.hresult", "msdiag.range",
                               "msdiag.param.name", "msdiag.param.value"], "frame.number == 6",
                         separator="|")
    assert rows == [["7999", "3", "C3E93EC3(SIP_E_REFERENCE)", "A/V Conferencing Server (AV MCU)",
                     "appName|cause|escaped", 'AVMCU|2|say "hi"']]
    # 7999 has no documented meaning: the header's own reason stands in, labelled
    assert one(tshark, 6, "msdiag.meaning") == "(from the header's reason) Media negotiation failed"


def test_unknown_range(tshark):
    assert one(tshark, 7, "msdiag.range") == "Unknown range"


def test_client_diagnostics(tshark):
    rows = tshark.fields(CAP, ["msdiag.code", "msdiag.client", "msdiag.header", "msdiag.range",
                               "msdiag.param.name"], "frame.number == 8")
    assert rows == [["52031", "1", "ms-client-diagnostics",
                     "Client-side diagnostic (range not documented)", "CallerMediaDebug"]]


def test_compact_sip_headers_still_decode(tshark):
    rows = tshark.fields(CAP, ["sip.Call-ID", "sip.Status-Code", "msdiag.code", "msdiag.public"],
                         "frame.number == 9")
    assert rows == [["msdiag-8@192.0.2.10", "200", "21000", "1"]]


MSDIAG_EXPERT_PREFIXES = ("ms-diagnostics", "ms-client-diagnostics", "Malformed ms-")


def msdiag_experts(tshark, dfilter=None):
    """Expert messages raised by msdiag (other modules may add their own)."""
    return {f: [m for m in msgs if m.startswith(MSDIAG_EXPERT_PREFIXES)]
            for f, msgs in tshark.experts(CAP, dfilter).items()}


def test_experts(tshark):
    ex = msdiag_experts(tshark)
    assert ex[2] == ["ms-diagnostics 9006: Forbidden: Media Relay Authentication Service refused "
                     "the request (requester not authorized/trusted)"]
    assert ex[3] == ["ms-diagnostics 3080: Internal Error: AddUser failed (Focus could not add the "
                     "user to the conference)"]
    assert ex[6] == ["ms-diagnostics ErrorId 7999 is not in the ErrorId table "
                     "(range: A/V Conferencing Server (AV MCU))"]
    assert ex[7] == ["ms-diagnostics ErrorId 19500 is not in the ErrorId table and no range is documented"]
    assert ex[9] == ["ms-diagnostics-public 21000: New sharer joined conference. (ms-diagnostics-public)"]
    assert ex[10] == ["Malformed ms-diagnostics header: missing ErrorId"]
    assert ex[11] == ["Malformed ms-diagnostics header: ErrorId is not a number"]
    assert ex[12] == ["ms-diagnostics 1000: Final handshake failed.",
                      "Malformed ms-diagnostics header: unterminated quoted string"]
    assert ex[13] == ["ms-diagnostics 1000: Final handshake failed.",
                      "Malformed ms-diagnostics header: unexpected text"]
    assert ex[15] == ["ms-diagnostics 1000: Final handshake failed.",
                      "ms-diagnostics has 1000 parameters; only the first 256 are shown"]
    assert "Malformed ms-diagnostics header: NUL byte in header value" in ex[17]
    # client ids have their own table: the same note as server ids for one it lacks
    assert ex[8] == ["ms-client-diagnostics ErrorId 52031 is not in the client ErrorId table "
                     "and no range is documented"]


def test_expert_severities(tshark):
    # expert.h: PI_WARN 6291456, PI_NOTE 4194304, PI_CHAT 2097152
    for name, severity, frames in [("msdiag.failure", "6291456", "2,3,4,5,12,13,14,15,16,17,23,24"),
                                   ("msdiag.unknown_code", "4194304", "6,7,8"),
                                   ("msdiag.info", "2097152", "9"),
                                   ("msdiag.malformed", "6291456", "10,11,12,13,17"),
                                   ("msdiag.too_many_params", "6291456", "15")]:
        out = tshark.run(["-r", tshark.capture(CAP), "-Y", name, "-T", "fields", "-e", "frame.number"]).stdout
        got = ",".join(out.split())
        assert got == ",".join(sorted(set(frames.split(",")), key=int)), name
        rows = tshark.fields(CAP, ["_ws.expert.severity"], name)
        assert all(severity in r[0].split(",") for r in rows), name


def test_malformed_rest_still_decoded(tshark):
    # no code: the parameters are still there
    rows = tshark.fields(CAP, ["msdiag.code", "msdiag.reason", "msdiag.source"], "frame.number == 10")
    assert rows == [["", "no code here", "fe01.contoso.com"]]
    # junk after a value: the parameter after the junk is still decoded
    rows = tshark.fields(CAP, ["msdiag.reason", "msdiag.source"], "frame.number == 13")
    assert rows == [["a", "fe02.contoso.com"]]
    # the SIP message around a malformed header still decodes
    rows = tshark.fields(CAP, ["sip.Status-Code", "sip.CSeq.seq"], "frame.number == 13")
    assert rows == [["400", "12"]]


def test_hostile_sizes(tshark):
    reason = one(tshark, 14, "msdiag.reason")
    assert len(reason) == 10000 and reason.startswith("ABCDEFG")
    rows = tshark.fields(CAP, ["msdiag.param.name", "msdiag.param_count"], "frame.number == 15",
                         separator="|")
    names = rows[0][0].split("|")
    assert len(names) == 256 and names[0] == "p0" and names[-1] == "p255"
    assert rows[0][1] == "1000"
    rows = tshark.fields(CAP, ["msdiag.reason", "msdiag.source", "msdiag.component"], "frame.number == 16")
    assert rows == [["", "", ""]]
    assert one(tshark, 17, "msdiag.source") == "fe01"


def test_info_column(tshark):
    rows = tshark.fields(CAP, ["frame.number", "_ws.col.Info"], "frame.number in {2, 8, 14, 24}",
                         separator="|")
    assert rows[0] == ["2", "Status: 403 Forbidden [ms-diag 9006 Forbidden] | "]
    assert rows[1] == ["8", "Request: BYE sip:bob@contoso.com [ms-client-diag 52031 Call failed to "
                       "establish due to a media connectivity failure\u2026] | "]
    assert rows[2] == ["14", "Status: 400 Bad Request [ms-diag 1000 "
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH\u2026] | "]
    assert rows[3] == ["24", "Status: 500 Internal Server Error [ms-diag 3080 Internal Error: AddUser "
                       "failed] | Status: 500 Internal Server Error [ms-diag 3080 Internal Error: "
                       "AddUser failed] | "]


def test_tcp_split_and_packed(tshark):
    rows = tshark.fields(CAP, ["frame.number", "msdiag.code", "msdiag.reason", "msdiag.source"],
                         "tcp && msdiag", separator="|")
    assert rows == [["23", "9006", "Forbidden", "edge-int.contoso.com"],
                    ["24", "3080|3080", "Internal Error: AddUser failed|Internal Error: AddUser failed",
                     "fe01.contoso.com|fe02.contoso.com"]]


def test_registration(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    fields = {l.split("\t")[2]: l.split("\t") for l in out.splitlines()
              if l.startswith("F\t") and l.split("\t")[4] == "msdiag"}
    for name, ftype in [("msdiag.code", "FT_UINT32"), ("msdiag.meaning", "FT_STRING"),
                        ("msdiag.range", "FT_STRING"), ("msdiag.reason", "FT_STRING"),
                        ("msdiag.source", "FT_STRING"), ("msdiag.component", "FT_STRING"),
                        ("msdiag.public", "FT_BOOLEAN"), ("msdiag.param", "FT_STRING"),
                        ("msdiag.param.name", "FT_STRING"), ("msdiag.param.value", "FT_STRING")]:
        assert fields[name][3] == ftype, name
    for f in fields.values():
        assert f[2].startswith("msdiag.")
        assert f[3] == "FT_NONE" or f[-1] != "", f[2]  # expert entries have no blurb
    plugins = tshark.run(["-G", "plugins"]).stdout
    # version: the project's plus the release series it was built for, which must be tshark's
    assert any(l.split("\t")[0].strip() == "msocs.so"
               and l.split("\t")[1:3] == [tshark.plugin_version(), "dissector"]
               for l in plugins.splitlines()), plugins


# Headers as deployments write them: captures/msdiag-real.pcap (make_msdiag_real.py names the sources).
REAL = "msdiag-real.pcap"


def test_real_fold_inside_quotes_is_one_space(tshark):
    rows = tshark.fields(REAL, ["msdiag.code", "msdiag.reason"], "frame.number == 1", separator="|")
    assert rows == [["1034|10003|10003",
                     "Previous hop federated peer did not report diagnostic information|"
                     "Proxy returned a SIP failure code|Proxy returned a SIP failure code"]]
    rows = tshark.fields(REAL, ["msdiag.reason"], "frame.number == 2")
    assert rows == [["Call failed to establish due to a media connectivity failure when one "
                     "endpoint is internal and the other is remote"]]


def test_real_param_count_filled(tshark):
    rows = tshark.fields(REAL, ["frame.number", "msdiag.param_count"], "msdiag && frame.number <= 3",
                         separator="|")
    assert rows == [["1", "4|5|4"], ["2", "2"], ["3", "3"]]
    # the folded multi-line CalleeMediaDebug value reads as one line
    rows = tshark.fields(REAL, ["msdiag.param.value"], "frame.number == 2")
    assert rows == [["audio:ICEWarn=0x80012b a=candidate:1 1 UDP 2130706431 192.0.2.10 26698 typ host "
                     "a=candidate:4 1 UDP 184547839 203.0.113.33 57234 typ relay raddr 192.0.2.10 rport 18984"]]


def test_real_undocumented_id_takes_the_reason_as_meaning(tshark):
    # client id 25 has no row (no source found): the sender's words, labelled
    rows = tshark.fields(REAL, ["msdiag.code", "msdiag.meaning"], "frame.number == 3")
    assert rows == [["25", "(from the header's reason) A federated call failed to establish due to a "
                           "media connectivity failure where both endpoints are internal"]]
    assert tshark.experts(REAL)[3][0] == ("ms-client-diagnostics ErrorId 25 is not in the client "
                                          "ErrorId table and no range is documented")


# ErrorIds whose meaning comes from a public source (the table's source column and
# make_msdiag_real.py's docstring name it), each in a header as that source quotes it.
REAL_DOCUMENTED = [
    # frame, ErrorId, meaning, range
    (1, "1034|10003|10003", "Previous hop federated peer did not report diagnostic information.|"
        "Proxy returned a SIP failure code.|Proxy returned a SIP failure code.",
        "SIP stack (Front End / Access Edge: routing, DNS, federation, TLS, authentication)|"
        "Mediation Server|Mediation Server"),
    (2, "23", "Call failed to establish due to a media connectivity failure when one endpoint is "
        "internal and the other is remote.", "Client-side diagnostic (range not documented)"),
    (4, "1017", "Cannot route From and To domains in this combination.",
        "SIP stack (Front End / Access Edge: routing, DNS, federation, TLS, authentication)"),
    (5, "1027", "Cannot route this type of SIP request to or from federated partners.",
        "SIP stack (Front End / Access Edge: routing, DNS, federation, TLS, authentication)"),
    (6, "1047", "Failed to complete TLS negotiation with a federated peer server.",
        "SIP stack (Front End / Access Edge: routing, DNS, federation, TLS, authentication)"),
    (7, "2139", "Terminating old subscription since new subscription dialog took over the previous "
        "one. (ms-diagnostics-public)", "User Services: presence"),
    (8, "2165", "Contact subscription is not allowed as the user's contact list has migrated to "
        "Exchange.", "User Services: presence"),
    (9, "4141", "User disabled. (ms-diagnostics-public)",
        "User Services: other (registrar, user and pool lookup, endpoint ids)"),
    (10, "4268", "Delegate operation not allowed as delegate and delegator are in different "
         "deployments.", "User Services: other (registrar, user and pool lookup, endpoint ids)"),
    (11, "15000", "Unable to read the user properties publication for the user or contact object.",
         "Exchange Server Unified Messaging"),
    (12, "21002", "Attendees cannot share in this conference. (ms-diagnostics-public)",
         "Application Sharing MCU (ASMCU)"),
    # no public source names the owner of 25000-25999
    (13, "25008", "Attempting to route to Primary Pool.", "Unknown range"),
    (14, "22", "Call failed to establish due to a media connectivity failure when both endpoints "
         "are internal.", "Client-side diagnostic (range not documented)"),
    (15, "51007", "Callee media connectivity diagnosis info.",
         "Client-side diagnostic (range not documented)"),
    (16, "52017", "Encryption levels dont match.", "Client-side diagnostic (range not documented)"),
    (17, "52035", "This client has an IM session with the same conversation ID.",
         "Client-side diagnostic (range not documented)"),
]


def test_real_documented_ids_show_the_sources_meaning(tshark):
    rows = tshark.fields(REAL, ["frame.number", "msdiag.code", "msdiag.meaning", "msdiag.range"],
                         "msdiag && frame.number != 3", separator="|")
    assert rows == [[str(f), code, meaning, rng] for f, code, meaning, rng in REAL_DOCUMENTED]
    # no "not in the table" note left on these frames
    notes = tshark.fields(REAL, ["frame.number"], 'frame.number != 3 && _ws.expert.message contains '
                          '"ErrorId table"')
    assert notes == []


def test_real_documented_severities(tshark):
    # informational ids (a progress report, a subscription taken over, a 200 OK's
    # diagnosis info) are notes; the others warnings, as for the MS-OCER ids
    rows = tshark.fields(REAL, ["frame.number"], "msdiag.info", separator="|")
    assert [r[0] for r in rows] == ["7", "13", "15"]
    rows = tshark.fields(REAL, ["frame.number"], "msdiag.failure", separator="|")
    assert [r[0] for r in rows] == ["1", "2", "4", "5", "6", "8", "9", "10", "11", "12", "14", "16", "17"]


def test_real_typographic_quotes_accepted_with_one_note(tshark):
    rows = tshark.fields(REAL, ["msdiag.param.name", "msdiag.param.value"], "frame.number == 3",
                         separator="|")
    assert rows == [["UserType|MediaType", "Callee|audio"]]
    notes = [m for m in tshark.experts(REAL)[3] if "typographic" in m]
    assert notes == ["Parameter value in typographic quotes (U+201C/U+201D), read as '\"': "
                     "the header was probably pasted from a document"]
    assert "typographic" not in " ".join(sum(tshark.experts(REAL, "frame.number <= 2").values(), []))
