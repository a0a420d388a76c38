"""tshark-level tests of the msturn dissector on captures/msturn.pcap
(synthetic, make_msturn.py), captures/msturn-libnice.pcap (libnice OC2007
client against the test Edge, make_msturn_libnice.py) and
captures/msturn-mras.pcap (MRAS credentials, then MS-TURN in both header
forms, make_msturn_mras.py; the RFC 5389 form is decoded by stun and
completed by msturn)."""
import pytest

CAP = "msturn.pcap"
LIBNICE = "msturn-libnice.pcap"
USER_B64 = "AgAAJEs/XB2OemtcTT4vEKm4x9Y="
PASS_B64 = "jx4tPEtaaXiHlqW0w9Lh8P7cupg="
CREDS = ["-o", 'uat:msturn_credentials:"%s","%s"' % (USER_B64, PASS_B64)]
LIBNICE_CREDS = ["-o", 'uat:msturn_credentials:"dXNlci0wMDAxQGV4YW1wbGUuY29t","c2VjcmV0LXBhc3M="']


def by_frame(rows):
    return {int(r[0]): r[1:] for r in rows}


def test_old_form_is_classicstun_without_plugin_and_msturn_with(tshark):
    # Wireshark 4.0 and 4.4 both give the old form to classicstun (and the RFC 5389
    # form to stun); should a release drop classicstun, stun is the one to beat
    builtin = "classicstun" if tshark.has_protocol("classicstun") else "stun"
    without = by_frame(tshark.fields(CAP, ["frame.number", "frame.protocols"], "frame.number<=4", plugin=False))
    with_ = by_frame(tshark.fields(CAP, ["frame.number", "frame.protocols"], "frame.number<=4"))
    for n in range(1, 5):
        assert without[n][0].endswith(":" + builtin), without[n]
        assert with_[n][0].endswith(":msturn"), with_[n]


def test_allocate_exchange_fields(tshark):
    rows = by_frame(tshark.fields(CAP, ["frame.number", "msturn.type", "msturn.class", "msturn.method",
                                        "msturn.length", "msturn.transaction_id", "msturn.ms_version",
                                        "msturn.lifetime", "msturn.bandwidth", "msturn.stream_type"],
                                  "frame.number<=4"))
    assert rows[1] == ["0x0003", "0", "0x0003", "40", "a10102030405060708090a0b0c0d0e0f", "2", "480", "768", "1"]
    assert rows[2][:2] == ["0x0113", "2"]
    assert rows[4][:2] == ["0x0103", "1"]
    assert rows[4][5] == "2" and rows[4][6] == "480"

    r = by_frame(tshark.fields(CAP, ["frame.number", "msturn.error_code", "msturn.error_reason", "msturn.realm",
                                     "msturn.nonce", "msturn.alternate_server", "msturn.alternate_server_port",
                                     "msturn.error_meaning"], "frame.number==2"))
    assert r[2][:6] == ["401", "Unauthorized", "SIP Communications Service", "7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e",
                        "203.0.113.5", "3478"]
    assert "REALM/NONCE" in r[2][6]

    r = by_frame(tshark.fields(CAP, ["frame.number", "msturn.username", "msturn.username_b64",
                                     "msturn.sequence_number", "msturn.attr"], "frame.number==3"))
    assert r[3][0] == "020000244b3f5c1d8e7a6b5c4d3e2f10a9b8c7d6"
    assert r[3][1] == USER_B64
    assert r[3][2] == "1"
    # no padding: attributes follow each other, MESSAGE-INTEGRITY last
    assert r[3][3] == "0x000f,0x8008,0x0006,0x0015,0x0014,0x8050,0x0008"

    r = by_frame(tshark.fields(CAP, ["frame.number", "msturn.mapped_address", "msturn.mapped_address_port",
                                     "msturn.xor_mapped_address", "msturn.xor_mapped_address_port"],
                               "frame.number==4 || frame.number==16"))
    assert r[4] == ["203.0.113.5", "50100", "192.0.2.10", "50000"]
    r16 = by_frame(tshark.fields(CAP, ["frame.number", "msturn.xor_mapped_address_v6",
                                       "msturn.xor_mapped_address_port"], "frame.number==16"))
    assert r16[16] == ["2001:db8::1", "50004"]


def test_request_response_tracking(tshark):
    r = by_frame(tshark.fields(CAP, ["frame.number", "msturn.response_in", "msturn.response_to", "msturn.time"],
                               "frame.number<=12", extra=["-2"]))
    assert r[1][:2] == ["2", ""]
    assert r[2][:2] == ["", "1"]
    assert r[3][0] == "4" and r[4][1] == "3"
    assert float(r[4][2]) == pytest.approx(0.001, abs=1e-4)
    assert r[5] == ["", "", ""]          # Send is not answered by design
    assert r[7][0] == "8" and r[8][1] == "7"
    assert r[9][0] == "10" and r[11][0] == "12"


def test_info_column(tshark):
    r = by_frame(tshark.fields(CAP, ["frame.number", "_ws.col.Info"], "frame.number<=10"))
    assert r[2][0] == "Allocate Error 401: Unauthorized"
    assert r[3][0] == "Allocate Request user=b64:%s realm=SIP Communications Service" % USER_B64
    assert r[4][0] == "Allocate Response relay=203.0.113.5:50100 mapped=192.0.2.10:50000"
    assert r[5][0].startswith("Send Request user=b64:%s -> 198.51.100.7:50012 | " % USER_B64)
    assert r[6][0].startswith("Data Indication <- 198.51.100.7:50012 | Binding Request")
    # other protocols of the suite may append their own tags
    assert r[10][0].startswith("Allocate Error 436: Unknown User")


def test_payload_handed_on(tshark):
    r = by_frame(tshark.fields(CAP, ["frame.number", "msturn.destination_address",
                                     "msturn.destination_address_port", "msturn.remote_address", "rtp.seq",
                                     "stun.type", "frame.protocols"], "frame.number==5 || frame.number==6"))
    assert r[5][:2] == ["198.51.100.7", "50012"] and r[5][3] == "1" and r[5][5].endswith("msturn:rtp")
    assert r[6][2] == "198.51.100.7" and r[6][4] == "0x0001" and r[6][5].endswith("msturn:stun")
    data = tshark.fields(CAP, ["msturn.data"], "frame.number==5")[0][0]
    assert data.startswith("80000001000000a011223344d5d5")


def test_relayed_rtp_state_over_two_passes(tshark):
    # The first pass of -2 builds a tree only for the analysis; RTP then gets
    # none but must still build its per-stream state, which the second pass
    # shows (setup frame, extended sequence number), as without the tree rule.
    rows = tshark.fields(CAP, ["frame.number", "rtp.setup-frame", "rtp.extseq"], extra=["-2"])
    rtp = {int(r[0]): r[1:] for r in rows if r[2]}
    assert rtp == {5: ["5", "65537"], 34: ["34", "65539"], 35: ["35", "65540"]}
    # the same with the analysis preferences off (no first-pass tree at all)
    off = ["-2", "-o", "ocstriage.always_analyse:FALSE", "-o", "sipservice.always_analyse:FALSE"]
    rows = tshark.fields(CAP, ["frame.number", "rtp.setup-frame", "rtp.extseq"], extra=off)
    assert {int(r[0]): r[1:] for r in rows if r[2]} == rtp


def test_relayed_rtp_summary_line(tshark):
    # On a one-pass read that shows only columns, msturn writes RTP's summary line for plain
    # relayed RTP itself; it must be RTP's own, which a referenced RTP field makes RTP write.
    for cap in (CAP, "msturn-relay.pcap", "ocstriage-msturn.pcap"):
        own = tshark.fields(cap, ["frame.number", "_ws.col.Info"])
        by_rtp = [r[:2] for r in tshark.fields(cap, ["frame.number", "_ws.col.Info", "rtp.seq"])]
        assert own == by_rtp
        assert cap != CAP or any("| PT=ITU-T G.711 PCMU, SSRC=0x" in r[1] for r in own)


def test_relayed_rtp_in_protocol_hierarchy(tshark):
    # -z io,phs reads whole trees: relayed RTP must stay in them
    out = tshark.run(["-n", "-r", tshark.capture(CAP), "-q", "-z", "io,phs"]).stdout
    lines = [l.split()[0] for l in out.splitlines() if "frames:" in l]
    assert "rtp" in lines and lines.index("rtp") > lines.index("msturn")


def test_relayed_rtp_taps_on_a_quiet_two_pass_read(tshark):
    # tshark -2 -q without views calls RTP for relayed media on neither pass when nothing would
    # show it; an RTP tap makes it called on both passes, with the same streams as a read that
    # prints every packet
    def streams(extra):
        out = tshark.run(["-n", "-r", tshark.capture(CAP), "-2"] + extra + ["-z", "rtp,streams"]).stdout
        rows = [l.split() for l in out.splitlines() if "g711U" in l]
        return sorted(r[2:10] for r in rows)

    quiet = streams(["-q", "-z", "ocstriage,tree"])
    assert quiet == streams([])
    assert ["192.0.2.10", "50000", "203.0.113.5", "3478", "0x11223344", "g711U", "1", "0"] in quiet
    assert len(quiet) == 3


def test_experts_on_a_quiet_two_pass_read(tshark):
    # -2 -q prints no packet: msturn's later pass only hands DATA on unless a tap listens, and
    # -z expert does: its table must be the one of a read that prints every packet
    def experts(extra):
        out = tshark.run(["-n", "-r", tshark.capture(CAP), "-2"] + extra + ["-z", "expert"]).stdout
        return out[out.index("Errors ("):]

    quiet = experts(["-q"])
    assert quiet == experts([])
    assert "MS-TURN  Length field says 400 attribute bytes, the message has 16" in quiet
    assert "Allocate Request has no response in the capture" in quiet


def test_integrity(tshark):
    fields = ["frame.number", "msturn.integrity_status"]
    with_creds = by_frame(tshark.fields(CAP, fields, "msturn.message_integrity && udp", extra=CREDS))
    assert with_creds == {3: ["verified"], 4: ["verified"], 5: ["verified"], 7: ["verified"],
                          8: ["verified"], 9: ["unverified: no credentials"], 11: ["failed"]}
    without = by_frame(tshark.fields(CAP, fields, "msturn.message_integrity"))
    assert set(v[0] for v in without.values()) == {"unverified: no credentials"}
    ex = tshark.experts(CAP, "frame.number==11", extra=CREDS)
    assert any("MESSAGE-INTEGRITY does not verify with the configured credentials" in m for m in ex[11])
    # a wrong key in the table fails everything it signs
    bad = ["-o", 'uat:msturn_credentials:"%s","d3Jvbmc="' % USER_B64]
    assert by_frame(tshark.fields(CAP, fields, "frame.number==3", extra=bad))[3] == ["failed"]


def test_integrity_matches_libnice(tshark):
    r = by_frame(tshark.fields(LIBNICE, ["frame.number", "msturn.integrity_status", "msturn.error_code"],
                               extra=LIBNICE_CREDS))
    assert r[3][0] == "verified"     # libnice's authenticated Allocate
    assert r[4][0] == "verified"     # the Edge's success response
    assert r[8][1] == "436"
    assert r[11][0] == "failed"      # libnice with the wrong password
    assert r[12][1] == "431"


def test_experts(tshark):
    ex = tshark.experts(CAP, extra=["-2"])
    assert any("the MRAS username is unknown to this Edge" in m for m in ex[10])
    assert any("Error response 401: Unauthorized" in m for m in ex[2])
    assert any("has no response in the capture" in m for m in ex[13])
    assert 1 not in ex or not any("no response" in m for m in ex[1])
    assert any("USERNAME length 200 runs past the end of the message" in m for m in ex[17])
    assert any("Length field says 400 attribute bytes, the message has 16" in m for m in ex[18])
    assert any("More than 128 attributes" in m for m in ex[19])
    zero = ex[20]
    for name in ("MAPPED-ADDRESS", "MESSAGE-INTEGRITY", "ERROR-CODE", "LIFETIME", "XOR-MAPPED-ADDRESS",
                 "MS-SEQUENCE-NUMBER"):
        assert any(m.startswith(name + " value is 0 bytes") for m in zero), (name, zero)
    assert any("Unknown attribute 0x7777 (comprehension-required)" in m for m in ex[21])
    assert any("Unknown attribute 0xc001 (optional)" in m for m in ex[21])
    assert any("Truncated attribute header (2 bytes)" in m for m in ex[21])
    # every attribute of the MS tables is known
    assert 14 not in ex
    attrs = tshark.fields(CAP, ["msturn.attr"], "frame.number==14")[0][0].split(",")
    assert len(attrs) == 24 and "0x8095" in attrs and "0x0017" in attrs


def test_attribute_cap_preference(tshark):
    r = tshark.fields(CAP, ["msturn.attr"], "frame.number==19", extra=["-o", "msturn.max_attributes:10"])
    assert len(r[0][0].split(",")) == 10
    r = tshark.fields(CAP, ["msturn.attr"], "frame.number==19")
    assert len(r[0][0].split(",")) == 128


def test_bwm_attributes(tshark):
    r = tshark.fields(CAP, ["msturn.bw.max_send", "msturn.bw.min_receive", "msturn.remote_site_address",
                            "msturn.remote_site_address_port", "msturn.site.valid", "msturn.lp.self_location",
                            "msturn.bw_acm_type", "msturn.alternate_host_name", "msturn.requested_family",
                            "msturn.implementation_version"], "frame.number==14")[0]
    assert r == ["1000", "200", "10.1.1.1", "5000", "1,1,0,1", "2", "1", "edge.example.com", "0x01", "3"]
    r = tshark.fields(CAP, ["msturn.unknown_attribute"], "frame.number==15")[0]
    assert r == ["0x8006,0x8039"]


def test_standard_stun_and_rtp_are_not_msturn(tshark):
    r = by_frame(tshark.fields(CAP, ["frame.number", "frame.protocols"], "frame.number>=22 && frame.number<=25"))
    assert r[22][0].endswith(":stun") and r[23][0].endswith(":stun")
    assert r[24][0].endswith(":msturn")   # old form on another port: heuristic
    assert "msturn" not in r[25][0]
    r = tshark.fields(CAP, ["frame.number"], "msturn && (frame.number==22 || frame.number==23)")
    assert r == []


def test_tcp_framing(tshark):
    rows = by_frame(tshark.fields(CAP, ["frame.number", "msturn.tcp.type", "msturn.type",
                                        "msturn.pseudo_tls.handshake_type", "msturn.integrity_status",
                                        "msturn.response_to", "rtp.seq"],
                                  "tcp.port==443 && (msturn || tls)", extra=["-2"] + CREDS))
    assert rows[29][2] == "1"            # pseudo-TLS ClientHello (decided by the answer)
    assert rows[30][2] == "2,14"         # ServerHello + ServerHelloDone in one record
    assert rows[33][:2] == ["0x02", "0x0003"] and rows[33][3] == "verified"   # split in three segments
    assert rows[34][:2] == ["0x02,0x03", "0x0103"] and rows[34][4] == "33" and rows[34][5] == "3"  # packed
    assert rows[35][0] == "0x03,0x03,0x02" and rows[35][1] == "0x0004" and rows[35][5] == "4"
    assert 43 in rows and rows[43][0] == "" and 44 in rows   # real TLS stays TLS
    ex = tshark.experts(CAP, "frame.number==36", extra=["-2"])
    assert any("Not an MS-TURN TCP frame (first byte 0x09)" in m for m in ex[36])
    protos = by_frame(tshark.fields(CAP, ["frame.number", "frame.protocols"], "frame.number==43 || frame.number==44"))
    assert protos[43][0].endswith(":tls") and protos[44][0].endswith(":tls")


def test_tcp_heuristic_other_port(tshark):
    r = by_frame(tshark.fields(CAP, ["frame.number", "msturn.tcp.type", "msturn.error_code"], "tcp.port==4443 && msturn"))
    assert r == {51: ["0x02", ""], 52: ["0x02", "401"]}


# --- RFC 5389 form (Lync / Skype for Business) and MRAS credentials: captures/msturn-mras.pcap
# (make_msturn_mras.py; frame list in its docstring). stun decodes those messages, msturn adds to them.
MRAS_CAP = "msturn-mras.pcap"
MRAS_USER_B64 = "AgAACzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYar0PUaP2SJrtP4HUJnjLHW+yBFao8="
UAT_CREDS = ["-o", 'uat:msturn_credentials:"AgAAQEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1w=",'
                   '"kJGSk5SVlpeYmZqbnJ2en6ChoqM="']
RFC_MS_FRAMES = list(range(6, 19)) + [26, 27, 34, 35]
RELAY_EXPERT = "which is not among the relays the MRAS response in frame 2 listed"


def test_rfc5389_form_stays_stun_and_gets_msturn(tshark):
    without = by_frame(tshark.fields(MRAS_CAP, ["frame.number", "frame.protocols", "stun.att.ms.version"],
                                     "stun", plugin=False))
    # two passes: the first framed frame of a TCP 443 connection without the
    # pseudo-TLS hello is TLS's on the first pass, msturn's once decided
    with_ = by_frame(tshark.fields(MRAS_CAP, ["frame.number", "frame.protocols", "msturn.form"], "stun",
                                   extra=["-2"]))
    for n in list(range(6, 22)):       # UDP (TCP 26-35 use MS-TURN's framing: stun only inside it)
        assert without[n][0].endswith(":stun"), (n, without[n])
        assert with_[n][0].endswith(":stun"), (n, with_[n])     # stun decodes, msturn only adds
    assert with_[26][0].endswith(":msturn:stun") and 26 not in without
    assert without[8][1] == "3"
    assert [n for n in with_ if with_[n][1] == "1"] == RFC_MS_FRAMES
    r = tshark.run(["-n", "-r", tshark.capture(MRAS_CAP), "-Y", "msturn"], plugin=False, check=False)
    assert r.returncode != 0 and r.stdout == ""                # no such protocol without the plugin


def test_standard_stun_gets_nothing(tshark):
    # 19-20 Binding request/response, 21 RFC 5766 Allocate with long-term credentials, 22 0xFF10 data
    assert tshark.fields(MRAS_CAP, ["frame.number"], "msturn && frame.number>=19 && frame.number<=22",
                         extra=["-2"]) == []
    assert tshark.experts(MRAS_CAP, "frame.number>=19 && frame.number<=22", extra=["-2"]) == {}


def test_rfc5389_form_fields(tshark):
    fields = ["frame.number", "msturn.type", "msturn.method", "msturn.class", "msturn.cookie",
              "msturn.transaction_id", "msturn.ms_version", "msturn.lifetime", "msturn.username_b64",
              "msturn.realm", "msturn.nonce", "msturn.error_code", "msturn.error_reason", "msturn.magic_cookie"]
    r = by_frame(tshark.fields(MRAS_CAP, fields, "msturn.form==1"))
    assert r[6] == ["0x0003", "0x0003", "0", "0x2112a442", "4c594e4300000000a0000001", "3", "480",
                    "", "", "", "", "", ""]
    # the 401 has no MS attribute: it is MS-TURN as the answer to frame 6
    assert r[7] == ["0x0113", "0x0003", "2", "0x2112a442", "4c594e4300000000a0000001", "", "", "",
                    "SIP Communications Service", "c0ffee5a1e4f00d1b2c3d4e5f6a7b8c9", "401", "Unauthorized", ""]
    assert r[8][5:10] == ["3", "", MRAS_USER_B64, "SIP Communications Service",
                          "c0ffee5a1e4f00d1b2c3d4e5f6a7b8c9"]
    assert r[9][:3] == ["0x0103", "0x0003", "1"]
    assert r[11][10:12] == ["436", "Unknown User"]
    assert r[13][10:12] == ["431", "Integrity Check Failure"]
    assert r[16][12] == "0x72c64bc6"     # MAGIC-COOKIE attribute alone marks it
    meaning = by_frame(tshark.fields(MRAS_CAP, ["frame.number", "msturn.error_meaning"], "msturn.form==1"))
    assert meaning[11][0].startswith("The MRAS username is unknown to this Edge")
    assert "REALM/NONCE" in meaning[7][0]
    names = tshark.run(["-n", "-r", tshark.capture(MRAS_CAP), "-V", "-Y", "frame.number==9"]).stdout
    assert "Microsoft TURN (MS-TURN), RFC 5389 form (message decoded by STUN): Allocate Success Response" in names
    assert "Message Type: Allocate Success Response (0x0103)" in names


def test_rfc5389_form_integrity_with_mras_credentials(tshark):
    fields = ["frame.number", "msturn.integrity_status", "msturn.mras_frame"]
    for extra in ([], ["-2"]):          # the second pass must show the same
        r = by_frame(tshark.fields(MRAS_CAP, fields, "msturn.message_integrity && msturn.form==1", extra=extra))
        assert r == {8: ["verified", "2"], 9: ["verified", "2"],      # request, and response with its key
                     10: ["unverified: no credentials", ""],                           # username MRAS never issued
                     12: ["failed", "2"],                              # wrong password
                     14: ["verified", "2"],
                     15: ["verified", "2"],    # REALM/NONCE in RFC 5389 numbering
                     17: ["unverified: no credentials", ""], 18: ["unverified: no credentials", ""],        # credentials-table user, table empty
                     26: ["verified", "2"], 27: ["verified", "2"],    # framed on TCP 443
                     34: ["verified", "2"]}, extra
    # without any filter a -2 run's first pass builds no tree: the RFC 5389 form is analysed
    # on the second pass, with the same integrity results
    rows = by_frame(tshark.fields(MRAS_CAP, fields, extra=["-2"]))
    assert {n: v for n, v in rows.items() if v[0] and n >= 6} == r     # 3-5: old form
    ex = tshark.experts(MRAS_CAP, "frame.number==12")
    assert any("MESSAGE-INTEGRITY does not verify with the MRAS credentials" in m for m in ex[12])
    expected = tshark.fields(MRAS_CAP, ["msturn.integrity_expected"], "frame.number==12")[0][0]
    assert len(expected) == 40


def test_rfc5389_form_integrity_with_credentials_table(tshark):
    r = by_frame(tshark.fields(MRAS_CAP, ["frame.number", "msturn.integrity_status", "msturn.mras_frame"],
                               "frame.number==17 || frame.number==18", extra=UAT_CREDS))
    assert r == {17: ["verified", ""], 18: ["verified", ""]}
    bad = ["-o", 'uat:msturn_credentials:"AgAAQEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1w=","d3Jvbmc="']
    r = by_frame(tshark.fields(MRAS_CAP, ["frame.number", "msturn.integrity_status"], "frame.number==17",
                               extra=bad))
    assert r == {17: ["failed"]}


def test_rfc5389_form_experts(tshark):
    # -Y gives the first pass a protocol tree to read stun's fields from
    ex = tshark.experts(MRAS_CAP, "msturn || stun", extra=["-2"])
    assert any("436 Unknown User: the MRAS username is unknown to this Edge" in m for m in ex[11])
    assert any("Error response 401: Unauthorized" in m for m in ex[7])
    assert any("Error response 431: Integrity Check Failure" in m for m in ex[13])
    assert any("Error response 437: Allocation Mismatch" in m for m in ex[35])
    assert any("Allocate Request has no response in the capture" in m for m in ex[14])
    assert not any("no response" in m for m in ex.get(6, []) + ex.get(8, []))


def test_rfc5389_form_tracking(tshark):
    fields = ["frame.number", "msturn.response_in", "msturn.response_to", "msturn.time"]
    r = by_frame(tshark.fields(MRAS_CAP, fields, "msturn.form==1", extra=["-2"]))
    assert r[6][:2] == ["7", ""] and r[7][1] == "6"
    assert r[8][0] == "9" and r[9][1] == "8"
    assert float(r[9][2]) == pytest.approx(0.001, abs=1e-4)
    assert r[10][0] == "11" and r[12][0] == "13" and r[17][0] == "18"
    assert r[14] == ["", "", ""]
    assert r[26][0] == "27" and r[35][1] == "34"
    # stun's own tracking agrees
    s = by_frame(tshark.fields(MRAS_CAP, ["frame.number", "stun.response-in"], "frame.number==8", extra=["-2"]))
    assert s[8] == ["9"]


def test_allocate_to_unlisted_relay(tshark):
    """MRAS response (frame 2) lists 203.0.113.30 and .31 (udp 3478, tcp 443)."""
    ex = tshark.experts(MRAS_CAP, "msturn", extra=["-2"])
    relay = {n for n, msgs in ex.items() if any(RELAY_EXPERT in m for m in msgs)}
    assert relay == {5, 14, 34}          # old form UDP, RFC 5389 form UDP, framed TCP to port 4443
    assert any("Allocate sent to 203.0.113.99:3478 (UDP)" in m and "203.0.113.30:3478, 203.0.113.31:3478" in m
               for m in ex[5])
    assert any("Allocate sent to 203.0.113.30:4443 (TCP)" in m and "203.0.113.30:443, 203.0.113.31:443" in m
               for m in ex[34])
    r = by_frame(tshark.fields(MRAS_CAP, ["frame.number", "msturn.mras_frame", "msturn.integrity_status"],
                               "frame.number>=3 && frame.number<=5"))
    assert r == {3: ["2", "verified"], 4: ["2", "verified"], 5: ["2", "verified"]}


def test_mras_capture_links_allocate(tshark):
    """captures/mras.pcap ends with an old-form Allocate signed with the first MRAS response's
    credentials; that response lists host names only, which cannot be compared (no expert)."""
    r = tshark.fields("mras.pcap", ["frame.number", "msturn.integrity_status", "msturn.mras_frame"], "msturn")
    assert r == [["29", "verified", "7"]]
    ex = tshark.experts("mras.pcap", "msturn")
    assert not any("not among the relays" in m for msgs in ex.values() for m in msgs)


def test_multiplexed_turn_frame_is_stun_then_msturn_mux(tshark):
    # stun keeps the 0xFF10 frame header; msturn.mux (msturn-mux.c) takes the data after the
    # session id and hands the RTP it carries to rtp
    fields = ["frame.protocols", "stun.channel", "stun.att.ms.turn_session_id", "msturn.mux.session_id",
              "rtp.ssrc"]
    r = tshark.fields(MRAS_CAP, fields[:3], "frame.number==22", plugin=False)
    assert r == [["eth:ethertype:ip:udp:stun:data", "0xff10", "0x0102030405060708"]]
    r = tshark.fields(MRAS_CAP, fields, "frame.number==22")
    assert r == [["eth:ethertype:ip:udp:stun:msturn.mux:rtp", "0xff10", "0x0102030405060708",
                  "0x0102030405060708", "0x55667788"]]


def test_relayed_address_media_decodes_as_rtp(tshark):
    # captures/msturn-relay.pcap: Allocate success with MAPPED-ADDRESS 203.0.113.5:50100,
    # then RTP to and from that address (make_msturn_relay.py)
    cap = "msturn-relay.pcap"
    rows = tshark.fields(cap, ["frame.number", "rtp.setup-method", "rtp.setup-frame", "rtp.ssrc"], "rtp")
    assert rows == [["3", "MS-TURN", "2", "0x0a0b0c0d"], ["4", "MS-TURN", "2", "0x0a0b0c0d"],
                    ["5", "MS-TURN", "2", "0x0a0b0c0d"], ["6", "MS-TURN", "2", "0x01020304"],
                    ["7", "MS-TURN", "2", "0x01020304"]]
    assert tshark.fields(cap, ["frame.number"], "data") == [["9"]]
    # without the plugin the relayed media is undecoded UDP
    assert tshark.fields(cap, ["frame.number"], "rtp", plugin=False) == []
    # the preference turns it off
    assert tshark.fields(cap, ["frame.number"], "rtp", extra=["-o", "msturn.relay_media:FALSE"]) == []
