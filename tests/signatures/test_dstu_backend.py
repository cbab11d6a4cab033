"""The DSTU 4145 backend (node subprocess) against jkurwa's published vector: the signature in
``message.p7`` made by the key of ``SELF_SIGNED1.cer`` (tests/signatures/data/jkurwa/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import cms, x509
from cryptography.exceptions import InvalidSignature
from django.core.exceptions import ImproperlyConfigured

from cbi.signatures import dstu_backend, verifiers

DATA = Path(__file__).parent / "data" / "jkurwa"


@pytest.fixture(scope="module")
def backend():
    try:
        return dstu_backend.DstuNodeBackend()
    except ImproperlyConfigured as missing:  # a machine without node or `npm ci` in cbi/signatures/dstu
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def vector():
    signer_info = cms.ContentInfo.load((DATA / "message.p7").read_bytes())["content"]["signer_infos"][0]
    raw = signer_info["signed_attrs"].dump()
    certificate = x509.Certificate.load((DATA / "SELF_SIGNED1.cer").read_bytes())
    return {"public_key_info": certificate["tbs_certificate"]["subject_public_key_info"],
            "signature_algorithm": signer_info["signature_algorithm"], "hash_name": "gost34311",
            "data": b"\x31" + raw[1:], "signature": signer_info["signature"].native}


def test_the_published_signature_verifies(backend, vector):
    assert verifiers.key_algorithm_oid(vector["public_key_info"]) == dstu_backend.OID_DSTU_4145_LE
    backend.verify_signature(**vector)  # raises if not


def test_one_changed_byte_of_the_signed_data_fails(backend, vector):
    data = bytearray(vector["data"])
    data[-1] ^= 1
    with pytest.raises(InvalidSignature):
        backend.verify_signature(**{**vector, "data": bytes(data)})


@pytest.mark.parametrize("signature", [b"", b"\x04\x02\x00\x00", b"\x00" * 66])
def test_a_malformed_signature_fails_without_an_exception_of_another_kind(backend, vector, signature):
    with pytest.raises(InvalidSignature):
        backend.verify_signature(**{**vector, "signature": signature})


def test_an_oversized_input_is_refused_before_node_runs(backend, vector):
    with pytest.raises(InvalidSignature):
        backend.verify_signature(**{**vector, "data": b"\x00" * (dstu_backend.MAX_INPUT_BYTES + 1)})


def test_a_verifier_that_does_not_answer_in_time_fails_closed(backend, vector, settings):
    settings.SIGNATURES_DSTU_TIMEOUT = 0.001
    with pytest.raises(InvalidSignature):
        backend.verify_signature(**vector)


def test_gost_34311_digests_match_the_published_message(backend):
    """jkurwa's published message.p7: its message-digest attribute is GOST 34.311-95 of its content,
    its signing-certificate-v2 hash is GOST 34.311-95 of SELF_SIGNED1.cer."""
    signed_data = cms.ContentInfo.load((DATA / "message.p7").read_bytes())["content"]
    content = signed_data["encap_content_info"]["content"].native
    attributes = {a["type"].native: a["values"][0] for a in signed_data["signer_infos"][0]["signed_attrs"]}
    certificate = (DATA / "SELF_SIGNED1.cer").read_bytes()
    assert backend.digest(dstu_backend.OID_GOST_34311, content) == attributes["message_digest"].native
    assert backend.digest(dstu_backend.OID_GOST_34311, certificate) == attributes["signing_certificate_v2"][
        "certs"][0]["cert_hash"].native
    assert backend.digest(dstu_backend.OID_GOST_34311, content + b"x") != attributes["message_digest"].native


def test_no_digest_for_another_hash_or_an_oversized_input(backend):
    with pytest.raises(ValueError):
        backend.digest("2.16.840.1.101.3.4.2.1", b"abc")
    with pytest.raises(ValueError):
        backend.digest(dstu_backend.OID_GOST_34311, b"\x00" * (dstu_backend.MAX_INPUT_BYTES + 1))
