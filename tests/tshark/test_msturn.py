"""tshark-level tests of the msturn dissector on captures/msturn.pcap
(synthetic, make_msturn.py) and captures/msturn-libnice.pcap (libnice OC2007
client against the test Edge, make_msturn_libnice.py)."""
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
    without = by_frame(tshark.fields(CAP, ["frame.number", "frame.protocols"], "frame.number<=4", plugin=False))
    with_ = by_frame(tshark.fields(CAP, ["frame.number", "frame.protocols"], "frame.number<=4"))
    for n in range(1, 5):
        assert without[n][0].endswith(":classicstun"), without[n]
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


def test_integrity(tshark):
    fields = ["frame.number", "msturn.integrity_status"]
    with_creds = by_frame(tshark.fields(CAP, fields, "msturn.message_integrity && udp", extra=CREDS))
    assert with_creds == {3: ["verified"], 4: ["verified"], 5: ["verified"], 7: ["verified"],
                          8: ["verified"], 9: ["unknown"], 11: ["failed"]}
    without = by_frame(tshark.fields(CAP, fields, "msturn.message_integrity"))
    assert set(v[0] for v in without.values()) == {"unknown"}
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
