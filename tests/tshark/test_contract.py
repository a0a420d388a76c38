"""The display-filter contract (DESIGN.md): every field users and scripts type
exists, under its protocol, with the documented type where one is documented."""
import pytest

CONTRACT = {
    "msturn": ["type:FT_UINT16", "method", "class", "length", "cookie", "transaction_id:FT_BYTES",
               "attr:FT_UINT16", "attr.length", "username", "realm", "nonce", "error_code:FT_UINT16",
               "error_reason", "ms_version", "lifetime", "bandwidth", "mapped_address",
               "mapped_address_port", "xor_mapped_address", "xor_mapped_address_port",
               "destination_address", "remote_address", "data:FT_BYTES", "message_integrity",
               "integrity_status", "response_in:FT_FRAMENUM", "response_to:FT_FRAMENUM",
               "time", "mras_frame:FT_FRAMENUM"],
    "mras": ["request_id", "version", "server_version", "to", "from", "reason_phrase",
             "credentials_request_id", "identity", "location", "duration", "username", "password",
             "relay.location", "relay.host", "relay.udp_port", "relay.tcp_port",
             "response_in:FT_FRAMENUM", "response_to:FT_FRAMENUM", "time", "uri"],
    "msdiag": ["code:FT_UINT32", "meaning:FT_STRING", "range:FT_STRING", "reason", "source",
               "component", "public:FT_BOOLEAN", "param", "param.name", "param.value"],
    "ocstriage": ["signature:FT_STRING", "event_id", "hint:FT_STRING", "evidence:FT_FRAMENUM"],
    "sipservice": ["kind:FT_STRING", "response_in:FT_FRAMENUM", "request_in:FT_FRAMENUM",
                   "time:FT_RELATIVE_TIME", "unanswered:FT_BOOLEAN"],
}


@pytest.fixture(scope="module")
def fields(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    rows = [l.split("\t") for l in out.splitlines() if l.startswith("F\t")]
    return {r[2]: r for r in rows}


@pytest.mark.parametrize("proto", sorted(CONTRACT))
def test_contract_fields(fields, proto):
    for entry in CONTRACT[proto]:
        name, _, ftype = entry.partition(":")
        abbrev = "%s.%s" % (proto, name)
        assert abbrev in fields, abbrev + " is not registered"
        assert fields[abbrev][4] == proto, abbrev + " belongs to " + fields[abbrev][4]
        if ftype:
            assert fields[abbrev][3] == ftype, "%s is %s, not %s" % (abbrev, fields[abbrev][3], ftype)


def test_every_field_named_after_its_protocol(fields):
    ours = [r for r in fields.values() if r[4] in CONTRACT]
    assert len(ours) > 100
    for r in ours:
        assert r[2].startswith(r[4] + "."), r[2]
        assert r[3] == "FT_NONE" or r[-1].strip() != "", r[2] + " has no description"


def test_statistics_registered(tshark):
    p = tshark.run(["-z", "help"], check=False)
    out = (p.stdout + p.stderr).split()
    assert "ocstriage,tree" in out and "sipservice,tree" in out


def test_expert_signatures_registered(tshark):
    out = tshark.run(["-G", "fields"]).stdout
    for sig in ["service.no-response", "service.error-response", "service.slow-response",
                "tcp.bare-reset", "tcp.asymmetric-synack", "mras.no-response", "mras.error",
                "mras.forbidden", "conf.adduser-failed", "msturn.unknown-user", "msturn.no-response",
                "msturn.integrity-failed", "sdp.no-relay-candidates", "sdp.private-relay-address",
                "provisioning.no-mras-uri"]:
        assert "\tocstriage.expert.%s\t" % sig in out, sig
